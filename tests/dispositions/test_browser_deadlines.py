"""Browser: the deadlines-at-risk page (ADR 0016 part 7) as the 審査 officer's first screen of the dispositions
work — a 仮停止 made four days after the accident shows its papers due today (the 5-day limit of 規程第39条第3項),
a 意見の聴取 on the 7th day whose notice must go out today shows 「本日」 too, soonest first with the article; the
daily job's notices show above the list and in the 通知 inbox, and one is marked read; a deferred case's
処分猶予通知書 (規程第32条第2項) downloads from its page. On the server ``make run`` starts; screenshots in
test-results/."""

import pytest
from tests.conftest import server_shell

pytestmark = pytest.mark.browser

SETUP = """
from datetime import date, timedelta
from django.core.management import call_command
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.dispositions import provisional, services as cases
from menkyo.registry import services
from menkyo.violations import services as violations
system, today = SystemActor("browser-setup"), timezone.localdate()
officer = Operator.objects.get(username="browser_officer")
holders = []
for name, kana, day in (("期限 一郎", "キゲン イチロウ", 1), ("期限 二郎", "キゲン ジロウ", 2), ("期限 三郎", "キゲン サブロウ", 3)):
    holders.append(services.register_holder(system, {
        "name": name, "name_kana": kana, "birth_date": date(1986, 1, day), "sex": "1", "postal_code": "6500011",
        "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63", "kinds": {"普通": date(2006, 8, 1)},
        "issue_date": date(2024, 8, 1)}))
provisional.report_provisional_suspension(
    officer, licence_number=holders[0].number, accident_on=today - timedelta(days=4), ground="hit_and_run",
    summary="国道2号で歩行者をはねて逃走", necessity="救護義務違反の死傷事故", instructed_by="運転免許課長 山田")
for code, day in (("drink_driving_lt025", date(2026, 3, 1)), ("signal_red", date(2026, 4, 1))):
    violations.register_violation(system, licence_number=holders[1].number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
case = holders[1].person.disposition_cases.get()
cases.schedule_hearing(officer, case, hearing_date=today + timedelta(days=7), place="兵庫県運転免許試験場 聴聞室",
                       notice_served=today)
violations.register_violation(system, licence_number=holders[2].number, kind="general", code="speeding_30_50",
                              violation_date=date(2026, 3, 1), office_code="28-001")
deferred = holders[2].person.disposition_cases.get()
cases.defer_case(Operator.objects.get(username="browser_chief"), deferred, reason="家族の介護のため")
call_command("dispositions", "deadlines")
print(deferred.pk)
"""


def test_the_queue_shows_a_provisional_suspension_at_its_limit_and_a_notice_due_today_and_a_new_paper_downloads(
        menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    deferred = server_shell(menkyo_server, SETUP)[-1]
    officer = logged_in_page("browser_officer")
    officer.click("nav.mainnav a[href='/dispositions/']")
    officer.click("nav.subnav a[href='/dispositions/deadlines/']")
    officer.wait_for_selector("#deadline-list")
    papers = officer.locator(".deadline-row.kind-provisional_papers", has_text="期限 一郎")
    assert "本日" in papers.inner_text() and "規程第39条第3項" in papers.inner_text()
    notice = officer.locator(".deadline-row.kind-hearing_notice", has_text="期限 二郎")
    assert "本日" in notice.inner_text() and "規程第44条" in notice.inner_text()
    rows = officer.locator(".deadline-row").all_inner_texts()
    mine = [row for row in rows if "期限 一郎" in row or "期限 二郎" in row]
    assert all("本日" in row for row in mine[:2]) and "あと25日" in mine[-1]  # soonest first, the 仮停止's end last
    screenshot(officer, "deadlines-1-queue.png")

    unread = officer.locator(".deadline-notice", has_text="期限 一郎")
    assert unread.count() == 1
    unread.locator("button").click()
    officer.wait_for_selector("ul.messages")
    assert officer.locator(".deadline-notice", has_text="期限 一郎").count() == 0
    officer.goto(url + "/alerts/inbox/")
    assert "期限の通知（行政処分" in officer.inner_text("main") and "期限 二郎" in officer.inner_text("main")
    screenshot(officer, "deadlines-2-inbox.png")

    officer.goto(url + f"/dispositions/cases/{deferred}/")
    paper = officer.request.get(url + officer.get_attribute("#deferral-notice", "href"))
    assert paper.ok and paper.body().startswith(b"%PDF")
    assert paper.headers["content-type"] == "application/pdf"
    screenshot(officer, "deadlines-3-deferred-case.png")
