"""The 違反等登録 rules (規程第28条–第28条の2), a matrix per rule. Registration is checked on the reporting
office (兵庫 28-001); confirmation, deletion on a 兵庫 record; reading on a 兵庫 holder; the course notice rules
on the 違反者講習 notice of a 兵庫 holder; the JSDC answer on a 兵庫 licence; the 放置駐車 feed on the office. "other" actors
belong to 大阪 27-001. Only operators register; the bulk intake is the ``other_system`` link's alone."""

import pytest
from tests.conftest import matrix_rows
from tests.violations.conftest import JUNE, MARCH, OCTOBER, SYSTEM, report

from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed
from menkyo.registry import services as registry
from menkyo.violations import services
from menkyo.violations.models import CourseNotice

pytestmark = pytest.mark.django_db

DIVISION = ("case_officer", "decision")
MATRIX = {
    "violations.register_violation": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.register_provisional": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.confirm_violation": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.delete_violation": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.receive_batch": matrix_rows(devices_by_role=False),
    "violations.view_violations": matrix_rows("counter", *DIVISION),
    # The queue admits the roles; the queryset shows the actor's prefecture only.
    "violations.list_provisional": matrix_rows(*DIVISION, anywhere=True),
    # 講習・再試験の通知 (violations/courses.py): on a notice of a 兵庫 holder; the queue is scoped.
    "violations.send_course_notice": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.record_course_result": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.view_course_notice": matrix_rows("counter", *DIVISION),
    "violations.list_course_notices": matrix_rows(*DIVISION, anywhere=True),
    # 行政処分警告対象者 (violations/lists.py): the queryset shows the actor's prefecture.
    "violations.list_warnings": matrix_rows(*DIVISION, anywhere=True),
    # 規程第33条 (violations/jsdc.py): on the holder's licence.
    "violations.answer_jsdc_inquiry": matrix_rows(*DIVISION, devices_by_role=False),
    # The 放置駐車 feed (violations/feed.py): the other_system link of the prefecture only.
    "violations.read_parking_feed": matrix_rows(devices_by_role=False),
}
RECORDS = {
    "violations.register_violation": ("office",),
    "violations.register_provisional": ("office",),
    "violations.confirm_violation": ("violation",),
    "violations.delete_violation": ("violation",),
    "violations.receive_batch": ("office",),
    "violations.view_violations": ("person",),
    "violations.send_course_notice": ("notice",),
    "violations.record_course_result": ("notice",),
    "violations.view_course_notice": ("notice",),
    "violations.answer_jsdc_inquiry": ("licence",),
    "violations.read_parking_feed": ("office",),
}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {
    "violations.register_violation": [(kind, False, False) for kind in KINDS],
    "violations.register_provisional": [(kind, False, False) for kind in KINDS],
    "violations.confirm_violation": [(kind, False, False) for kind in KINDS],
    "violations.delete_violation": [(kind, False, False) for kind in KINDS],
    "violations.receive_batch": [(kind, kind == "other_system", False) for kind in KINDS],
    "violations.send_course_notice": [(kind, False, False) for kind in KINDS],
    "violations.record_course_result": [(kind, False, False) for kind in KINDS],
    "violations.answer_jsdc_inquiry": [(kind, False, False) for kind in KINDS],
    "violations.read_parking_feed": [(kind, kind == "other_system", False) for kind in KINDS],
}


@pytest.fixture
def matrix_record(request, holder_data):
    case = request.node.callspec.params.get("matrix_case") or request.node.callspec.params["device_kind_case"]
    if case.record is None:
        return None
    if case.record == "office":
        return Affiliation.objects.get(code="28-001")
    licence = registry.register_holder(SYSTEM, holder_data)
    if case.record == "person":
        return licence.person
    if case.record == "licence":
        return licence
    if case.record == "notice":  # three minor violations: 6 points, the 違反者講習 notice
        for code, day in (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", OCTOBER)):
            services.register_violation(SYSTEM, **report(licence, code, day), office_code="28-001")
        return CourseNotice.objects.get(person=licence.person)
    return services.register_violation(SYSTEM, **report(licence), office_code="28-001")


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, matrix_record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, matrix_record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, matrix_record) is device_kind_case.expected
