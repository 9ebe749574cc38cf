"""Browser: (1) a 公安委員会-level 決定 official makes a 暫定停止 on a doctor's diagnosis (施行令第39条の2第1項, no
accident): choosing that basis without the diagnosis day is refused in Japanese, with it the 暫定停止 is made and its
通知書 names the diagnosis; (2) a 審査 officer makes a 仮禁止 on a foreign permit holder, prints the 仮禁止通知書 from
its page, and finds its 弁明 deadline in the deadlines list, whose link leads back to the 仮禁止 (道路交通法第107条の5
第10項). Screenshots in test-results/."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import BROWSER_PASSWORD, log_in_with_second_factor, server_shell

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383934"
INTERIM_SETUP = f"""
from datetime import date, timedelta
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.dispositions.models import MedicalMatter
from menkyo.registry import services
op = Operator(username="diagnosis_commission", display_name="公安 十二子",
              affiliation=Affiliation.objects.get(code="28-001"), roles=["decision"], decision_level="commission")
op.set_password("{BROWSER_PASSWORD}"); op.save()
TOTPDevice.objects.create(user=op, name="browser", key="{KEY}", confirmed=True)
licence = services.register_holder(SystemActor("browser-setup"), {{
    "name": "診断 十二郎", "name_kana": "シンダン ジュウジロウ", "birth_date": date(1960, 5, 6), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63",
    "kinds": {{"普通": date(1982, 8, 1)}}, "issue_date": date(2024, 8, 1)}})
today = timezone.localdate()
matter = MedicalMatter.objects.create(
    prefecture_id="28", person=licence.person, source="doctor", ground="illness", received_on=today,
    office=Affiliation.objects.get(code="28-001"), reporter="神戸中央病院 医師", summary="発作のおそれ",
    received_by="browser-setup", state="ordered", order_kind="temporary_test", ordered_on=today,
    due_on=today + timedelta(days=14), place="兵庫県運転免許試験場", ordered_by="browser-setup")
print(matter.pk)
"""
PERMIT_SETUP = """
from django.utils import timezone
from menkyo.accounts.models import Operator
from menkyo.dispositions import driving_ban
officer = Operator.objects.get(username="browser_officer")
today = timezone.localdate()
permit = driving_ban.register_foreign_permit(
    officer, permit_type="international", issuing_country="アメリカ合衆国", permit_number="IDP-BR-77",
    valid_until=today.replace(year=today.year + 1), holder={
        "name": "JONES MARY", "name_kana": "ジョーンズ メアリー", "birth_date": today.replace(year=1992), "sex": "2",
        "nationality": "アメリカ合衆国", "postal_code": "6500001", "address": "兵庫県神戸市中央区加納町6丁目5番1号"})
print(permit.pk)
"""


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def test_the_commission_suspends_on_a_doctors_diagnosis_and_the_day_of_the_diagnosis_is_required(
        menkyo_server, chromium, screenshot):
    url = menkyo_server["url"]
    matter = server_shell(menkyo_server, INTERIM_SETUP)[-1]
    commission = log_in_with_second_factor(chromium, menkyo_server, "diagnosis_commission", KEY)
    commission.goto(f"{url}/dispositions/medical/{matter}/interim/")
    form = "#impose-form"
    commission.check(f"{form} input[name=basis][value=diagnosis]")
    commission.fill(f"{form} textarea[name=accident]", "主治医の診断：運転中の発作のおそれが高い。")
    commission.fill(f"{form} input[name=ends_on]", (today() + timedelta(days=30)).isoformat())
    commission.click(f"{form} button[type=submit]")
    assert "医師の診断の日を入力してください" in commission.inner_text(form)
    screenshot(commission, "interim-more-1-diagnosis-day-missing.png")
    commission.check(f"{form} input[name=basis][value=diagnosis]")
    commission.fill(f"{form} input[name=diagnosed_on]", (today() - timedelta(days=1)).isoformat())
    commission.click(f"{form} button[type=submit]")
    commission.wait_for_selector("ul.messages")
    assert commission.inner_text("#interim-state") == "暫定停止中"
    assert "施行令第39条の2第1項" in commission.inner_text("#interim-basis")
    notice = commission.request.get(url + commission.get_attribute("#notice-paper", "href"))
    assert notice.ok and notice.body().startswith(b"%PDF")
    screenshot(commission, "interim-more-2-diagnosis-imposed.png")


def test_the_officer_makes_a_provisional_ban_prints_its_notice_and_finds_its_deadline(
        menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    permit = server_shell(menkyo_server, PERMIT_SETUP)[-1]
    officer = logged_in_page("browser_officer")
    officer.goto(f"{url}/dispositions/driving-bans/permits/{permit}/")
    form = "#provisional-form"
    officer.fill(f"{form} input[name=accident_on]", today().isoformat())
    officer.select_option(f"{form} select[name=ground]", index=1)
    officer.fill(f"{form} textarea[name=summary]", "人身事故の後、救護せず立ち去った。")
    officer.click(f"{form} button[type=submit]")
    officer.wait_for_selector("ul.messages")
    ban_url = officer.url
    notice = officer.request.get(url + officer.get_attribute("#provisional-ban-notice", "href"))
    assert notice.ok and notice.body().startswith(b"%PDF")
    screenshot(officer, "interim-more-3-provisional-ban.png")
    officer.goto(f"{url}/dispositions/deadlines/")
    row = officer.locator(".deadline-row.kind-provisional_ban_explanation", has_text="JONES MARY")
    assert "仮禁止の弁明の機会の期限" in row.inner_text() and "あと4日" in row.inner_text()
    screenshot(officer, "interim-more-4-deadline.png")
    row.locator("a").click()
    assert officer.url == ban_url and "仮禁止中" in officer.inner_text("#provisional-state")
