"""Browser: a 審査 officer registers three minor violations of one driver; at 6 points the 違反者講習 notice
appears in the queue of notices to send (規程第53条); the officer records the sending in 和暦 (a future day
refused first), the deadline one month on appears, and the 違反者講習通知書 PDF is downloaded. A driver at 5
points is on the 行政処分警告対象者 名簿 (and its CSV); a 仮登録 older than the confirmation age is listed."""

import pytest
from tests.conftest import server_shell
from tests.documents.pdf import flat, pdf_text
from tests.violations.test_browser import HOLDER, VIOLATIONS, a_holder, register

pytestmark = pytest.mark.browser


def go_to(page, href):
    """Through the navigation: the top bar's 違反等登録, then the app's entry in the second row."""
    page.click("nav.mainnav a[href='/violations/register/']")
    page.click(f"nav.subnav a[href='{href}']")


# A driver of their own (the server is shared with test_browser.py's 違反 三郎).
COURSE_HOLDER = HOLDER.replace("違反 三郎", "講習 五郎").replace("イハン サブロウ", "コウシュウ ゴロウ")


def test_three_minor_violations_reaching_6_points_put_a_violator_course_notice_in_the_queue_and_its_pdf_is_made(
        menkyo_server, logged_in_page, screenshot):
    number = server_shell(menkyo_server, COURSE_HOLDER)[-1]
    page = logged_in_page("browser_officer")
    for day, name in VIOLATIONS:
        page.goto(menkyo_server["url"] + "/violations/register/")
        register(page, number, day, name)
        page.wait_for_selector("ul.messages")
    assert page.inner_text("#outcome") == "違反者講習"

    go_to(page, "/violations/courses/")
    row = page.locator("#to-send .notice-row", has_text="講習 五郎")
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
    assert "違反者講習通知書" in text and "講習五郎" in text and "第102条の2" in text and number in text


# Today in 和暦 as the browser's Japanese calendar writes it (令和8年11月28日), in Tokyo time.
TODAY_WAREKI = """() => new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {era: 'long', year: 'numeric', month: 'numeric',
  day: 'numeric', timeZone: 'Asia/Tokyo'}).format(new Date())"""


WARNED = """
from datetime import date, timedelta
from django.utils import timezone
from menkyo.core.actors import SystemActor
from menkyo.registry import services as registry
from menkyo.violations import services
from menkyo.violations.models import ViolationRecord
actor = SystemActor("browser-setup")
licence = registry.register_holder(actor, {
    "name": "警告 四郎", "name_kana": "ケイコク シロウ", "birth_date": date(1985, 1, 9), "sex": "1",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号",
    "commission": "63", "kinds": {"普通": date(2005, 8, 1)}, "issue_date": date(2024, 8, 1)})
for code, day in (("signal_red", date(2026, 3, 1)), ("stop_sign", date(2026, 6, 1))):
    services.register_violation(actor, licence_number=licence.number, kind="general", code=code, violation_date=day,
                                office_code="28-001")
old = services.register_provisional_violation(actor, caller="生田署 交通課 山本", licence_number=licence.number,
                                              kind="general", code="seatbelt", violation_date=date(2026, 7, 1),
                                              office_code="28-001")
ViolationRecord.objects.filter(pk=old.pk).update(registered_at=timezone.now() - timedelta(days=40))
print(licence.number)
"""


def test_a_driver_at_5_points_is_on_the_warning_list_with_its_csv_and_an_old_provisional_registration_is_listed(
        menkyo_server, logged_in_page, screenshot):
    number = server_shell(menkyo_server, WARNED)[-1]
    page = logged_in_page("browser_officer")
    go_to(page, "/violations/warnings/")
    row = page.locator("#warning-list .warning-row", has_text="警告 四郎")
    assert row.count() == 1 and "5点" in row.inner_text() and "仮定" in page.inner_text("#warning-assumption")
    screenshot(page, "warning-list.png")
    csv = page.request.get(menkyo_server["url"] + page.locator("#warnings-csv").get_attribute("href"))
    assert csv.ok and number in csv.text() and "警告 四郎" in csv.text()

    page.goto(menkyo_server["url"] + "/violations/provisional/")
    page.click("#overdue-link")
    assert "生田署 交通課 山本" in page.inner_text("#overdue-provisional")
    screenshot(page, "provisional-overdue.png")


def test_an_officer_answers_the_jsdc_office_with_the_points_notice_pdf(menkyo_server, logged_in_page, screenshot):
    number = a_holder(menkyo_server)
    page = logged_in_page("browser_officer")
    go_to(page, "/violations/jsdc/")
    page.fill("input[name=licence_number]", "1234")
    page.fill("input[name=inquiry_reference]", "兵セ第77号")
    page.fill("input[name=inquiry_date]", "令和8年11月2日")
    page.click("#jsdc-submit")
    assert "12桁の数字" in page.inner_text("#jsdc-form")
    screenshot(page, "jsdc-0-error.png")
    page.fill("input[name=licence_number]", number)
    answers = []

    def keep(route):  # the browser shows the PDF inline: keep a copy of what the server sent
        if route.request.method != "POST":
            return route.continue_()
        fetched = route.fetch()
        answers.append((fetched.headers["content-type"], fetched.body()))
        return route.fulfill(response=fetched)

    page.route("**/violations/jsdc/", keep)
    page.click("#jsdc-submit")
    for _ in range(100):  # until the answer has passed through the route
        if answers:
            break
        page.wait_for_timeout(100)
    assert answers and answers[-1][0] == "application/pdf"
    text = flat(pdf_text(answers[-1][1]))
    assert "累積点数等通知書" in text and "兵セ第77号" in text and number in text
