"""The exam rules (免許試験, 規程第5条–第8条), a matrix per rule. The record of an own-prefecture rule
stands in as the 兵庫 centre's office 28-001; "other" actors belong to 大阪 27-001. Rules limited to
device kinds (OMR装置・採点端末, 問題作成端末, 合格者発表端末) also have a row per device kind."""

import pytest
from tests.conftest import matrix_rows

from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None


MATRIX = {
    "exams.register_examinee": matrix_rows("counter", "case_officer", "examiner"),
    "exams.view_examinees": matrix_rows("counter", "case_officer", "decision", "examiner"),
    "exams.list_examinees": matrix_rows("counter", "case_officer", "decision", "examiner", anywhere=True),
    "exams.use_written_test": matrix_rows("examiner", anywhere=True),
    "exams.record_test_result": matrix_rows("examiner"),
    "exams.upload_answer_sheets": matrix_rows("examiner", devices_by_role=False),
    "exams.manage_questions": matrix_rows("examiner", devices_by_role=False),
    "exams.register_pass": matrix_rows("examiner", "case_officer"),
    "exams.stop_exam": matrix_rows("examiner"),
    "exams.cancel_pass": matrix_rows("decision"),
    "exams.view_pass_board": matrix_rows("counter", "case_officer", "decision", "examiner", anywhere=True,
                                  devices_by_role=False),
}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")


def kinds(*allowed_kinds, anywhere=False):
    return [(kind, kind in allowed_kinds, kind in allowed_kinds and anywhere) for kind in KINDS]


DEVICE_KIND_MATRIX = {
    "exams.upload_answer_sheets": kinds("omr", "scoring"),
    "exams.manage_questions": kinds("question_authoring"),
    "exams.view_pass_board": kinds("pass_board", anywhere=True),
}


@pytest.fixture
def record():
    return Affiliation.objects.get(code="28-001")


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, record) is device_kind_case.expected
