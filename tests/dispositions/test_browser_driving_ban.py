"""Browser: a counter clerk registers the 国際運転免許証 a foreign resident showed (the holder registered with the
nationality, no licence number); the 審査 officer opens the 運転禁止 case from the permit's page (基本量定書, 規程第30条
第2項), has a period beyond 第1項's five years refused with its bounds, proposes 180 days, holds the 意見の聴取 on the
case page and sends the case on; a 公安委員会-level official decides it (規程第31条第2項); the clerk executes it,
holding the permit, and prints the 自動車等の運転禁止処分決定書 and 処分書 (道路交通法第107条の5, 規程第49条).
On the server ``make run`` starts; screenshots in test-results/."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import BROWSER_PASSWORD, log_in_with_second_factor, server_shell

from menkyo.core.wareki import wareki

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383951"
SETUP = f"""
from django_otp.plugins.otp_totp.models import TOTPDevice
from menkyo.accounts.models import Operator
from menkyo.core.models import Affiliation
op = Operator(username="ban_commission", display_name="公安 十一子", affiliation=Affiliation.objects.get(code="28-001"),
              roles=["decision"], decision_level="commission")
op.set_password("{BROWSER_PASSWORD}"); op.save()
TOTPDevice.objects.create(user=op, name="browser", key="{KEY}", confirmed=True)
print(op.pk)
"""


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def register_permit(clerk):
    form = "#permit-form"
    clerk.select_option(f"{form} select[name=permit_type]", label="国際運転免許証")
    for name, value in (("issuing_country", "オーストラリア"), ("permit_number", "AU-IDP-4471"),
                        ("valid_until", (today() + timedelta(days=200)).isoformat()), ("name", "BROWN EMILY"),
                        ("name_kana", "ブラウン エミリー"), ("birth_date", "1995-02-14"),
                        ("nationality", "オーストラリア"), ("postal_code", "650-0011"),
                        ("address", "兵庫県神戸市中央区下山手通5丁目4番1号")):
        clerk.fill(f"{form} input[name={name}]", value)
    clerk.select_option(f"{form} select[name=sex]", label="女")
    clerk.click(f"{form} button[type=submit]")
    clerk.wait_for_selector("ul.messages")


def hear_and_submit(officer):
    form = "#schedule-form"
    officer.fill(f"{form} input[name=notice_served]", (today() - timedelta(days=7)).isoformat())
    officer.fill(f"{form} input[name=hearing_date]", today().isoformat())
    officer.fill(f"{form} input[name=place]", "兵庫県運転免許試験場 聴聞室")
    officer.click(f"{form} button[type=submit]")
    officer.wait_for_selector("ul.messages")
    officer.select_option("#record-form select[name=attendance]", label="本人出席")
    officer.fill("#record-form textarea[name=statement]", "日本の交通規則を十分に理解していなかった")
    officer.click("#record-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    officer.click("#submit-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert officer.inner_text("#case-state") == "決定待ち"


def test_a_foreign_permit_holder_is_banned_after_an_opinion_hearing_and_the_permit_is_held(
        menkyo_server, chromium, logged_in_page, screenshot):
    url = menkyo_server["url"]
    server_shell(menkyo_server, SETUP)
    clerk = logged_in_page("browser_counter")
    clerk.goto(url + "/dispositions/driving-bans/")
    clerk.click("#register-link")
    register_permit(clerk)
    assert "オーストラリア" in clerk.inner_text("#permit-summary") and clerk.locator("#open-form").count() == 0
    permit_url = clerk.url
    screenshot(clerk, "driving-ban-1-permit.png")

    officer = logged_in_page("browser_officer")
    officer.goto(permit_url)
    officer.fill("#open-form textarea[name=ground]", "速度超過（一般道路で50km/h以上）")
    officer.fill("#open-form textarea[name=facts]", "国道2号で法定速度を55km/h超過して普通自動車を運転した。")
    officer.click("#open-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    officer.select_option("#propose-form select[name=paragraph]", label="第1項（病気等・法令違反）")
    officer.fill("#propose-form input[name=days]", "2000")
    officer.click("#propose-form button[type=submit]")
    assert "第107条の5第1項" in officer.inner_text("#propose-form")
    screenshot(officer, "driving-ban-2-period-refused.png")
    officer.fill("#propose-form input[name=days]", "180")
    officer.click("#propose-form button[type=submit]")
    officer.wait_for_selector("ul.messages")
    assert "運転禁止（180日）" in officer.inner_text("#proposal") and "公安委員会" in officer.inner_text("#proposal")
    ban_url = officer.url
    officer.click("#case-link")
    hear_and_submit(officer)
    screenshot(officer, "driving-ban-3-heard.png")

    official = log_in_with_second_factor(chromium, menkyo_server, "ban_commission", KEY)
    official.goto(url + "/dispositions/decisions/")
    official.locator(".case-row", has_text="BROWN EMILY").locator("a").click()
    official.fill("#decide-form textarea[name=reason]", "意見の聴取の結果、180日の運転禁止とする")
    official.click("#decide-form button[type=submit]")
    official.wait_for_selector("ul.messages")
    assert official.inner_text("#case-state") == "決定" and "運転禁止（180日）" in official.inner_text("#decision")

    clerk.goto(url + "/dispositions/driving-bans/")
    clerk.locator("#execute-list .ban-row", has_text="BROWN EMILY").locator("a").click()
    assert clerk.url == ban_url
    clerk.click("#execute-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#ban-state") == "運転禁止中" and clerk.inner_text("#permit-custody") == "保管中"
    assert wareki(today() + timedelta(days=179)) in clerk.inner_text("#ban-period")
    screenshot(clerk, "driving-ban-4-executed.png")
    for paper in ("#decision-paper", "#notice-paper"):
        pdf = clerk.request.get(url + clerk.get_attribute(paper, "href"))
        assert pdf.ok and pdf.body().startswith(b"%PDF")
