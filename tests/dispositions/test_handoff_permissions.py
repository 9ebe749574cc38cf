"""The 移送・執行依頼 rules (規程第38条, 第38条の2), a matrix per rule. "own" actors belong to 兵庫 28-001,
"other" to 大阪 27-001. 審査 of the case's prefecture sends; 審査 of the receiving prefecture (the
hand-off's) accepts or returns; 窓口・審査・決定 of either side list; an accepted 執行依頼 to 兵庫 lets 兵庫's
窓口・審査 execute (and read the execution of) a case that stays 大阪's. Devices do none of it."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows
from tests.dispositions.conftest import revocation_case
from tests.violations.conftest import SYSTEM

from menkyo.core.permissions import allowed
from menkyo.dispositions.models import HANDOFFS, Case, Handoff, HandoffKind, HandoffState
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

#: The hand-off rules' own matrices, run by tests/dispositions/test_permissions.py (where the core test
#: looks for every rule's matrix) with the records :data:`RECORD_MAKERS` builds.
HANDOFF_MATRIX = {
    "dispositions.send_handoff": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.accept_handoff": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.list_handoffs": matrix_rows("counter", "case_officer", "decision", anywhere=True, devices_by_role=False),
}
HANDOFF_RECORDS = {"dispositions.send_handoff": ("case",), "dispositions.accept_handoff": ("handoff",)}
MATRIX = {
    # On a 大阪 case whose execution 兵庫 accepted: 大阪 (its own case) and 兵庫 (the request) both may.
    "dispositions.execute_case": matrix_rows("counter", "case_officer", anywhere=True, devices_by_role=False),
    "dispositions.view_execution": matrix_rows("counter", "case_officer", "decision", anywhere=True,
                                               devices_by_role=False),
}
RECORDS = {
    "dispositions.execute_case": ("requested_case",),
    "dispositions.view_execution": ("requested_case",),
}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in MATRIX}
HANDOFF_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in HANDOFF_MATRIX}


def osaka_case_sent_to_hyogo(holder_data, kind=HandoffKind.TRANSFER, state=HandoffState.SENT):
    """A case of 大阪 (written directly) with a hand-off to 兵庫."""
    case = revocation_case(registry.register_holder(SYSTEM, holder_data))
    Case.objects.filter(pk=case.pk).update(prefecture_id="27")
    handoff = Handoff.objects.create(case=case, person_id=case.person_id, kind=kind, state=state, from_prefecture_id="27",
                                     to_prefecture_id="28",
                                     sent_on=timezone.localdate(), sent_by="osaka_case")
    case.refresh_from_db()
    return case, handoff


#: Records of the hand-off matrices (by the name in RECORDS / HANDOFF_RECORDS), from holder data.
RECORD_MAKERS = {
    "handoff": lambda holder_data: osaka_case_sent_to_hyogo(holder_data)[1],
    "requested_case": lambda holder_data: osaka_case_sent_to_hyogo(holder_data, HandoffKind.EXECUTION,
                                                                   HandoffState.ACCEPTED)[0],
}


@pytest.fixture
def matrix_record(request, holder_data):
    case = request.node.callspec.params.get("matrix_case") or request.node.callspec.params["device_kind_case"]
    return RECORD_MAKERS[case.record](holder_data)


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, matrix_record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, matrix_record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, matrix_record) is device_kind_case.expected


@pytest.mark.parametrize("state", [HandoffState.SENT, HandoffState.RETURNED])
def test_an_execution_request_not_accepted_lets_the_receiving_prefecture_execute_nothing(holder_data, make_actor,
                                                                                        state):
    case, _ = osaka_case_sent_to_hyogo(holder_data, HandoffKind.EXECUTION, state)
    assert allowed(make_actor("counter", "own"), "dispositions.execute_case", case) is False


def test_the_executing_prefecture_still_reads_the_execution_it_did(holder_data, make_actor):
    case, _ = osaka_case_sent_to_hyogo(holder_data, HandoffKind.EXECUTION, HandoffState.EXECUTED)
    assert allowed(make_actor("counter", "own"), "dispositions.view_execution", case) is True


def test_an_accepted_transfer_is_no_execution_request(holder_data, make_actor):
    case, _ = osaka_case_sent_to_hyogo(holder_data, HandoffKind.TRANSFER, HandoffState.ACCEPTED)
    assert allowed(make_actor("counter", "own"), "dispositions.execute_case", case) is False


def test_every_transition_of_the_handoff_workflow_names_a_registered_rule():
    assert HANDOFFS.check() == []
