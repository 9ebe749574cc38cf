"""The 講習・再試験の通知 rules (規程第53条, 第38条) and the 警告対象者 list's, a matrix per rule. The notice belongs to 兵庫 (the holder's
address, 28); "other" actors belong to 大阪 27-001. Sending and results: 「審査」「決定」 operators of the
person's prefecture; reading a notice and its PDF also 「窓口」; the queues admit the roles and their
queryset shows the actor's prefecture."""

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
    "violations.send_course_notice": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.record_course_result": matrix_rows(*DIVISION, devices_by_role=False),
    "violations.view_course_notice": matrix_rows("counter", *DIVISION),
    "violations.list_course_notices": matrix_rows(*DIVISION, anywhere=True),
    # The 行政処分警告対象者 名簿 (violations/lists.py) admits the roles; its queryset shows the actor's prefecture.
    "violations.list_warnings": matrix_rows(*DIVISION, anywhere=True),
    # 規程第33条 (violations/jsdc.py): on the holder's licence.
    "violations.answer_jsdc_inquiry": matrix_rows(*DIVISION, devices_by_role=False),
    # The 放置駐車 feed (violations/feed.py): the other_system link of the prefecture only.
    "violations.read_parking_feed": matrix_rows(devices_by_role=False),
}
RECORDS = {
    "violations.send_course_notice": ("notice",),
    "violations.record_course_result": ("notice",),
    "violations.view_course_notice": ("notice",),
    "violations.answer_jsdc_inquiry": ("licence",),
    "violations.read_parking_feed": ("office",),
}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {
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
    if case.record == "licence":
        return licence
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", OCTOBER)):
        services.register_violation(SYSTEM, **report(licence, code, day), office_code="28-001")
    return CourseNotice.objects.get(person=licence.person)


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, matrix_record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, matrix_record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, matrix_record) is device_kind_case.expected
