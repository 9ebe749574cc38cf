"""The rules of the receiving side of an 執行依頼 and of the 取下げ (規程第38条, 第38条の2第2項), a matrix per
rule. "own" actors belong to 兵庫 28-001, "other" to 大阪 27-001. 審査 of the prefecture that received and
executed an 執行依頼 reports it; 審査 of the prefecture that sent a hand-off withdraws it; on a 大阪 case whose
execution 兵庫 accepted, 兵庫's 審査 summons and its 窓口・審査 record the course (as does 大阪, its own case);
the held card is given back by the prefecture that holds it. Devices do none of it."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows
from tests.dispositions.conftest import revocation_case
from tests.dispositions.test_handoff_permissions import (
    KINDS,
    RECORD_MAKERS,
    osaka_case_sent_to_hyogo,
)
from tests.violations.conftest import SYSTEM

from menkyo.core.permissions import allowed
from menkyo.dispositions.models import (
    Case,
    CaseState,
    Execution,
    Handoff,
    HandoffFollowUp,
    HandoffKind,
    HandoffState,
)
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

#: The new rules' matrices, run by tests/dispositions/test_permissions.py (where the core test looks for
#: every rule's matrix) with the records :data:`RECEIVING_RECORD_MAKERS` builds.
RECEIVING_MATRIX = {
    "dispositions.report_requested_execution": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.withdraw_handoff": matrix_rows("case_officer", devices_by_role=False),
}
RECEIVING_RECORDS = {"dispositions.report_requested_execution": ("executed_request",),
                     "dispositions.withdraw_handoff": ("hyogo_handoff",)}
RECEIVING_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in RECEIVING_MATRIX}
MATRIX = {
    # On a 大阪 case whose execution 兵庫 accepted: 大阪 (its own case) and 兵庫 (the request) both may.
    "dispositions.summon_for_execution": matrix_rows("case_officer", anywhere=True, devices_by_role=False),
    "dispositions.record_course": matrix_rows("counter", "case_officer", anywhere=True, devices_by_role=False),
    # A 大阪 case executed by 兵庫 on request, the card not yet sent back: 兵庫 holds it.
    "dispositions.release_card": matrix_rows("counter", "case_officer", devices_by_role=False),
}
RECORDS = {"dispositions.summon_for_execution": ("requested_case",), "dispositions.record_course": ("requested_case",),
           "dispositions.release_card": ("executed_here",)}
DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in MATRIX}


def executed_here(holder_data, card=""):
    """A 大阪 case 兵庫 executed on request (the card held); ``card`` as reported back."""
    case, handoff = osaka_case_sent_to_hyogo(holder_data, HandoffKind.EXECUTION, HandoffState.EXECUTED)
    Case.objects.filter(pk=case.pk).update(state=CaseState.EXECUTED)
    Execution.objects.create(case=case, executed_on=timezone.localdate(), card_handling="held")
    if card:
        HandoffFollowUp.objects.create(handoff=handoff, reported_on=timezone.localdate(), card=card)
    return case


def hyogo_handoff(holder_data):
    """A 兵庫 case sent to 大阪, not yet accepted."""
    case = revocation_case(registry.register_holder(SYSTEM, holder_data))
    return Handoff.objects.create(case=case, person_id=case.person_id, kind=HandoffKind.TRANSFER,
                                  from_prefecture_id="28", to_prefecture_id="27", sent_on=timezone.localdate(),
                                  sent_by="hyogo_case")


RECEIVING_RECORD_MAKERS = {
    "executed_request": lambda holder_data: osaka_case_sent_to_hyogo(holder_data, HandoffKind.EXECUTION,
                                                                     HandoffState.EXECUTED)[1],
    "hyogo_handoff": hyogo_handoff,
    "executed_here": executed_here,
}


@pytest.fixture
def matrix_record(request, holder_data):
    case = request.node.callspec.params.get("matrix_case") or request.node.callspec.params["device_kind_case"]
    return {**RECORD_MAKERS, **RECEIVING_RECORD_MAKERS}[case.record](holder_data)


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, matrix_record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, matrix_record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, matrix_record) is device_kind_case.expected


def test_once_the_card_is_sent_back_only_the_deciding_prefecture_gives_it_back(holder_data, make_actor):
    case = executed_here(holder_data, card="sent")
    assert allowed(make_actor("counter", "own"), "dispositions.release_card", case) is False
    assert allowed(make_actor("counter", "other"), "dispositions.release_card", case) is True


def test_a_card_kept_for_the_course_is_given_back_by_the_executing_prefecture(holder_data, make_actor):
    case = executed_here(holder_data, card="kept")
    assert allowed(make_actor("counter", "own"), "dispositions.release_card", case) is True
    assert allowed(make_actor("counter", "other"), "dispositions.release_card", case) is False


def test_an_execution_request_not_yet_accepted_lets_the_receiving_prefecture_summon_nothing(holder_data, make_actor):
    case, _ = osaka_case_sent_to_hyogo(holder_data, HandoffKind.EXECUTION, HandoffState.SENT)
    assert allowed(make_actor("case_officer", "own"), "dispositions.summon_for_execution", case) is False


def test_the_receiving_prefecture_may_not_withdraw_what_was_sent_to_it(holder_data, make_actor):
    handoff = osaka_case_sent_to_hyogo(holder_data)[1]
    assert allowed(make_actor("case_officer", "own"), "dispositions.withdraw_handoff", handoff) is False
    assert allowed(make_actor("case_officer", "other"), "dispositions.withdraw_handoff", handoff) is True
