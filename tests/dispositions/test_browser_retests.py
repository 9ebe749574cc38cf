"""Browser: a 再試験 recorded 不合格 (規程第41条の2第1項). The counter clerk finds the driver in 「再試験不合格の
取消し」, hands the 運転免許取消処分書 over at once (not presenting the card without a reason is refused on the
form in Japanese first) — the page shows the kind revoked, the 初心運転者取消登録 and the PDF; the licence is 取消
in the register. On the server ``make run`` starts; screenshots in test-results/."""

import pytest
from tests.conftest import server_shell

pytestmark = pytest.mark.browser

SETUP = """
from datetime import date, timedelta
from django.utils import timezone
from menkyo.core.actors import SystemActor
from menkyo.dispositions.models import Case
from menkyo.registry import services
from menkyo.violations import courses
from menkyo.violations import services as violations
from menkyo.violations.models import CourseNotice
system = SystemActor("browser-setup")
licence = services.register_holder(system, {
    "name": "再試 花子", "name_kana": "サイシ ハナコ", "birth_date": date(1990, 2, 3), "sex": "2",
    "postal_code": "6500011", "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63",
    "kinds": {"普通": date(2010, 8, 1)}, "issue_date": date(2024, 8, 1)})
for code, day in (("signal_red", date(2026, 3, 1)), ("stop_sign", date(2026, 6, 1)), ("speeding_20_25", date(2026, 10, 1))):
    violations.register_violation(system, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day, office_code="28-001")
notice = CourseNotice.objects.get(person=licence.person)
CourseNotice.objects.filter(pk=notice.pk).update(kind="retest", licence_kind=licence.kinds.first().kind_id,
                                                 created_at=timezone.now() - timedelta(days=60))
notice.refresh_from_db()
today = timezone.localdate()
courses.send_course_notice(system, notice, sent_on=today - timedelta(days=50))
courses.record_course_result(system, notice, result="fail", on=today)
print(Case.objects.get(person=licence.person, case_type="retest").pk)
print(licence.number)
"""
STATUS = "from menkyo.registry.models import Licence\nprint(Licence.objects.get(number={!r}).get_status_display())"


def test_a_failed_retest_is_revoked_at_once_at_the_counter(menkyo_server, logged_in_page, screenshot):
    url = menkyo_server["url"]
    case, number = server_shell(menkyo_server, SETUP)[-2:]
    clerk = logged_in_page("browser_counter")
    clerk.goto(url + "/dispositions/retests/")
    clerk.locator(".retest-row", has_text="再試 花子").locator("a").click()
    clerk.uncheck("#retest-form input[name=card_presented]")
    clerk.click("#retest-form button[type=submit]")
    assert "その理由" in clerk.inner_text("#retest-form")
    screenshot(clerk, "retest-1-no-card-refused.png")
    clerk.check("#retest-form input[name=card_presented]")
    clerk.click("#retest-form button[type=submit]")
    clerk.wait_for_selector("ul.messages")
    assert clerk.inner_text("#retest-state") == "執行済"
    assert "中型" in clerk.inner_text("#kinds-revoked") and "なし（免許の取消し）" in clerk.inner_text("#kinds-kept")
    paper = clerk.request.get(url + clerk.get_attribute("#retest-paper", "href"))
    assert paper.ok and paper.body().startswith(b"%PDF")
    screenshot(clerk, "retest-2-revoked.png")
    assert server_shell(menkyo_server, STATUS.format(number))[-1] == "取消"
    assert case
