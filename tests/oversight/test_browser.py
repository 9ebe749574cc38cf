"""Browser: the 兵庫 監査 reviewer opens the off-hours report for yesterday, registers the flags, drills
down to one lookup, marks it 不適正 with a note; the clerk's supervisor (決定 of 28-001) sees it and
acknowledges it. On the server ``make run`` starts; screenshots in test-results/."""

from datetime import timedelta

import pytest
from django_otp.oath import totp
from tests.conftest import OVERSIGHT_TOTP_KEYS

pytestmark = pytest.mark.browser


def second_factor(page, username):
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", f"{totp(bytes.fromhex(OVERSIGHT_TOTP_KEYS[username])):06d}")
    page.click("main button[type=submit]")


def log_in(chromium, server, username):
    page = chromium.new_page(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page.goto(server["url"] + "/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server["password"])
    page.click("main button[type=submit]")
    second_factor(page, username)
    page.wait_for_url(server["url"] + "/")
    return page


def test_a_reviewer_marks_a_night_lookup_improper_and_the_supervisor_sees_it(menkyo_server, chromium, screenshot):
    from django.utils import timezone

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = log_in(chromium, menkyo_server, "browser_auditor")
    page.click("nav.mainnav a[href='/oversight/']")
    page.fill("input[name=start]", yesterday)
    page.fill("input[name=end]", yesterday)
    page.click("#period-form button[type=submit]")
    page.click("#register-flags")
    page.wait_for_selector(".messages")
    assert page.locator("#report-list tr:has-text('勤務時間外の集中照会') td.count").inner_text() == "5"
    screenshot(page, "oversight-index.png")
    page.click("#report-list a:has-text('勤務時間外の集中照会')")
    page.wait_for_selector("#flagged")
    rows = page.locator("#flagged tr.flagged")
    assert rows.count() == 5
    assert "勤務時間外" in rows.first.inner_text()
    screenshot(page, "oversight-off-hours-report.png")

    rows.first.locator("td a").first.click()
    page.wait_for_selector("#verdict-form")
    page.check("input[name=verdict][value=improper]")
    page.fill("textarea[name=note]", "業務外の知人の依頼による照会と本人が認めた")
    page.click("#verdict-form button[type=submit]")
    page.wait_for_selector("#review-state")
    assert page.inner_text("#review-state") == "不適正（所属長へ報告）"
    screenshot(page, "oversight-inquiry-improper.png")
    page.click("a:has-text('この人を照会した者')")
    page.wait_for_selector("table.audit-table")
    # the five night lookups of 神戸 一郎 from 10.0.0.9 (other browser tests may look the same holder up too)
    assert page.locator("table.audit-table tbody tr:has-text('10.0.0.9')").count() == 5
    screenshot(page, "oversight-person.png")
    page.close()

    chief = log_in(chromium, menkyo_server, "browser_chief")
    chief.click("nav.mainnav a[href='/oversight/outcomes/']")
    chief.wait_for_selector("#outcomes")
    outcome = chief.locator("#outcomes tr.outcome")
    assert outcome.count() == 1
    assert "業務外の知人の依頼" in outcome.first.inner_text()
    outcome.first.locator("textarea[name=note]").fill("本人を指導し、本部に報告した")
    outcome.first.locator("button[type=submit]").click()
    chief.wait_for_selector(".messages")
    assert "本人を指導し" in chief.locator("#outcomes tr.outcome").first.inner_text()
    screenshot(chief, "oversight-supervisor-outcome.png")
    chief.close()
