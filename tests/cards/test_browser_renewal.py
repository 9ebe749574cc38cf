"""Browser: a 76-year-old's renewal at the 明石 試験場 (規程第16条; 第17条の3・第17条の4) — the counter receives it
with the signal violation the inquiry showed (so the law engine asks for the 高齢者講習, the 認知機能検査 and the
運転技能検査), takes the photo and the fee, the examiner records the 適性検査; the renewal is blocked naming the
three missing results until they are registered (one 運転技能検査 failed, then passed), then the licence is
renewed, the card made through the API and handed over — on the server ``make run`` starts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from tests.conftest import BROWSER_PASSWORD, device_api, server_shell
from tests.photos import upload_photo

from menkyo.core.wareki import wareki

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
centre = Affiliation.objects.get(code="28-002")
for username, name, role in (("browser_renewal_clerk", "明石 更新窓口", "counter"),
                             ("browser_renewal_examiner", "明石 適性検査", "examiner")):
    operator = Operator(username=username, display_name=name, roles=[role], affiliation=centre)
    operator.set_password("{BROWSER_PASSWORD}"); operator.save()
today = timezone.localdate()
birth = birthday_in(today.year - 76, date(2000, today.month, min(today.day, 28) if today.month == 2 else today.day))
licence = register_holder(SystemActor("browser-test"), dict(
    name="更新 高子", name_kana="コウシン タカコ", birth_date=birth, sex="2", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(birth.year + 20, 8, 1)}}, issue_date=date(birth.year + 20, 8, 1)))
Licence.objects.filter(pk=licence.pk).update(issue_date=birthday_in(today.year - 3, birth),
                                             expiry_date=one_month_after(birthday_in(today.year, birth)), colour="gold")
printer = register_device(SystemActor("browser-test"), name="browser-renewal-printer", kind="card_printer",
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



def register_result(page, kind, result, number=""):
    page.select_option("select[name=kind]", kind)
    page.select_option("select[name=result]", result)
    page.fill("input[name=taken_on]", wareki(timezone.localdate()))
    page.fill("input[name=certificate_number]", number)
    page.click("#elderly-check-submit")
    page.wait_for_selector("ul.messages")


def test_a_76_year_olds_renewal_is_blocked_until_the_three_results_are_registered_then_completed(
        menkyo_server, holder, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_renewal_clerk")
    clerk.goto(url + "/counter/renewals/new/")
    clerk.fill("[name=licence_number]", holder["number"])
    clerk.check("input[name=documents][value=licence]")
    for item in QUESTIONNAIRE:
        clerk.check(f"input[name=q_{item}][value=no]")
    clerk.fill("input[name=violation_1_date]", wareki(timezone.localdate() - timedelta(days=400)))
    clerk.select_option("select[name=violation_1_code]", "signal_red")
    clerk.click("#renewal-submit")
    clerk.wait_for_selector("#application-number")
    application = int(clerk.inner_text("#application-number"))
    assert "一般運転者（ブルー）" in clerk.inner_text("#driver-class")
    required = clerk.inner_text("#elderly-requirements")
    assert all(f"{name}：未" in required for name in ("高齢者講習", "認知機能検査", "運転技能検査")), required
    assert "なし（高齢者講習を受講）" in clerk.inner_text("#lecture")
    screenshot(clerk, "renewal-0-received.png")
    fees = clerk.locator("#fees-due tbody tr").all_inner_texts()
    assert len(fees) == 1 and "更新手数料" in fees[0], fees
    clerk.select_option("select[name=procedure_code]", "renewal")
    clerk.select_option("select[name=method]", "cash")
    clerk.fill("input[name=slip_number]", f"RN-{application}")
    clerk.click("form[action$='/payments/'] button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    upload_photo(clerk, url, application)

    examiner = logged_in_page("browser_renewal_examiner")
    examiner.goto(url + "/exams/register/")
    examiner.fill("input[name=application_id]", str(application))
    examiner.click("#register")
    examiner.wait_for_selector("#examinee-detail")
    assert examiner.inner_text("#required-tests") == "適性試験"
    examiner.fill("input[name=acuity_both]", "0.9")
    examiner.fill("input[name=acuity_left]", "0.7")
    examiner.fill("input[name=acuity_right]", "0.7")
    examiner.select_option("select[name=colour_ok]", "1")
    examiner.select_option("select[name=hearing_ok]", "1")
    examiner.select_option("select[name=motor_ok]", "1")
    examiner.click("#record-aptitude")
    examiner.wait_for_selector("#register-result")
    examiner.click("#register-result")
    examiner.wait_for_selector("ul.messages")
    assert examiner.inner_text("#examinee-state") == "合格"

    clerk.goto(f"{url}/cards/applications/{application}/renew/")
    blockers = clerk.inner_text("#renewal-blockers")
    assert all(name in blockers for name in ("高齢者講習", "認知機能検査", "運転技能検査")), blockers
    assert clerk.locator("#renew-submit").count() == 0
    screenshot(clerk, "renewal-1-blocked.png")

    clerk.goto(f"{url}/counter/applications/{application}/")
    clerk.click("#elderly-checks-link")
    register_result(clerk, "elderly_course", "completed", "KK-0001")
    register_result(clerk, "cognitive_test", "no_concern")
    register_result(clerk, "driving_skill_test", "failed")
    clerk.goto(f"{url}/cards/applications/{application}/renew/")
    assert "運転技能検査に合格していません（1回受検" in clerk.inner_text("#renewal-blockers")
    clerk.goto(f"{url}/counter/elderly-checks/?licence={holder['number']}&application={application}")
    register_result(clerk, "driving_skill_test", "passed")
    assert len(clerk.locator("#elderly-checks tbody tr").all()) == 4
    screenshot(clerk, "renewal-2-results.png")

    clerk.goto(f"{url}/cards/applications/{application}/renew/")
    clerk.click("#renew-submit")
    clerk.wait_for_selector("#job-detail")
    assert clerk.inner_text("#job-state") == "作成待ち" and "免許を更新し" in clerk.inner_text("ul.messages")
    job = int(re.search(r"/cards/jobs/(\d+)/", clerk.url)[1])
    card = next(c for c in device_api(f"{url}/api/v1/card-jobs/pending?limit=50", holder["token"]) if c["job_id"] == job)
    assert card["number"] == holder["number"]
    device_api(f"{url}/api/v1/card-jobs/{job}/produced", holder["token"], "POST", {"card_serial": f"RN-{job:06d}"})
    clerk.reload()
    clerk.click("#receive")
    clerk.wait_for_selector("#hand-over")
    clerk.check("input[name=signature_confirmed]")
    clerk.click("#hand-over")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#job-state") == "交付済"
    screenshot(clerk, "renewal-3-handed-over.png")
    clerk.goto(f"{url}/counter/applications/{application}/")
    assert clerk.inner_text("#application-state") == "交付済"
