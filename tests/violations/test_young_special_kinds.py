"""The 特例取得免許 in a real assessment (issue 9/11): the assessment's engine input names a kind held with
``special_course`` as ``special_route: true``, so registered violations in the 若年運転者期間 open a 若年運転者講習
notice, and recording it 受講済 re-assesses the driver without the engine's refusal (law-rules §4.2)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.violations.conftest import SYSTEM, report

from menkyo.core.errors import InvalidInput
from menkyo.registry import services as registry
from menkyo.registry.models import LicenceKindHeld
from menkyo.violations import batch, courses, services
from menkyo.violations.models import Assessment, CourseNotice

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def young_licence(holder_data):
    """A 19-year-old with 普通 since 18 and 中型 through the 受験資格特例 200 days ago (若年運転者期間 to the day before 20)."""
    born = ago(300).replace(year=ago(300).year - 19)
    first = born.replace(year=born.year + 18) + timedelta(days=1)
    return registry.register_holder(SYSTEM, dict(holder_data, birth_date=born, issue_date=first,
                                                 kinds={"普通": first, "中型": ago(200)}, special_kinds=["中型"]))


def two_violations(officer, licence):
    for days in (150, 100):  # 2 points each: 4 points in the period
        services.register_violation(officer, **report(licence, "signal_red", ago(days)))


def attend(officer, notice, on=0):
    """Sent (the notice as if opened 60 days ago) and attended ``on`` days ago."""
    CourseNotice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(days=60))
    notice.refresh_from_db()
    courses.send_course_notice(officer, notice, sent_on=ago(50), received_on=ago(48))
    return courses.record_course_result(officer, notice, result="attend", on=ago(on))


def test_the_engine_input_names_the_special_kind_as_a_special_route_licence(young_licence):
    _, data = services.assessment_input(young_licence.person, [])
    assert {(lic["kind"], lic.get("special_route", False)) for lic in data["licences"]} == {
        ("普通", False), ("中型", True)}


def test_violations_in_the_young_drivers_period_open_a_young_driver_course_notice(officer, young_licence):
    two_violations(officer, young_licence)
    notice = CourseNotice.objects.get(person=young_licence.person)
    assert (notice.kind, notice.licence_kind, notice.period_key) == ("young_driver_course", "中型", ago(200).isoformat())
    finding = Assessment.objects.filter(person=young_licence.person).latest("pk").result["young_driver"][0]
    assert finding["meets_criteria"] is True and finding["points"] == 4


def test_a_young_driver_course_recorded_attended_is_reassessed_with_the_course(officer, young_licence):
    two_violations(officer, young_licence)
    notice = attend(officer, CourseNotice.objects.get(person=young_licence.person))
    assert notice.state == "attended"
    latest = Assessment.objects.filter(person=young_licence.person).latest("pk")
    assert latest.result["young_driver"][0]["revocation_required"] is False
    assert any("若年運転者講習" in step["detail"] for step in latest.result["trace"])


def test_a_violation_after_the_course_meeting_the_criterion_again_requires_the_revocation(officer, young_licence):
    two_violations(officer, young_licence)
    attend(officer, CourseNotice.objects.get(person=young_licence.person), on=20)
    services.register_violation(officer, **report(young_licence, "speeding_30_50", ago(10)))
    latest = Assessment.objects.filter(person=young_licence.person).latest("pk")
    assert latest.result["young_driver"][0]["revocation_required"] is True


def test_a_legacy_licence_without_the_flag_is_refused_the_course_and_nothing_changes(officer, young_licence):
    two_violations(officer, young_licence)
    LicenceKindHeld.objects.filter(licence=young_licence).update(special_course=False)
    notice = CourseNotice.objects.get(person=young_licence.person)
    with pytest.raises(InvalidInput, match="受験資格特例による免許がありません"):
        attend(officer, notice)
    notice.refresh_from_db()
    assert notice.state == "sent"


def test_the_bulk_intake_gives_the_engine_the_special_kind_too(link, young_licence):
    items = [{"external_reference": f"Y-{days}", **report(young_licence, "signal_red", ago(days).isoformat())}
             for days in (150, 100)]
    results = batch.receive_violation_batch(link, items, source_system="hansoku")
    assert [r["result"] for r in results] == ["registered"] * 2
    notice = CourseNotice.objects.get(person=young_licence.person)
    assert (notice.kind, notice.licence_kind) == ("young_driver_course", "中型")
