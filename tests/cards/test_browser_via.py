"""Browser: a 経由申請 accepted in one prefecture and produced in the other (規程第17条の2) — a 兵庫 holder renews at
the 大阪 門真 試験場: the 大阪 clerk receives it, takes the photo, the lecture and the three fees (the 住所地's
更新手数料, the 講習手数料, the 経由手数料), the 大阪 examiner records the 適性検査, the clerk sends it; the 兵庫 clerk
at 明石 finds it in the list of what was sent to 兵庫, accepts it, renews the licence, and the card is made
through the API and handed over at 明石 — two prefectures' operators on the server ``make run`` starts."""

import re

import pytest
from tests.conftest import BROWSER_PASSWORD, device_api, server_shell
from tests.photos import upload_photo

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.models import Licence
from menkyo.registry.services import register_holder
from menkyo.rules.dates import birthday_in, one_month_after
for username, name, role, office in (("browser_via_osaka", "門真 経由窓口", "counter", "27-002"),
                                     ("browser_via_osaka_examiner", "門真 適性検査", "examiner", "27-002"),
                                     ("browser_via_hyogo", "明石 経由受理", "counter", "28-002")):
    operator = Operator(username=username, display_name=name, roles=[role],
                        affiliation=Affiliation.objects.get(code=office))
    operator.set_password("{BROWSER_PASSWORD}"); operator.save()
today = timezone.localdate()
birth = birthday_in(today.year - 45, date(2000, today.month, min(today.day, 28) if today.month == 2 else today.day))
licence = register_holder(SystemActor("browser-test"), dict(
    name="経由 次郎", name_kana="ケイユ ジロウ", birth_date=birth, sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(birth.year + 20, 8, 1)}}, issue_date=date(birth.year + 20, 8, 1)))
# 2枚持ち: the 経由 period runs to the expiry, so today is inside it whatever the weekday.
Licence.objects.filter(pk=licence.pk).update(issue_date=birthday_in(today.year - 5, birth), holding_form="both",
                                             expiry_date=one_month_after(birthday_in(today.year, birth)), colour="gold")
printer = register_device(SystemActor("browser-test"), name="browser-via-printer", kind="card_printer",
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


def test_a_via_renewal_accepted_in_one_prefecture_and_produced_in_the_other(menkyo_server, holder, logged_in_page,
                                                                             screenshot):
    url = menkyo_server["url"]
    osaka = logged_in_page("browser_via_osaka")
    osaka.goto(url + "/counter/via-renewals/new/")
    osaka.fill("[name=licence_number]", holder["number"])
    osaka.check("input[name=documents][value=licence]")
    for item in QUESTIONNAIRE:
        osaka.check(f"input[name=q_{item}][value=no]")
    osaka.click("#via-submit")
    osaka.wait_for_selector("#via-state")
    assert osaka.inner_text("#via-state") == "経由地で受理"
    assert "経由手数料" in osaka.inner_text("#via-blockers")
    via_number = osaka.inner_text("#via-number")
    screenshot(osaka, "via-0-received-osaka.png")
    osaka.click("#via-application-link")
    osaka.wait_for_selector("#application-state")
    application = int(re.search(r"/counter/applications/(\d+)/", osaka.url)[1])
    osaka.select_option("select[name=mode]", "in_person")
    osaka.click("#lecture-submit")
    osaka.wait_for_selector("#lecture-recorded")
    fees = osaka.locator("#fees-due tbody tr").all_inner_texts()
    assert len(fees) == 3 and any("経由手数料" in row for row in fees), fees
    for number, code in enumerate(("renewal", "renewal_lecture_excellent", "via_renewal"), start=1):
        pay(osaka, code, f"KY-{application}-{number}")
    upload_photo(osaka, url, application)

    examiner = logged_in_page("browser_via_osaka_examiner")
    examiner.goto(url + "/exams/register/")
    examiner.fill("input[name=application_id]", str(application))
    examiner.click("#register")
    examiner.wait_for_selector("#examinee-detail")
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

    osaka.goto(f"{url}/counter/applications/{application}/")
    osaka.click("#via-link")
    osaka.wait_for_selector("#via-send")
    assert osaka.locator("#via-blockers").count() == 0
    osaka.click("#via-send")
    osaka.wait_for_selector("ul.messages")
    assert osaka.inner_text("#via-state") == "住所地へ送付済"
    osaka.goto(url + "/counter/via-renewals/")
    assert via_number in osaka.inner_text("#via-rows")
    screenshot(osaka, "via-1-sent-osaka.png")

    hyogo = logged_in_page("browser_via_hyogo")
    hyogo.goto(url + "/counter/via-renewals/?side=received")
    rows = hyogo.inner_text("#via-rows")
    assert "経由 次郎" in rows and "大阪府" in rows, rows
    screenshot(hyogo, "via-2-received-list-hyogo.png")
    hyogo.click("#via-rows a")
    hyogo.wait_for_selector("#via-accept")
    assert hyogo.locator("#via-send").count() == 0
    hyogo.click("#via-accept")
    hyogo.wait_for_selector("#via-renew")
    assert hyogo.inner_text("#via-state") == "住所地で受理"
    assert hyogo.inner_text("#home-number").startswith("28-")
    screenshot(hyogo, "via-3-accepted-hyogo.png")
    hyogo.click("#via-renew")
    hyogo.wait_for_selector("#job-detail")
    assert "経由申請により免許を更新し" in hyogo.inner_text("ul.messages")
    job = int(re.search(r"/cards/jobs/(\d+)/", hyogo.url)[1])
    card = next(c for c in device_api(f"{url}/api/v1/card-jobs/pending?limit=50", holder["token"]) if c["job_id"] == job)
    assert card["number"] == holder["number"]
    device_api(f"{url}/api/v1/card-jobs/{job}/produced", holder["token"], "POST", {"card_serial": f"KY-{job:06d}"})
    hyogo.reload()
    hyogo.click("#receive")
    hyogo.wait_for_selector("#hand-over")
    hyogo.check("input[name=signature_confirmed]")
    hyogo.click("#hand-over")
    hyogo.wait_for_selector("ul.messages")
    assert hyogo.inner_text("#job-state") == "交付済"
    screenshot(hyogo, "via-4-handed-over-hyogo.png")

    osaka.goto(url + "/counter/via-renewals/")
    assert "更新済" in osaka.inner_text("#via-rows")
