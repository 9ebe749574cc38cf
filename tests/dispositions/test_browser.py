"""Browser: two violations registered through the violations service bring a 兵庫 driver to 15 points and
open a 取消 case; a 審査 officer (who also holds a 公安委員会-level 決定 role) finds it in the review
queue, proposes 取消, has a notice shorter than 7 days refused on the page with the first allowed day,
schedules the 意見の聴取, records the attendance and sends the case on; trying to decide it himself he
is refused (職務の分離); a different 公安委員会-level official decides 取消 from the decision queue
(規程第30条・第31条・第44条, 道路交通法第104条). On the server ``make run`` starts; screenshots in
test-results/."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import BROWSER_PASSWORD, log_in_with_second_factor, server_shell

pytestmark = pytest.mark.browser

KEYS = {"disp_officer": "3132333435363738393031323334353637383931",
        "disp_commission": "3132333435363738393031323334353637383932"}
SETUP = f"""
from datetime import date
from django_otp.plugins.otp_totp.models import TOTPDevice
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry import services
from menkyo.violations import services as violations
for username, name, roles in (("disp_officer", "審査 六郎", ["case_officer", "decision"]),
                              ("disp_commission", "公安 七子", ["decision"])):
    op = Operator(username=username, display_name=name, affiliation=Affiliation.objects.get(code="28-001"),
                  roles=roles, decision_level="commission")
    op.set_password("{BROWSER_PASSWORD}"); op.save()
    TOTPDevice.objects.create(user=op, name="browser", key={KEYS!r}[username], confirmed=True)
system = SystemActor("browser-setup")
licence = services.register_holder(system, {{
    "name": "処分 八郎", "name_kana": "ショブン ハチロウ", "birth_date": date(1977, 7, 7), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号",
    "commission": "63", "kinds": {{"普通": date(1997, 8, 1)}}, "issue_date": date(2024, 8, 1)}})
for code, day in (("drink_driving_lt025", date(2026, 3, 1)), ("signal_red", date(2026, 4, 1))):
    violations.register_violation(system, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
print(licence.person.disposition_cases.get().pk)
"""


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def log_in(chromium, server, username):
    return log_in_with_second_factor(chromium, server, username, KEYS[username])


def schedule(page, served, hearing):
    form = "#schedule-form"
    page.fill(f"{form} input[name=notice_served]", served.isoformat())
    page.fill(f"{form} input[name=hearing_date]", hearing.isoformat())
    page.fill(f"{form} input[name=place]", "兵庫県運転免許試験場 聴聞室")
    page.click(f"{form} button[type=submit]")


def test_a_revocation_case_is_heard_and_decided_by_the_commission_level_never_by_its_preparer(
        menkyo_server, chromium, screenshot):
    case = server_shell(menkyo_server, SETUP)[-1]
    officer = log_in(chromium, menkyo_server, "disp_officer")
    officer.click("nav.mainnav a[href='/dispositions/']")
    row = officer.locator(".case-row", has_text=f"第{case}号")
    assert "取消（欠格期間1年）" in row.inner_text() and "公安委員会" in row.inner_text()
    screenshot(officer, "dispositions-0-review-queue.png")

    row.locator("a").click()
    officer.select_option("#propose-form select[name=kind]", label="取消")
    officer.fill("#propose-form input[name=years]", "1")
    officer.fill("#propose-form textarea[name=reason]", "累積15点、前歴なし。取消相当")
    officer.click("#propose-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#authority") == "公安委員会" and officer.inner_text("#hearing-kind") == "意見の聴取"

    schedule(officer, today() - timedelta(days=3), today())
    refused = officer.inner_text("#schedule-form")
    assert "7日前まで" in refused and "以降としてください" in refused
    assert officer.locator(".hearing-row").count() == 0
    screenshot(officer, "dispositions-1-notice-too-short.png")

    schedule(officer, today() - timedelta(days=7), today())
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#case-state") == "聴取等予定"
    officer.select_option("#record-form select[name=attendance]", label="本人出席")
    officer.fill("#record-form textarea[name=statement]", "深く反省しているとの意見")
    officer.click("#record-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#case-state") == "聴取済"
    officer.click("#submit-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#case-state") == "決定待ち"
    screenshot(officer, "dispositions-2-awaiting-decision.png")

    officer.click("#decide-form button[type=submit]")
    assert "職務の分離" in officer.inner_text("main")
    screenshot(officer, "dispositions-3-preparer-refused.png")

    official = log_in(chromium, menkyo_server, "disp_commission")
    official.goto(menkyo_server["url"] + "/dispositions/decisions/")
    official.locator(".case-row", has_text=f"第{case}号").locator("a").click()
    official.fill("#decide-form textarea[name=reason]", "意見の聴取の結果、取消とする")
    official.click("#decide-form button[type=submit]")
    official.wait_for_selector("ul.messages")
    assert official.inner_text("#case-state") == "決定"
    assert "取消（欠格期間1年）" in official.inner_text("#decision") and "公安委員会" in official.inner_text("#decision")
    screenshot(official, "dispositions-4-decided.png")
