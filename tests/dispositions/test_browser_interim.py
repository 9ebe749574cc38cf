"""Browser: a driver whose 臨時適性検査 is pending after an accident (a 一定の病気等 matter, 通知・命令済) is found by a
公安委員会-level 決定 official in the 暫定停止 page's list of matters; a term past three months is refused on the
form in Japanese with the last allowed day; the 暫定停止 is made (the licence 停止中) and its 暫定停止処分通知書
printed; the 審査 officer records the 弁明; once the test finds the driver 適, the page asks for the lifting and the
official lifts it, printing the 運転免許効力停止処分解除通知書 (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項).
On the server ``make run`` starts; screenshots in test-results/."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import BROWSER_PASSWORD, log_in_with_second_factor, server_shell

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383933"
SETUP = f"""
from datetime import date, timedelta
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.dispositions.models import MedicalMatter
from menkyo.registry import services
op = Operator(username="interim_commission", display_name="公安 九子", affiliation=Affiliation.objects.get(code="28-001"),
              roles=["decision"], decision_level="commission")
op.set_password("{BROWSER_PASSWORD}"); op.save()
TOTPDevice.objects.create(user=op, name="browser", key="{KEY}", confirmed=True)
licence = services.register_holder(SystemActor("browser-setup"), {{
    "name": "暫定 十郎", "name_kana": "ザンテイ ジュウロウ", "birth_date": date(1958, 5, 6), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63",
    "kinds": {{"普通": date(1980, 8, 1)}}, "issue_date": date(2024, 8, 1)}})
today = timezone.localdate()
matter = MedicalMatter.objects.create(
    prefecture_id="28", person=licence.person, source="station", ground="illness", received_on=today,
    office=Affiliation.objects.get(code="28-001"), reporter="神戸東警察署", summary="事故時に意識消失",
    received_by="browser-setup", state="ordered", order_kind="temporary_test", ordered_on=today,
    due_on=today + timedelta(days=14), place="兵庫県運転免許試験場", ordered_by="browser-setup")
print(matter.pk)
"""
FIT = """
from django.utils import timezone
from menkyo.dispositions.models import MedicalMatter
MedicalMatter.objects.filter(pk={pk}).update(state="closed", result="fit", result_on=timezone.localdate(),
                                             closed_on=timezone.localdate(), close_reason="適")
"""


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def test_the_commission_imposes_an_interim_suspension_the_officer_records_the_explanation_and_it_is_lifted(
        menkyo_server, chromium, logged_in_page, screenshot):
    url = menkyo_server["url"]
    matter = server_shell(menkyo_server, SETUP)[-1]
    commission = log_in_with_second_factor(chromium, menkyo_server, "interim_commission", KEY)
    commission.click("nav.mainnav a[href='/dispositions/']")
    commission.click("nav.subnav a[href='/dispositions/interim/']")
    row = commission.locator(".candidate-row", has_text="暫定 十郎")
    assert f"第{matter}号" in row.inner_text()
    screenshot(commission, "interim-1-candidates.png")
    row.locator(".impose-link").click()
    form = "#impose-form"
    commission.fill(f"{form} input[name=accident_on]", (today() - timedelta(days=1)).isoformat())
    commission.fill(f"{form} textarea[name=accident]", "交差点で意識を失い追突。発作の疑い。")
    commission.fill(f"{form} input[name=ends_on]", (today() + timedelta(days=120)).isoformat())
    commission.click(f"{form} button[type=submit]")
    refused = commission.inner_text(form)
    assert "3月を超えない範囲" in refused and "まで" in refused
    screenshot(commission, "interim-2-term-refused.png")
    commission.fill(f"{form} input[name=ends_on]", (today() + timedelta(days=30)).isoformat())
    commission.click(f"{form} button[type=submit]")
    commission.wait_for_selector("ul.messages")
    assert commission.inner_text("#interim-state") == "暫定停止中" and "停止中" in commission.inner_text("#licence-status")
    assert wareki(today() + timedelta(days=30)) in commission.inner_text("#interim-period")
    notice = commission.request.get(url + commission.get_attribute("#notice-paper", "href"))
    assert notice.ok and notice.body().startswith(b"%PDF")
    interim_url = commission.url
    screenshot(commission, "interim-3-imposed.png")

    officer = logged_in_page("browser_officer")
    officer.goto(interim_url)
    officer.fill("#explain-form input[name=explained_on]", today().isoformat())
    officer.fill("#explain-form textarea[name=explanation]", "持病はなく、当日は寝不足だった。")
    officer.click("#explain-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert "弁明を記録しました" in officer.inner_text("ul.messages")
    assert officer.locator("#lift-form").count() == 0

    server_shell(menkyo_server, FIT.format(pk=matter))
    commission.goto(interim_url)
    assert "速やかに解除してください" in commission.inner_text("#must-lift")
    commission.fill("#lift-form textarea[name=reason]", "臨時適性検査の結果、適と判定されたため")
    commission.click("#lift-form button[type=submit]")
    commission.wait_for_selector("ul.messages")
    assert commission.inner_text("#interim-state").startswith("解除")
    assert "有効" in commission.inner_text("#licence-status")
    lifted = commission.request.get(url + commission.get_attribute("#lifted-paper", "href"))
    assert lifted.ok and lifted.body().startswith(b"%PDF")
    screenshot(commission, "interim-4-lifted.png")
