"""The 処分事案 rules (規程第30条–第32条, 第44条), a matrix per rule, on a case of a 兵庫 driver (the case's
prefecture is the driver's home prefecture). "other" actors belong to 大阪 27-001. 審査 prepares,
決定 decides, defers and strikes out; devices do none of it."""

import pytest
from tests.conftest import matrix_rows
from tests.dispositions.conftest import revocation_case
from tests.dispositions.test_handoff_permissions import (
    HANDOFF_DEVICE_KIND_MATRIX,
    HANDOFF_MATRIX,
    HANDOFF_RECORDS,
    RECORD_MAKERS,
)
from tests.violations.conftest import SYSTEM

from menkyo.core.actors import SystemActor
from menkyo.core.permissions import allowed
from menkyo.dispositions.models import CASES
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

MATRIX = {
    "dispositions.prepare_case": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.hold_hearing": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.decide_case": matrix_rows("decision", devices_by_role=False),
    "dispositions.close_case": matrix_rows("decision", devices_by_role=False),
    "dispositions.view_case": matrix_rows("case_officer", "decision", devices_by_role=False),
    # The queues admit the roles; the queryset shows the actor's prefecture only.
    "dispositions.list_cases": matrix_rows("case_officer", "decision", anywhere=True, devices_by_role=False),
}
RECORDS = {rule: ("case",) for rule in MATRIX if rule != "dispositions.list_cases"}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in MATRIX}


@pytest.fixture
def matrix_record(request, holder_data):
    case = request.node.callspec.params.get("matrix_case") or request.node.callspec.params["device_kind_case"]
    if case.record is None:
        return None
    if case.record in RECORD_MAKERS:  # the hand-offs' records (test_handoff_permissions.py)
        return RECORD_MAKERS[case.record](holder_data)
    return revocation_case(registry.register_holder(SYSTEM, holder_data))


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, matrix_record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, matrix_record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, matrix_record) is device_kind_case.expected


def test_every_transition_of_the_case_workflow_names_a_registered_rule():
    assert CASES.check() == []


EXECUTION_MATRIX = {
    "dispositions.summon_for_execution": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.execute_case": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.record_course": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.release_card": matrix_rows("counter", "case_officer", devices_by_role=False),
    # Only the daily batch marks a case 執行不能 (規程第37条).
    "dispositions.mark_unexecutable": matrix_rows(devices_by_role=False),
    "dispositions.view_execution": matrix_rows("counter", "case_officer", "decision", devices_by_role=False),
    "dispositions.list_executions": matrix_rows("counter", "case_officer", "decision", anywhere=True,
                                                devices_by_role=False),
}
MATRIX.update(EXECUTION_MATRIX)
RECORDS.update({rule: ("case",) for rule in EXECUTION_MATRIX if rule != "dispositions.list_executions"})
DEVICE_KIND_MATRIX.update({rule: [(kind, False, False) for kind in KINDS] for rule in EXECUTION_MATRIX})


def test_the_batch_may_mark_a_case_unexecutable():
    assert allowed(SystemActor("task:dispositions.search_expired"), "dispositions.mark_unexecutable")


# 拒否・保留 of applicants (規程第21条–第25条): the station notifies and reports (窓口・審査), the licence
# division reports the 交付停止 (審査).
APPLICANT_MATRIX = {
    "dispositions.notify_refusal": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.report_deferral_ended": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.hold_for_case": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.list_applicants": matrix_rows("counter", "case_officer", "decision", anywhere=True,
                                                devices_by_role=False),
}
MATRIX.update(APPLICANT_MATRIX)
RECORDS.update({rule: ("case",) for rule in APPLICANT_MATRIX if rule != "dispositions.list_applicants"})
DEVICE_KIND_MATRIX.update({rule: [(kind, False, False) for kind in KINDS] for rule in APPLICANT_MATRIX})

# 仮停止 and 危険性帯有 (規程第39条, 第40条, 第29条; ADR 0016 part 4b): 「審査」 of any prefecture reports (the
# accident place's station, the reporting station); the 弁明 and papers are the 仮停止's prefecture's (the
# record here is a 兵庫 case: the rule looks at the prefecture only); only the batch ends a 仮停止.
PROVISIONAL_MATRIX = {
    "dispositions.report_provisional": matrix_rows("case_officer", anywhere=True, devices_by_role=False),
    "dispositions.report_danger": matrix_rows("case_officer", anywhere=True, devices_by_role=False),
    "dispositions.handle_provisional": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.end_provisional": matrix_rows(devices_by_role=False),
    "dispositions.request_early_hearing": matrix_rows("case_officer", devices_by_role=False),
}
MATRIX.update(PROVISIONAL_MATRIX)
RECORDS.update({rule: ("case",) for rule in ("dispositions.handle_provisional", "dispositions.end_provisional",
                                             "dispositions.request_early_hearing")})
DEVICE_KIND_MATRIX.update({rule: [(kind, False, False) for kind in KINDS] for rule in PROVISIONAL_MATRIX})

# Hand-offs between prefectures (規程第38条, 第38条の2): matrices and records in test_handoff_permissions.py.
MATRIX.update(HANDOFF_MATRIX)
RECORDS.update(HANDOFF_RECORDS)
DEVICE_KIND_MATRIX.update(HANDOFF_DEVICE_KIND_MATRIX)

# Deadlines at risk (ADR 0016 part 7): matrices and records in test_deadline_permissions.py.
from tests.dispositions.test_deadline_permissions import (  # noqa: E402
    DEADLINE_DEVICE_KIND_MATRIX,
    DEADLINE_MATRIX,
    DEADLINE_RECORDS,
    hyogo_notice,
)

MATRIX.update(DEADLINE_MATRIX)
RECORDS.update(DEADLINE_RECORDS)
DEVICE_KIND_MATRIX.update(DEADLINE_DEVICE_KIND_MATRIX)
RECORD_MAKERS["deadline_notice"] = hyogo_notice
# 一定の病気等 (規程第26条–第27条の3): matrices and records in test_medical_permissions.py.
from tests.dispositions.test_medical_permissions import (  # noqa: E402
    MEDICAL_DEVICE_KIND_MATRIX,
    MEDICAL_MATRIX,
    MEDICAL_RECORD_MAKERS,
    MEDICAL_RECORDS,
)

MATRIX.update(MEDICAL_MATRIX)
RECORDS.update(MEDICAL_RECORDS)
DEVICE_KIND_MATRIX.update(MEDICAL_DEVICE_KIND_MATRIX)
RECORD_MAKERS.update(MEDICAL_RECORD_MAKERS)

# --- 仮免許の取消し (規程第41条; tests/dispositions/test_revocation_permissions.py) -----------------------
from tests.dispositions.test_revocation_permissions import (  # noqa: E402
    REVOCATION_MATRIX,
    REVOCATION_RECORD_MAKERS,
    REVOCATION_RECORDS,
)

MATRIX.update(REVOCATION_MATRIX)
RECORDS.update(REVOCATION_RECORDS)
RECORD_MAKERS.update(REVOCATION_RECORD_MAKERS)
DEVICE_KIND_MATRIX.update({rule: [(kind, False, False) for kind in KINDS] for rule in REVOCATION_MATRIX})

# 暫定停止 (道路交通法第104条の2の3): matrices and records in test_interim_permissions.py.
from tests.dispositions.test_interim_permissions import (  # noqa: E402
    INTERIM_DEVICE_KIND_MATRIX,
    INTERIM_MATRIX,
    INTERIM_RECORD_MAKERS,
    INTERIM_RECORDS,
)

MATRIX.update(INTERIM_MATRIX)
RECORDS.update(INTERIM_RECORDS)
DEVICE_KIND_MATRIX.update(INTERIM_DEVICE_KIND_MATRIX)
RECORD_MAKERS.update(INTERIM_RECORD_MAKERS)
# The receiving side of an 執行依頼 and the 取下げ (規程第38条の2第2項): test_handoff_receiving_permissions.py.
from tests.dispositions.test_handoff_receiving_permissions import (  # noqa: E402
    RECEIVING_DEVICE_KIND_MATRIX,
    RECEIVING_MATRIX,
    RECEIVING_RECORD_MAKERS,
    RECEIVING_RECORDS,
)

MATRIX.update(RECEIVING_MATRIX)
RECORDS.update(RECEIVING_RECORDS)
DEVICE_KIND_MATRIX.update(RECEIVING_DEVICE_KIND_MATRIX)
RECORD_MAKERS.update(RECEIVING_RECORD_MAKERS)
# 運転禁止 (道路交通法第107条の5): matrices and records in test_driving_ban_permissions.py.
from tests.dispositions.test_driving_ban_permissions import (  # noqa: E402
    DRIVING_BAN_DEVICE_KIND_MATRIX,
    DRIVING_BAN_MATRIX,
    DRIVING_BAN_RECORD_MAKERS,
    DRIVING_BAN_RECORDS,
)

MATRIX.update(DRIVING_BAN_MATRIX)
RECORDS.update(DRIVING_BAN_RECORDS)
DEVICE_KIND_MATRIX.update(DRIVING_BAN_DEVICE_KIND_MATRIX)
RECORD_MAKERS.update(DRIVING_BAN_RECORD_MAKERS)
# 若年運転者期間に係る取消し (規程第41条の2の2) and the 取消手配: test_young_revocation_permissions.py.
from tests.dispositions.test_young_revocation_permissions import (  # noqa: E402
    YOUNG_DEVICE_KIND_MATRIX,
    YOUNG_MATRIX,
    YOUNG_RECORDS,
)

MATRIX.update(YOUNG_MATRIX)
RECORDS.update(YOUNG_RECORDS)
DEVICE_KIND_MATRIX.update(YOUNG_DEVICE_KIND_MATRIX)
# 前歴通知書 (規程第21条第2号, 第22条第2号): test_prior_record_permissions.py.
from tests.dispositions.test_prior_record_permissions import (  # noqa: E402
    PRIOR_RECORD_DEVICE_KIND_MATRIX,
    PRIOR_RECORD_MATRIX,
    PRIOR_RECORD_RECORD_MAKERS,
    PRIOR_RECORD_RECORDS,
)

MATRIX.update(PRIOR_RECORD_MATRIX)
RECORDS.update(PRIOR_RECORD_RECORDS)
DEVICE_KIND_MATRIX.update(PRIOR_RECORD_DEVICE_KIND_MATRIX)
RECORD_MAKERS.update(PRIOR_RECORD_RECORD_MAKERS)
