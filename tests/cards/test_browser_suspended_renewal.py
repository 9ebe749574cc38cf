"""Browser: a holder under a 60-day 停止 renews at the 明石 試験場 (規程第16条; ``cards.suspended_renewal``) — the
intake and the renewal page say the licence is suspended and what will happen; after the 適性検査, the lecture
and the fees the licence is renewed and stays 停止中; the card made through the API cannot be handed over but is
kept 「停止期間中のため保管」 (a refusal first, then the signature and the held old card invalidated), with the
免許証保管証 PDF; at the 停止's end (the daily job, then the return on the execution page) the renewed card comes
back — on the server ``make run`` starts."""

import re

import pytest
from django.utils import timezone
from tests.cards.test_browser_via import pay
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
from menkyo.dispositions import execution
from menkyo.dispositions.models import Case, CaseState
from menkyo.registry.models import Licence
from menkyo.registry.services import register_holder
from menkyo.rules.dates import birthday_in, one_month_after
from menkyo.violations import services as violations
centre = Affiliation.objects.get(code="28-002")
for username, name, role in (("browser_susp_clerk", "明石 停止更新窓口", "counter"),
                             ("browser_susp_examiner", "明石 停止更新適性", "examiner")):
    operator = Operator(username=username, display_name=name, roles=[role], affiliation=centre)
    operator.set_password("{BROWSER_PASSWORD}"); operator.save()
system = SystemActor("browser-test")
today = timezone.localdate()
birth = birthday_in(today.year - 45, date(2000, today.month, min(today.day, 28) if today.month == 2 else today.day))
licence = register_holder(system, dict(
    name="停止 更一", name_kana="テイシ コウイチ", birth_date=birth, sex="1", postal_code="6500001",
    address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県", commission="63",
    kinds={{"普通": date(birth.year + 20, 8, 1)}}, issue_date=date(birth.year + 20, 8, 1)))
Licence.objects.filter(pk=licence.pk).update(issue_date=birthday_in(today.year - 3, birth),
                                             expiry_date=one_month_after(birthday_in(today.year, birth)), colour="gold")
for code, day in (("drink_driving_lt025", date(2026, 3, 1)), ("signal_red", date(2026, 4, 1))):
    violations.register_violation(system, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
case = licence.person.disposition_cases.get()
Case.objects.filter(pk=case.pk).update(state=CaseState.DECIDED, kind="suspension", days=60, decided_kind="suspension",
                                       decided_days=60, decided_on=today, decided_level="commission",
                                       decided_by="browser-test")
case.refresh_from_db()
execution.execute_disposition(Operator.objects.get(username="browser_susp_clerk"), case)
printer = register_device(system, name="browser-susp-printer", kind="card_printer", affiliation="28-002", roles=[])
print(printer.token)
print(case.pk)
print(licence.number)
"""
QUESTIONNAIRE = ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol", "doctor_advice")


@pytest.fixture(scope="module")
def holder(menkyo_server):
    token, case, number = server_shell(menkyo_server, SETUP)[-3:]
    return {"token": token, "case": int(case), "number": number}


def aptitude(page, url, application):
    page.goto(url + "/exams/register/")
    page.fill("input[name=application_id]", str(application))
    page.click("#register")
    page.wait_for_selector("#examinee-detail")
    for name, value in (("acuity_both", "1.0"), ("acuity_left", "0.8"), ("acuity_right", "0.8")):
        page.fill(f"input[name={name}]", value)
    for name in ("colour_ok", "hearing_ok", "motor_ok"):
        page.select_option(f"select[name={name}]", "1")
    page.click("#record-aptitude")
    page.wait_for_selector("#register-result")
    page.click("#register-result")
    page.wait_for_selector("ul.messages")


def test_a_suspended_holder_renews_the_card_is_kept_and_comes_back_at_the_end_of_the_suspension(
        menkyo_server, holder, logged_in_page, screenshot):
    url = menkyo_server["url"]
    clerk = logged_in_page("browser_susp_clerk")
    clerk.goto(url + "/counter/renewals/new/")
    clerk.fill("[name=licence_number]", holder["number"])
    clerk.check("input[name=documents][value=licence]")
    for item in QUESTIONNAIRE:
        clerk.check(f"input[name=q_{item}][value=no]")
    clerk.click("#renewal-submit")
    clerk.wait_for_selector("#application-number")
    application = int(clerk.inner_text("#application-number"))
    assert "効力の停止中です" in clerk.inner_text("ul.messages")
    assert "停止の終期に返還" in clerk.inner_text("#renewal-suspended")
    # the class is judged on the register's record: the two violations behind the 停止 make a 違反運転者
    assert clerk.inner_text("#driver-class").startswith("違反運転者")
    screenshot(clerk, "suspended-renewal-0-received.png")
    pay(clerk, "renewal", f"SR-{application}-1")
    pay(clerk, "renewal_lecture_violator", f"SR-{application}-2")
    clerk.select_option("select[name=mode]", "in_person")
    clerk.click("#lecture-submit")
    clerk.wait_for_selector("#lecture-recorded")
    upload_photo(clerk, url, application)
    aptitude(logged_in_page("browser_susp_examiner"), url, application)

    clerk.goto(f"{url}/cards/applications/{application}/renew/")
    assert "効力の停止中" in clerk.inner_text("#renewal-suspended")
    clerk.click("#renew-submit")
    clerk.wait_for_selector("#job-detail")
    job = int(re.search(r"/cards/jobs/(\d+)/", clerk.url)[1])
    device_api(f"{url}/api/v1/card-jobs/pending?limit=50", holder["token"])
    device_api(f"{url}/api/v1/card-jobs/{job}/produced", holder["token"], "POST", {"card_serial": f"SR-{job:06d}"})
    clerk.reload()
    clerk.click("#receive")
    clerk.wait_for_selector("#keep-form")
    assert clerk.locator("#hand-over").count() == 0 and "停止期間中のため保管" in clerk.inner_text("#keep-notice")
    clerk.check("#keep-form input[name=signature_confirmed]")
    clerk.click("#keep")  # the held old card not yet invalidated: refused, nothing changed
    clerk.wait_for_selector("#keep-form .error")
    assert "無効" in clerk.inner_text("#keep-form .error") and clerk.inner_text("#job-state") == "交付待ち"
    clerk.check("#keep-form input[name=signature_confirmed]")
    clerk.check("#keep-form input[name=old_card_invalidated]")
    clerk.click("#keep")
    clerk.wait_for_selector("#job-keeping")
    assert clerk.inner_text("#job-state") == "交付済（停止期間中のため保管）"
    receipt = clerk.request.get(f"{url}/cards/jobs/{job}/keeping-receipt.pdf")
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    screenshot(clerk, "suspended-renewal-1-kept.png")

    clerk.goto(f"{url}/dispositions/executions/{holder['case']}/")
    assert "停止中" in clerk.inner_text("#licence-status") and "保管中" in clerk.inner_text("#kept-card")
    # The 停止's last day comes (the test moves it to today); the daily job ends the register's 停止中 and the
    # clerk gives the card back on the execution page: the renewed one.
    today = timezone.localdate().isoformat()
    server_shell(menkyo_server, "from datetime import date, timedelta\n"
                                "from menkyo.dispositions.models import Execution\n"
                                f"Execution.objects.filter(case_id={holder['case']}).update("
                                f"ends_on=date.fromisoformat('{today}') - timedelta(days=1))")
    out = server_shell(menkyo_server, "from django.core.management import call_command\n"
                                      f"call_command('dispositions', 'search-expired', '--date', '{today}')")
    assert "'suspensions_ended': 1" in out[-1]
    clerk.reload()
    assert "有効" in clerk.inner_text("#licence-status")
    clerk.click("#release-form button[type=submit]")
    clerk.wait_for_selector("#released")
    screenshot(clerk, "suspended-renewal-2-returned.png")
    clerk.goto(f"{url}/cards/jobs/{job}/")
    assert clerk.inner_text("#job-state") == "交付済" and "返還済" in clerk.inner_text("#job-keeping")
    screenshot(clerk, "suspended-renewal-3-job-returned.png")
