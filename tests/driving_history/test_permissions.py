"""The 運転経歴証明書 rules (規程第42条–第42条の4), a matrix per rule. The record stands in as the 兵庫
office 28-001; "other" actors belong to 大阪 27-001. No device hands a certificate over."""

import pytest
from tests.conftest import matrix_rows

from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed

pytestmark = pytest.mark.django_db

MATRIX = {
    "driving_history.issue_certificate": matrix_rows("counter", "case_officer", devices_by_role=False),
    "driving_history.view_certificate": matrix_rows("counter", "case_officer", "decision"),
}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {"driving_history.issue_certificate": [(kind, False, False) for kind in KINDS]}


@pytest.fixture
def record():
    return Affiliation.objects.get(code="28-001")


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, record) is device_kind_case.expected
