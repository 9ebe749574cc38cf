"""Browser: an 照会 operator enters a 所属長's request for an alert (手配), a 審査 operator approves it,
an inquiry shows the hit, the office's inbox shows the notification, and release ends it — on the
server ``make run`` starts."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def inquire(page, url, number):
    page.goto(url + "/inquiry/")
    page.fill("input[name=query]", number)
    page.select_option("select[name=purpose]", "交通取締り")
    page.click("main button[type=submit]")
    page.wait_for_selector("#inquiry-result")


def test_an_alert_requested_and_approved_is_hit_by_an_inquiry_notifies_the_office_and_release_ends_it(
        menkyo_server, logged_in_page, screenshot):
    url, number = menkyo_server["url"], menkyo_server["number"]
    requester = logged_in_page("browser_inquiry")
    requester.click("nav.mainnav a[href='/alerts/']")
    requester.click("#new-alert")
    requester.select_option("select[name=kind]", "other")
    requester.fill("input[name=licence_number]", number)
    requester.fill("textarea[name=reason]", "所在確認（ひき逃げ事件の参考人）")
    requester.fill("input[name=case_number]", "R8-555")
    requester.fill("input[name=expiry_date]", "2000-01-01")  # in the past: refused in Japanese
    requester.click("main button[type=submit]")
    assert "有効期限は明日以降の日付を入力してください" in requester.inner_text("main")
    screenshot(requester, "alerts-0-request-refused.png")
    expiry = (timezone.localdate() + timedelta(days=200)).isoformat()
    requester.fill("input[name=expiry_date]", expiry)
    requester.click("main button[type=submit]")
    requester.wait_for_selector("#alert-detail")
    assert requester.inner_text("#alert-state") == "申請中"
    assert "自分が要請を入力した手配は承認できません" in requester.inner_text("#alert-actions")
    assert requester.locator("#approve").count() == 0
    screenshot(requester, "alerts-1-requested.png")
    detail = requester.url

    approver = logged_in_page("browser_officer")
    approver.goto(detail)
    approver.click("#approve")
    approver.wait_for_selector("ul.messages")
    assert approver.inner_text("#alert-state") == "登録済"
    screenshot(approver, "alerts-2-approved.png")

    inquire(requester, url, number)
    hit = requester.locator(".alert-hits")
    assert hit.count() == 1 and "【その他手配】" in hit.inner_text() and "手配元へ連絡" in hit.inner_text()
    assert requester.locator("tr.match.alert-hit").count() == 1
    screenshot(requester, "alerts-3-inquiry-hit.png")

    approver.goto(url + "/alerts/inbox/")  # the top bar links the app; its entries are the second row
    rows = approver.locator("#inbox tr.notification.unread")
    assert rows.count() == 1 and "その他手配" in rows.first.inner_text() and "交通取締り" in rows.first.inner_text()
    screenshot(approver, "alerts-4-inbox.png")
    rows.first.locator("button").click()
    approver.wait_for_selector("ul.messages")
    assert approver.locator("#inbox tr.notification.unread").count() == 0

    requester.goto(detail)
    requester.fill("textarea[name=reason]", "所在判明（出頭済み）")
    requester.click("#release")
    requester.wait_for_selector("ul.messages")
    assert requester.inner_text("#alert-state") == "解除"
    screenshot(requester, "alerts-5-released.png")
    inquire(requester, url, number)
    assert requester.locator(".alert-hits").count() == 0
