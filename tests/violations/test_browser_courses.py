"""Browser: a 審査 officer registers three minor violations of one driver; at 6 points the 違反者講習 notice
appears in the queue of notices to send (規程第53条); the officer records the sending in 和暦 (a future day
refused first), the deadline one month on appears, and the 違反者講習通知書 PDF is downloaded."""

import pytest
from tests.documents.pdf import flat, pdf_text
from tests.violations.test_browser import VIOLATIONS, a_holder, register

pytestmark = pytest.mark.browser


def test_three_minor_violations_reaching_6_points_put_a_violator_course_notice_in_the_queue_and_its_pdf_is_made(
        menkyo_server, logged_in_page, screenshot):
    number = a_holder(menkyo_server)
    page = logged_in_page("browser_officer")
    for day, name in VIOLATIONS:
        page.goto(menkyo_server["url"] + "/violations/register/")
        register(page, number, day, name)
        page.wait_for_selector("ul.messages")
    assert page.inner_text("#outcome") == "違反者講習"

    page.click("nav.mainnav a[href='/violations/courses/']")
    row = page.locator("#to-send .notice-row", has_text="違反 三郎")
    assert row.count() == 1 and "違反者講習" in row.inner_text()
    screenshot(page, "course-notices-0-queue.png")
    row.locator("a").click()
    assert "信号無視（赤色等）" in page.inner_text("#notice-grounds") and page.inner_text("#notice-state") == "未通知"

    page.fill("#send-form input[name=sent_on]", "令和99年1月1日")
    page.click("#send-submit")
    assert "未来の日付" in page.inner_text("#send-form")
    page.fill("#send-form input[name=sent_on]", page.evaluate(TODAY_WAREKI))
    page.click("#send-submit")
    page.wait_for_selector("ul.messages")
    assert "発送を記録しました" in page.inner_text("ul.messages")
    assert page.inner_text("#notice-state") == "通知済" and "令和" in page.inner_text("#notice-deadline")
    screenshot(page, "course-notices-1-sent.png")

    response = page.request.get(menkyo_server["url"] + page.locator("#notice-pdf").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(response.body()))
    assert "違反者講習通知書" in text and "違反三郎" in text and "第102条の2" in text and number in text


# Today in 和暦 as the browser's Japanese calendar writes it (令和8年11月28日), in Tokyo time.
TODAY_WAREKI = """() => new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {era: 'long', year: 'numeric', month: 'numeric',
  day: 'numeric', timeZone: 'Asia/Tokyo'}).format(new Date())"""
