"""Browser: an うっかり失効 within 6 months at the 明石 試験場 (law-rules §5.6) — the counter receives the application
for the lapsed licence (the law engine: 適性試験のみ), takes the 失効者等 test fee and the 交付手数料 and the photo, the
examiner records the 適性試験, then the licence comes back as a first issue with a new number, the card made
through the API and handed over — on the server ``make run`` starts."""

import re

import pytest
from tests.conftest import BROWSER_PASSWORD, device_api, server_shell
from tests.photos import upload_photo

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date, timedelta
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.models import Licence
from menkyo.registry.services import register_holder
centre = Affiliation.objects.get(code="28-002")
for username, name, role in (("browser_lapse_clerk", "明石 失効窓口", "counter"),
                             ("browser_lapse_examiner", "明石 適性試験", "examiner")):
    operator = Operator(username=username, display_name=name, roles=[role], affiliation=centre)
    operator.set_password("{BROWSER_PASSWORD}"); operator.save()
today = timezone.localdate()
licence = register_holder(SystemActor("browser-test"), dict(
    name="失効 太郎", name_kana="シッコウ タロウ", birth_date=date(1980, 5, 17), sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(2000, 8, 1)}}, issue_date=date(2000, 8, 1)))
Licence.objects.filter(pk=licence.pk).update(issue_date=today - timedelta(days=1200),
                                             expiry_date=today - timedelta(days=60), colour="blue")
printer = register_device(SystemActor("browser-test"), name="browser-lapse-printer", kind="card_printer",
                          affiliation="28-002", roles=[])
print(printer.token)
print(licence.number)
"""
QUESTIONNAIRE = ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice")


@pytest.fixture(scope="module")
def holder(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    token, number = lines[-2:]
    return {"token": token, "number": number}



def pay(page, code, slip):
    page.select_option("select[name=procedure_code]", code)
    page.select_option("select[name=method]", "cash")
    page.fill("input[name=slip_number]", slip)
    page.click("form[action$='/payments/'] button[type=submit]")
    page.wait_for_selector("ul.messages")


def test_a_licence_lapsed_two_months_ago_comes_back_after_the_aptitude_test_with_a_new_number(
        menkyo_server, holder, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_lapse_clerk")
    clerk.goto(url + "/counter/")
    clerk.click("#lapsed-new-link")
    clerk.fill("[name=licence_number]", holder["number"])
    clerk.check("input[name=documents][value=licence]")
    for item in QUESTIONNAIRE:
        clerk.check(f"input[name=q_{item}][value=no]")
    screenshot(clerk, "lapse-0-form.png")
    clerk.click("#lapsed-submit")
    clerk.wait_for_selector("#application-number")
    application = int(clerk.inner_text("#application-number"))
    assert "適性試験のみ" in clerk.inner_text("#lapse-route")
    assert holder["number"] in clerk.inner_text("#lapsed-licence")
    fees = clerk.locator("#fees-due tbody tr").all_inner_texts()
    assert len(fees) == 2 and "失効者等" in fees[0], fees
    screenshot(clerk, "lapse-1-received.png")
    pay(clerk, "exam_class1_ordinary_lapsed", f"LP-{application}-1")
    pay(clerk, "issue", f"LP-{application}-2")
    upload_photo(clerk, url, application)

    examiner = logged_in_page("browser_lapse_examiner")
    examiner.goto(url + "/exams/register/")
    examiner.fill("input[name=application_id]", str(application))
    examiner.click("#register")
    examiner.wait_for_selector("#examinee-detail")
    assert examiner.inner_text("#required-tests") == "適性試験"
    examiner.fill("input[name=acuity_both]", "1.0")
    examiner.fill("input[name=acuity_left]", "0.8")
    examiner.fill("input[name=acuity_right]", "0.8")
    examiner.select_option("select[name=colour_ok]", "1")
    examiner.select_option("select[name=hearing_ok]", "1")
    examiner.select_option("select[name=motor_ok]", "1")
    examiner.click("#record-aptitude")
    examiner.wait_for_selector("#register-result")
    examiner.click("#register-result")
    examiner.wait_for_selector("ul.messages")
    assert examiner.inner_text("#examinee-state") == "合格"

    clerk.goto(f"{url}/counter/applications/{application}/")
    clerk.click("#issue-licence")
    clerk.wait_for_selector("#issue-form")
    assert clerk.locator("#no-course").count() == 1
    clerk.click("#issue")
    clerk.wait_for_selector("#job-detail")
    job = int(re.search(r"/cards/jobs/(\d+)/", clerk.url)[1])
    card = next(c for c in device_api(f"{url}/api/v1/card-jobs/pending?limit=50", holder["token"]) if c["job_id"] == job)
    assert card["number"] != holder["number"]
    device_api(f"{url}/api/v1/card-jobs/{job}/produced", holder["token"], "POST", {"card_serial": f"LP-{job:06d}"})
    clerk.reload()
    clerk.click("#receive")
    clerk.wait_for_selector("#hand-over")
    clerk.check("input[name=signature_confirmed]")
    clerk.click("#hand-over")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#job-state") == "交付済"
    clerk.goto(f"{url}/counter/applications/{application}/")
    assert clerk.inner_text("#application-state") == "交付済"
    assert card["number"] in clerk.inner_text("#licence-number")
    screenshot(clerk, "lapse-2-issued.png")
