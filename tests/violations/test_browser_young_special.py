"""Browser: a 19-year-old whose 中型 was obtained through the 受験資格特例 — the licence page shows 「（特例取得）」; two
violations in the 若年運転者期間 opened a 若年運転者講習 notice (sent, set up in the shell); the 審査 officer records it
受講済 on the notice's page and the driver is re-assessed with the course (the engine no longer refuses it)."""

import pytest
from tests.conftest import server_shell
from tests.violations.test_browser_courses import TODAY_WAREKI

pytestmark = pytest.mark.browser

YOUNG = """
from datetime import timedelta
from django.utils import timezone
from menkyo.core.actors import SystemActor
from menkyo.registry import services as registry
from menkyo.violations import services
from menkyo.violations.models import CourseNotice
actor, today = SystemActor("browser-setup"), timezone.localdate()
born = (today - timedelta(days=300)).replace(day=1)
born = born.replace(year=born.year - 19)
first = born.replace(year=born.year + 18) + timedelta(days=1)
licence = registry.register_holder(actor, {
    "name": "特例 六郎", "name_kana": "トクレイ ロクロウ", "birth_date": born, "sex": "1", "postal_code": "6500011",
    "address": "兵庫県神戸市中央区下山手通5丁目4番1号", "commission": "63", "issue_date": first,
    "kinds": {"普通": first, "中型": today - timedelta(days=200)}, "special_kinds": ["中型"]})
for days in (150, 100):
    services.register_violation(actor, licence_number=licence.number, kind="general", code="signal_red",
                                violation_date=today - timedelta(days=days), office_code="28-001")
notice = CourseNotice.objects.get(person=licence.person, kind="young_driver_course")
CourseNotice.objects.filter(pk=notice.pk).update(state="sent", sent_on=today - timedelta(days=20),
                                                 deadline=today + timedelta(days=10), sent_by="browser-setup")
print(notice.pk)
print(licence.number)
"""


def test_a_special_kind_is_shown_and_its_young_driver_course_recorded_attended(menkyo_server, logged_in_page,
                                                                              screenshot):
    notice, number = server_shell(menkyo_server, YOUNG)[-2:]
    page = logged_in_page("browser_officer")
    page.goto(f"{menkyo_server['url']}/registry/licences/{number}/?purpose=窓口事務")
    special = page.locator("[data-testid=kind-held]", has_text="（特例取得）")
    assert special.count() == 1 and "中型" in special.inner_text()
    screenshot(page, "special-kind-0-licence.png")

    page.goto(f"{menkyo_server['url']}/violations/courses/{notice}/")
    assert "若年運転者講習" in page.inner_text("#notice-detail") and page.inner_text("#notice-state") == "通知済"
    page.select_option("#result-form select[name=result]", label="受講済")
    page.fill("#result-form input[name=on]", page.evaluate(TODAY_WAREKI))
    page.click("#result-submit")
    page.wait_for_selector("ul.messages")
    assert page.inner_text("#notice-state") == "受講済"
    assert "受験資格特例による免許がありません" not in page.content()
    screenshot(page, "special-kind-1-attended.png")
