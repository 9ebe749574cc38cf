"""Browser: the execution of decided dispositions (規程第34条–第37条, 第43条, 第46条第1項) on the server
``make run`` starts; screenshots in test-results/.

(a) A 取消 decided by the commission: the 審査 officer summons the driver, who does not appear; the daily
job (``menkyo dispositions search-expired``, run for the day the 20 days have passed) marks the case
執行不能 and raises a 処分手配; an inquiry hits it and the office's inbox shows the notification; the
driver is found and the counter clerk executes at the counter — the 処分書 PDF, the card taken (返納),
the licence 取消 and the 処分手配 released (the next inquiry has no hit).
(b) A 60-day 停止 executed at the counter and the card held; the 停止処分者講習 graded 優 is entered and
the new last day (30 days earlier, by the law engine's table) is shown."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.alerts.test_browser import inquire
from tests.conftest import server_shell

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser

# A holder with 15 points (a 取消 case), decided through the services (part 2's own browser test walks
# the hearing and decision pages): ``kind`` revocation → heard and decided by the commission level;
# suspension → 停止60日 proposed and decided by the 免許課長 level.
SETUP = """
from datetime import date, timedelta
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.dispositions import services as cases
from menkyo.registry import services
from menkyo.violations import services as violations

def operator(username, roles, level=""):
    found = Operator.objects.filter(username=username).first()
    if found is None:
        found = Operator(username=username, display_name=username, roles=roles, decision_level=level,
                         affiliation=Affiliation.objects.get(code="28-001"))
        found.set_password("x-unused-password-1"); found.save()
    return found

system = SystemActor("browser-setup")
officer, preparer = Operator.objects.get(username="browser_officer"), operator("exec_preparer", ["case_officer"])
licence = services.register_holder(system, {
    "name": NAME, "name_kana": KANA, "birth_date": date(1980, 5, 6), "sex": "1", "postal_code": "6500011",
    "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63", "kinds": {"普通": date(2000, 8, 1)},
    "issue_date": date(2024, 8, 1)})
for code, day in (("drink_driving_lt025", date(2026, 3, 1)), ("signal_red", date(2026, 4, 1))):
    violations.register_violation(system, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
case = licence.person.disposition_cases.get()
today = timezone.localdate()
if KIND == "revocation":
    cases.propose_disposition(preparer, case, kind="revocation", years=1)
    hearing = cases.schedule_hearing(preparer, case, hearing_date=today, place="試験場", notice_served=today - timedelta(days=7))
    cases.record_hearing(preparer, hearing, attendance="attended", statement="反省している")
    cases.submit_case(preparer, case, reason="取消相当")
    cases.decide_case(operator("exec_commission", ["decision"], "commission"), case, reason="取消とする")
else:
    cases.propose_disposition(preparer, case, kind="suspension", days=60)
    cases.decide_case(operator("exec_section", ["decision"], "section_head"), case, reason="停止60日とする")
print(case.pk)
print(licence.number)
"""


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def decided_case(server, kind, name, kana):
    script = f"NAME, KANA, KIND = {name!r}, {kana!r}, {kind!r}\n" + SETUP
    case, number = server_shell(server, script)[-2:]
    return case, number


def test_a_no_show_becomes_unexecutable_an_inquiry_hits_the_alert_and_the_counter_executes_the_revocation(
        menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    case, number = decided_case(menkyo_server, "revocation", "執行 九郎", "シッコウ クロウ")
    officer = logged_in_page("browser_officer")
    officer.click("nav.mainnav a[href='/dispositions/']")
    officer.click("nav.subnav a[href='/dispositions/executions/']")
    row = officer.locator("#pending-list .execution-row", has_text=f"第{case}号")
    assert "取消（欠格期間1年）" in row.inner_text() and "未通知" in row.inner_text()
    row.locator("a").click()
    officer.fill("#summon-form input[name=appear_on]", "2000-01-01")  # before the notice: refused
    officer.fill("#summon-form input[name=place]", "兵庫県警察本部運転免許課")
    officer.click("#summon-form button[type=submit]")
    assert "出頭日は出頭通知の日" in officer.inner_text("#summon-form")
    officer.fill("#summon-form input[name=appear_on]", today().isoformat())
    officer.click("#summon-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#case-state") == "執行待ち"
    assert wareki(today() + timedelta(days=19)) in officer.inner_text("#appearance")
    summons = officer.request.get(url + f"/dispositions/executions/{case}/summons.pdf")
    assert summons.ok and summons.body().startswith(b"%PDF")
    screenshot(officer, "execution-a0-summoned.png")

    # Nobody appears: the daily job for the day after the 20 days marks it 執行不能 and raises the 処分手配.
    day = (today() + timedelta(days=20)).isoformat()
    out = server_shell(menkyo_server, "from django.core.management import call_command\n"
                                      f"call_command('dispositions', 'search-expired', '--date', '{day}')")
    assert "{'unexecutable': 1, 'suspensions_ended': 0}" in out[-1]
    officer.reload()
    assert officer.inner_text("#case-state") == "執行不能" and "登録済" in officer.inner_text("#unexecutable")
    screenshot(officer, "execution-a1-unexecutable.png")

    inquirer = logged_in_page("browser_inquiry")
    inquire(inquirer, url, number)
    hit = inquirer.locator(".alert-hits")
    assert hit.count() == 1 and "処分手配" in hit.inner_text() and "出頭命令" in hit.inner_text()
    screenshot(inquirer, "execution-a2-inquiry-hit.png")
    officer.goto(url + "/alerts/inbox/")
    notice = officer.locator("#inbox tr.notification.unread", has_text="処分手配")
    assert notice.count() == 1
    notice.locator("button").click()
    officer.wait_for_selector("ul.messages")

    clerk = logged_in_page("browser_counter")
    clerk.click("nav.mainnav a[href='/dispositions/executions/']")
    clerk.locator("#unexecutable-list .execution-row", has_text=f"第{case}号").locator("a").click()
    assert "処分手配は執行と同時に解除されます" in clerk.inner_text("main")
    clerk.click("#execute-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#case-state") == "執行済"
    assert "免許証の返納（取消）" in clerk.inner_text("#executed") and "取消" in clerk.inner_text("#licence-status")
    assert clerk.inner_text("#disqualified-until").startswith(wareki(today().replace(year=today().year + 1)
                                                                     - timedelta(days=1)))
    paper = clerk.request.get(url + f"/dispositions/executions/{case}/disposition.pdf")
    assert paper.ok and paper.body().startswith(b"%PDF")
    screenshot(clerk, "execution-a3-executed.png")
    inquire(inquirer, url, number)
    assert inquirer.locator(".alert-hits").count() == 0


def test_a_suspension_course_graded_excellent_shortens_a_sixty_day_suspension(menkyo_server, logged_in_page,
                                                                               screenshot):
    case, _ = decided_case(menkyo_server, "suspension", "講習 十郎", "コウシュウ ジュウロウ")
    clerk = logged_in_page("browser_counter")
    clerk.goto(menkyo_server["url"] + f"/dispositions/executions/{case}/")
    assert clerk.inner_text("#decision").startswith("停止（60日）")
    clerk.click("#execute-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert "免許証の提出・保管（停止）" in clerk.inner_text("#executed")
    assert clerk.inner_text("#ends-on") == wareki(today() + timedelta(days=59))
    clerk.fill("#course-form input[name=course_ended_on]", (today() + timedelta(days=3)).isoformat())
    clerk.select_option("#course-form select[name=grade]", "優")
    clerk.click("#course-form button[type=submit]")
    assert "講習の終了日は" in clerk.inner_text("#course-form")  # a future day: refused, nothing changed
    clerk.fill("#course-form input[name=course_ended_on]", today().isoformat())
    clerk.select_option("#course-form select[name=grade]", "優")
    clerk.click("#course-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert "成績優" in clerk.inner_text("#course") and "30日短縮" in clerk.inner_text("#course")
    assert clerk.inner_text("#ends-on") == wareki(today() + timedelta(days=29))
    assert f"講習前 {wareki(today() + timedelta(days=59))}" in clerk.inner_text("#suspension-period")
    assert f"停止の終期（{wareki(today() + timedelta(days=29))}）から返還できます" in clerk.inner_text("main")
    screenshot(clerk, "execution-b0-course-shortened.png")
