"""Browser: a person without a licence (lapsed) has two violations registered, 15 points: a 拒否 case
opens (欠格期間1年, the 公安委員会 decides, 弁明 before it). The 審査 officer reports the 交付停止 for the case,
gives the 弁明の機会 (notice 7 days before), records the 弁明 and sends the case on; a 公安委員会-level
official decides 拒否; the officer hands the 運転免許拒否・保留処分通知書 over (規程第21条–第24条) and the
PDF prints the 欠格期間. Screenshots in test-results/."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import BROWSER_PASSWORD, log_in_with_second_factor, server_shell

pytestmark = pytest.mark.browser

KEYS = {"appl_officer": "3132333435363738393031323334353637383941",
        "appl_commission": "3132333435363738393031323334353637383942"}
SETUP = f"""
from datetime import date
from django_otp.plugins.otp_totp.models import TOTPDevice
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry import services
from menkyo.registry.models import Licence
from menkyo.violations import services as violations
for username, name, roles in (("appl_officer", "審査 一郎", ["case_officer"]),
                              ("appl_commission", "公安 二子", ["decision"])):
    op = Operator(username=username, display_name=name, affiliation=Affiliation.objects.get(code="28-001"),
                  roles=roles, decision_level="commission" if "decision" in roles else "")
    op.set_password("{BROWSER_PASSWORD}"); op.save()
    TOTPDevice.objects.create(user=op, name="browser", key={KEYS!r}[username], confirmed=True)
system = SystemActor("browser-setup")
licence = services.register_holder(system, {{
    "name": "拒否 三郎", "name_kana": "キョヒ サブロウ", "birth_date": date(1990, 9, 9), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号",
    "commission": "63", "kinds": {{"普通": date(2010, 8, 1)}}, "issue_date": date(2020, 8, 1)}})
Licence.objects.filter(pk=licence.pk).update(status="lapsed")
for code, day in (("drink_driving_lt025", date(2026, 3, 1)), ("signal_red", date(2026, 4, 1))):
    violations.register_violation(system, person_id=licence.person_id, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
print(licence.person.disposition_cases.get().pk)
"""


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def log_in(chromium, server, username):
    return log_in_with_second_factor(chromium, server, username, KEYS[username])


def done(page):
    page.wait_for_selector("ul.messages")


def explain_and_submit(officer):
    """On the case's page: the 弁明 notified 7 days before today's 期日, recorded (口頭), the case sent on."""
    officer.fill("#schedule-form input[name=notice_served]", (today() - timedelta(days=7)).isoformat())
    officer.fill("#schedule-form input[name=hearing_date]", today().isoformat())
    officer.fill("#schedule-form input[name=place]", "兵庫県警察本部運転免許課")
    officer.click("#schedule-form button[type=submit]")
    done(officer)
    officer.select_option("#record-form select[name=attendance]", label="本人出席")
    officer.fill("#record-form textarea[name=statement]", "口頭による弁明（弁明調書を作成）")
    officer.click("#record-form button[type=submit]")
    done(officer)
    officer.click("#submit-form button[type=submit]")
    done(officer)


def test_an_applicant_with_15_points_is_refused_after_an_explanation_and_gets_the_notice(
        menkyo_server, chromium, screenshot):
    case = server_shell(menkyo_server, SETUP)[-1]
    url = menkyo_server["url"]
    officer = log_in(chromium, menkyo_server, "appl_officer")
    officer.goto(url + f"/dispositions/cases/{case}/")
    assert "拒否（欠格期間1年）" in officer.inner_text("#proposal")
    assert officer.inner_text("#authority") == "公安委員会" and officer.inner_text("#hearing-kind") == "弁明の機会の付与"

    officer.click("#applicant-link")
    officer.click("#hold-form button[type=submit]")
    done(officer)
    assert "通報済み" in officer.inner_text("#issue-hold")
    screenshot(officer, "applicants-0-issue-hold.png")

    officer.goto(url + f"/dispositions/cases/{case}/")
    explain_and_submit(officer)
    assert officer.inner_text("#case-state") == "決定待ち"

    official = log_in(chromium, menkyo_server, "appl_commission")
    official.goto(url + f"/dispositions/cases/{case}/")
    official.fill("#decide-form textarea[name=reason]", "弁明を踏まえ拒否とする")
    official.click("#decide-form button[type=submit]")
    done(official)
    assert "拒否（欠格期間1年）" in official.inner_text("#decision")
    screenshot(official, "applicants-1-decided.png")

    officer.goto(url + "/dispositions/applicants/")
    officer.locator(".applicant-row", has_text=f"第{case}号").locator("a").click()
    officer.click("#notify-form button[type=submit]")
    done(officer)
    assert officer.inner_text("#case-state") == "通知済" and "まで" in officer.inner_text("#disqualified-until")
    screenshot(officer, "applicants-2-notified.png")
    notice = officer.request.get(url + f"/dispositions/applicants/{case}/notice.pdf")
    assert notice.status == 200 and notice.body().startswith(b"%PDF")
