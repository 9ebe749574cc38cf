"""The 更新連絡書 rules (規程第56条第2項), a matrix per rule. The record stands in as the 兵庫 office
28-001; "other" actors belong to 大阪 27-001. No device runs the batch or takes its mail file."""

import pytest
from tests.conftest import matrix_rows

from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed

pytestmark = pytest.mark.django_db

MATRIX = {
    "notices.run_batch": matrix_rows("case_officer", devices_by_role=False),
    "notices.view_batches": matrix_rows("counter", "case_officer", "decision"),
    # The list admits the roles; the queryset shows the actor's prefecture only.
    "notices.list_batches": matrix_rows("counter", "case_officer", "decision", anywhere=True),
    # A station of any prefecture reports (the body was found there); the inquiry must be its own.
    "notices.report_death": matrix_rows("counter", "case_officer", "inquiry", anywhere=True),
    "notices.register_deletion": matrix_rows("case_officer", "decision", devices_by_role=False),
    # The service admits the licence's prefecture and the reporting station's (test_deaths.py).
    "notices.view_death_reports": matrix_rows("counter", "case_officer", "decision", "inquiry", anywhere=True),
    "notices.list_death_reports": matrix_rows("counter", "case_officer", "decision", "inquiry", anywhere=True),
}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {
    "notices.run_batch": [(kind, False, False) for kind in KINDS],
    "notices.register_deletion": [(kind, False, False) for kind in KINDS],
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


def test_the_monthly_batch_may_run():
    assert allowed(SystemActor("task:notices.batch"), "notices.run_batch")
