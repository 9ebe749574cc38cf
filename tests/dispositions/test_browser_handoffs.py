"""Browser: hand-offs between prefectures (規程第38条, 第38条の2) on the server ``make run`` starts;
screenshots in test-results/.

(a) 移送: a 兵庫 case whose driver now lives in 大阪; 兵庫's 審査 officer sends it from the case page
(行政処分関係書類送付書), 大阪's 審査 officer accepts it on 「移送・執行依頼」 and finds the case in 大阪's
審査待ち; 兵庫's list shows it 受理.
(b) 執行依頼: a decided 60-day 停止 of such a driver; 兵庫 asks 大阪 to execute, 大阪 accepts, 大阪's
counter clerk executes it on the ordinary execution page, and 兵庫's list shows 執行済 with the day."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import BROWSER_PASSWORD, server_shell

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser

SETUP = f"""
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.dispositions import services as cases
from menkyo.registry import services
from menkyo.registry.models import Licence
from menkyo.violations import services as violations

def operator(username, roles, code, level=""):
    found = Operator.objects.filter(username=username).first()
    if found is None:
        found = Operator(username=username, display_name=username, roles=roles, decision_level=level,
                         affiliation=Affiliation.objects.get(code=code))
        found.set_password("{BROWSER_PASSWORD}"); found.save()
    return found

system = SystemActor("browser-setup")
operator("osaka_officer", ["case_officer"], "27-001")
operator("osaka_clerk", ["counter"], "27-001")
licence = services.register_holder(system, {{
    "name": NAME, "name_kana": KANA, "birth_date": date(1982, 7, 8), "sex": "1", "postal_code": "6500011",
    "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63", "kinds": {{"普通": date(2001, 8, 1)}},
    "issue_date": date(2024, 8, 1)}})
for code, day in (("drink_driving_lt025", date(2026, 3, 1)), ("signal_red", date(2026, 4, 1))):
    violations.register_violation(system, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
case = licence.person.disposition_cases.get()
if DECIDED:
    cases.propose_disposition(operator("handoff_preparer", ["case_officer"], "28-001"), case, kind="suspension", days=60)
    cases.decide_case(operator("handoff_section", ["decision"], "28-001", "section_head"), case, reason="停止60日")
Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
print(case.pk)
"""


def case_of(server, name, kana, decided):
    return server_shell(server, f"NAME, KANA, DECIDED = {name!r}, {kana!r}, {decided!r}\n" + SETUP)[-1]


def send(page, url, case, kind):
    page.goto(url + f"/dispositions/cases/{case}/")
    page.select_option("#handoff-form select[name=kind]", kind)
    page.fill("#handoff-form textarea[name=note]", "住所変更（大阪市北区）")
    page.click("#handoff-form button[type=submit]")
    page.wait_for_selector("ul.messages")


def accept(page, name):
    page.click("nav.mainnav a[href='/dispositions/']")
    page.click("nav.subnav a[href='/dispositions/handoffs/']")
    row = page.locator("#received-list .handoff-row", has_text=name)
    assert "兵庫県" in row.inner_text()
    row.locator("button", has_text="受理する").click()
    page.wait_for_selector("ul.messages")
    assert "受理しました" in page.inner_text("ul.messages")


def test_hyogo_transfers_a_case_to_osaka_which_accepts_it_and_reviews_it(menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    case = case_of(menkyo_server, "移送 一郎", "イソウ イチロウ", False)
    hyogo = logged_in_page("browser_officer")
    send(hyogo, url, case, "transfer")
    assert "送付しました" in hyogo.inner_text("ul.messages")
    assert "送付済（受理待ち）" in hyogo.inner_text("#case-handoffs")
    letter = hyogo.request.get(url + hyogo.locator("#case-handoffs a").first.get_attribute("href"))
    assert letter.ok and letter.body().startswith(b"%PDF")
    screenshot(hyogo, "handoff-a0-sent.png")

    osaka = logged_in_page("osaka_officer")
    accept(osaka, "移送 一郎")
    osaka.click("nav.subnav a[href='/dispositions/']")
    assert f"第{case}号" in osaka.inner_text("main")
    screenshot(osaka, "handoff-a1-accepted-in-osaka-queue.png")
    hyogo.goto(url + "/dispositions/handoffs/")
    assert "受理" in hyogo.locator("#sent-list .handoff-row").first.inner_text()


def test_hyogo_asks_osaka_to_execute_a_suspension_and_sees_it_executed(menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    case = case_of(menkyo_server, "執行 二郎", "シッコウ ジロウ", True)
    hyogo = logged_in_page("browser_officer")
    send(hyogo, url, case, "execution")
    assert "送付しました" in hyogo.inner_text("ul.messages")
    accept(logged_in_page("osaka_officer"), "執行 二郎")

    clerk = logged_in_page("osaka_clerk")
    clerk.goto(url + "/dispositions/handoffs/")
    clerk.locator("#received-list .handoff-row", has_text="執行 二郎").locator("a", has_text="執行する").click()
    clerk.click("#execute-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#case-state") == "執行済"
    screenshot(clerk, "handoff-b0-executed-in-osaka.png")
    hyogo.goto(url + "/dispositions/handoffs/")
    row = hyogo.locator("#sent-list .handoff-row").filter(has_text="執行依頼").first.inner_text()
    assert "執行済" in row and wareki(datetime.now(ZoneInfo("Asia/Tokyo")).date()) in row
    screenshot(hyogo, "handoff-b1-executed-seen-in-hyogo.png")
