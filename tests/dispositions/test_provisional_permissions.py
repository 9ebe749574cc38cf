"""The 仮停止 and 危険性帯有 rules (規程第39条, 第29条), a matrix per rule, on a 仮停止 made by 兵庫's station.
"other" actors belong to 大阪 27-001. 「審査」 of any prefecture reports (the accident place's station);
the 弁明 and papers are the reporting prefecture's; only the batch ends a 仮停止; devices do none of it."""

import pytest
from tests.conftest import matrix_rows
from tests.dispositions.test_permissions import KINDS
from tests.violations.conftest import SYSTEM

from menkyo.core.actors import SystemActor
from menkyo.core.permissions import allowed
from menkyo.dispositions import provisional as services
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

MATRIX = {
    "dispositions.report_provisional": matrix_rows("case_officer", anywhere=True, devices_by_role=False),
    "dispositions.report_danger": matrix_rows("case_officer", anywhere=True, devices_by_role=False),
    "dispositions.handle_provisional": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.end_provisional": matrix_rows(devices_by_role=False),
}
RECORDS = {"dispositions.handle_provisional": ("provisional",), "dispositions.end_provisional": ("provisional",)}
DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in MATRIX}


@pytest.fixture
def matrix_record(request, holder_data, officer):
    case = request.node.callspec.params.get("matrix_case") or request.node.callspec.params["device_kind_case"]
    if case.record is None:
        return None
    licence = registry.register_holder(SYSTEM, holder_data)
    from tests.dispositions.test_provisional import report

    return report(officer, licence)


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, matrix_record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, matrix_record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, matrix_record) is device_kind_case.expected


def test_the_batch_may_end_a_provisional_suspension():
    assert allowed(SystemActor("task:dispositions.provisional_ended"), "dispositions.end_provisional")


def test_every_transition_of_the_provisional_workflow_names_a_registered_rule():
    assert services.PROVISIONAL.check() == []
