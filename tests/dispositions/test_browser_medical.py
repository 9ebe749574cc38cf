"""Browser: the licence division's 審査 officer receives a doctor's report (医師の届出, 規程第26条の2) and prints the
受理票, gives a 臨適通知 (第26条の3第2項) and prints the 臨時適性検査通知書, sees the matter in the office's queue
with its day, records the result 不適 (第27条の2) with a proposed 取消 — first without a proposal, refused in
Japanese — and the ``illness`` case opens for the 公安委員会 after a 聴聞 (第27条), on the ordinary case page.
On the server ``make run`` starts; screenshots in test-results/."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import server_shell

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser

SETUP = """
from datetime import date
from menkyo.core.actors import SystemActor
from menkyo.registry import services
licence = services.register_holder(SystemActor("browser-setup"), {
    "name": "病気 一郎", "name_kana": "ビョウキ イチロウ", "birth_date": date(1960, 2, 3), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63",
    "kinds": {"普通": date(1990, 8, 1)}, "issue_date": date(2024, 8, 1)})
print(licence.number)
"""


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def test_a_doctors_report_leads_through_a_temporary_test_notice_and_an_unfit_result_to_a_case(
        menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    number = server_shell(menkyo_server, SETUP)[-1]
    officer = logged_in_page("browser_officer")
    officer.click("nav.mainnav a[href='/dispositions/']")
    officer.click("nav.subnav a[href='/dispositions/medical/']")
    officer.click("#receive-link")
    officer.select_option("#receive-form select[name=source]", label="医師の届出（道路交通法第101条の6第1項）")
    officer.select_option("#receive-form select[name=ground]", label="一定の病気（施行令第33条の2の3）")
    officer.fill("#receive-form input[name=licence_number]", number)
    officer.fill("#receive-form input[name=received_on]", today().isoformat())
    officer.fill("#receive-form input[name=reporter]", "神戸中央病院 医師 佐藤")
    officer.fill("#receive-form textarea[name=summary]", "運転中の意識消失の疑い")
    officer.click("#receive-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#medical-state") == "受理（審査中）"
    receipt = officer.request.get(url + officer.get_attribute("#receipt-paper", "href"))
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    screenshot(officer, "medical-1-received.png")

    officer.select_option("#order-form select[name=order_kind]", label="臨時適性検査の通知（臨適通知）")
    officer.fill("#order-form input[name=ordered_on]", today().isoformat())
    officer.fill("#order-form input[name=due_on]", (today() + timedelta(days=1)).isoformat())
    officer.fill("#order-form input[name=place]", "兵庫県運転免許試験場・指定医 田中")
    officer.click("#order-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert "臨時適性検査の通知（臨適通知）" in officer.inner_text("#medical-order")
    notice = officer.request.get(url + officer.get_attribute("#order-paper", "href"))
    assert notice.ok and notice.body().startswith(b"%PDF")
    matter_url = officer.url

    officer.goto(url + "/dispositions/medical/")
    row = officer.locator(".medical-row", has_text="病気 一郎")
    assert wareki(today() + timedelta(days=1)) in row.inner_text() and "期限間近" in row.inner_text()
    screenshot(officer, "medical-2-queue.png")

    officer.goto(matter_url)
    officer.select_option("#result-form select[name=result]", label="不適（取消し等の基準に該当）")
    officer.fill("#result-form input[name=result_on]", today().isoformat())
    officer.click("#result-form button[type=submit]")
    assert "処分案を選んでください（取消・停止）" in officer.inner_text("#result-form")
    screenshot(officer, "medical-3-no-proposal-refused.png")
    officer.select_option("#result-form select[name=kind]", label="取消")
    officer.fill("#result-form input[name=years]", "1")
    officer.click("#result-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#medical-state") == "処分事案へ"
    assert "公安委員会・聴聞" in officer.inner_text("#medical-case")
    officer.click("#medical-case a")
    assert officer.inner_text("#case-type") == "一定の病気等（第26条〜第27条の3）"
    assert "点数制度によらない" in officer.inner_text("#proposal")
    screenshot(officer, "medical-4-case-opened.png")
