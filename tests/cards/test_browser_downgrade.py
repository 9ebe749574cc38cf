"""Browser: a 格下げ at a renewal (規程第16条第5項ただし書) at the 明石 試験場 — a holder of 大型 and 普自二 fails the
大型 standard (深視力) at the 適性検査; the renewal page offers the 格下げ with each kind judged, the clerk takes the
request keeping 普自二, records the lecture and the fees, and the licence is renewed with 普自二 only — on the
server ``make run`` starts."""


import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell
from tests.photos import upload_photo

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry.models import Licence
from menkyo.registry.services import register_holder
from menkyo.rules.dates import birthday_in, one_month_after
centre = Affiliation.objects.get(code="28-002")
for username, name, role in (("browser_downgrade_clerk", "明石 格下げ窓口", "counter"),
                             ("browser_downgrade_examiner", "明石 格下げ検査", "examiner")):
    operator = Operator(username=username, display_name=name, roles=[role], affiliation=centre)
    operator.set_password("{BROWSER_PASSWORD}"); operator.save()
today = timezone.localdate()
birth = birthday_in(today.year - 45, date(2000, today.month, min(today.day, 28) if today.month == 2 else today.day))
licence = register_holder(SystemActor("browser-test"), dict(
    name="格下 大介", name_kana="カクシタ ダイスケ", birth_date=birth, sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"大型": date(birth.year + 25, 8, 1), "普自二": date(birth.year + 18, 8, 1)}},
    issue_date=date(birth.year + 25, 8, 1)))
Licence.objects.filter(pk=licence.pk).update(issue_date=birthday_in(today.year - 5, birth),
                                             expiry_date=one_month_after(birthday_in(today.year, birth)), colour="gold")
print(licence.number)
"""
QUESTIONNAIRE = ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice")


@pytest.fixture(scope="module")
def holder(menkyo_server):
    lines = server_shell(menkyo_server, SETUP)
    return lines[-1]


def pay(page, code, slip):
    page.select_option("select[name=procedure_code]", code)
    page.select_option("select[name=method]", "cash")
    page.fill("input[name=slip_number]", slip)
    page.click("form[action$='/payments/'] button[type=submit]")
    page.wait_for_selector("ul.messages")


def test_a_failed_large_vehicle_standard_is_downgraded_on_request_and_the_motorcycle_renewed(
        menkyo_server, holder, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_downgrade_clerk")
    clerk.goto(url + "/counter/renewals/new/")
    clerk.fill("[name=licence_number]", holder)
    for item in QUESTIONNAIRE:
        clerk.check(f"input[name=q_{item}][value=no]")
    clerk.click("#renewal-submit")
    clerk.wait_for_selector("#application-number")
    application = int(clerk.inner_text("#application-number"))
    upload_photo(clerk, url, application)

    examiner = logged_in_page("browser_downgrade_examiner")
    examiner.goto(url + "/exams/register/")
    examiner.fill("input[name=application_id]", str(application))
    examiner.click("#register")
    examiner.wait_for_selector("#examinee-detail")
    for name, value in (("acuity_both", "1.0"), ("acuity_left", "0.8"), ("acuity_right", "0.8"),
                        ("depth_error_cm", "3.5")):
        examiner.fill(f"input[name={name}]", value)
    for name in ("colour_ok", "hearing_ok", "motor_ok"):
        examiner.select_option(f"select[name={name}]", "1")
    examiner.click("#record-aptitude")
    examiner.wait_for_selector("#register-result")
    examiner.click("#register-result")
    examiner.wait_for_selector("ul.messages")
    assert examiner.inner_text("#examinee-state") == "不合格"

    clerk.goto(f"{url}/cards/applications/{application}/renew/")
    assert "深視力" in clerk.inner_text("#aptitude-failed")
    rows = clerk.locator("#downgrade-kinds tbody tr").all_inner_texts()
    assert "不適合" in rows[0] and "適合" in rows[1], rows
    screenshot(clerk, "downgrade-0-offered.png")
    clerk.click("#downgrade-submit")
    clerk.wait_for_selector("#downgrade-requested")
    assert "大型を除き、普自二を更新します" in clerk.inner_text("#downgrade-requested")

    clerk.goto(f"{url}/counter/applications/{application}/")
    clerk.select_option("select[name=mode]", "in_person")
    clerk.click("#lecture-submit")
    clerk.wait_for_selector("ul.messages")
    pay(clerk, "renewal", f"DG-{application}-1")
    pay(clerk, "renewal_lecture_excellent", f"DG-{application}-2")
    clerk.goto(f"{url}/cards/applications/{application}/renew/")
    clerk.click("#renew-submit")
    clerk.wait_for_selector("#job-detail")
    assert "免許を更新し" in clerk.inner_text("ul.messages")
    screenshot(clerk, "downgrade-1-renewed.png")
