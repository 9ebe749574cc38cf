"""The 暫定停止 rules (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項). The matrices run in
tests/dispositions/test_permissions.py (where the core test looks for every rule's matrix) on a 兵庫 driver's
matter or 暫定停止; "other" actors belong to 大阪 27-001. 「決定」 of the matter's prefecture imposes and lifts (the
service then checks the 公安委員会 level); 「審査」 records the 弁明; only the daily job ends it on its term."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows
from tests.dispositions.test_medical_permissions import hyogo_matter

from menkyo.core.actors import SystemActor
from menkyo.core.permissions import allowed
from menkyo.dispositions.interim import INTERIM
from menkyo.dispositions.models import Case, CaseState, CaseType, InterimSuspension

pytestmark = pytest.mark.django_db

INTERIM_MATRIX = {
    "dispositions.impose_interim": matrix_rows("decision", devices_by_role=False),
    "dispositions.lift_interim": matrix_rows("decision", devices_by_role=False),
    "dispositions.handle_interim": matrix_rows("case_officer", devices_by_role=False),
    # Only the daily batch ends a 暫定停止 on its term.
    "dispositions.end_interim": matrix_rows(devices_by_role=False),
}
INTERIM_RECORDS = {"dispositions.impose_interim": ("medical",), "dispositions.lift_interim": ("interim",),
                   "dispositions.handle_interim": ("interim",), "dispositions.end_interim": ("interim",)}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
INTERIM_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in INTERIM_MATRIX}


def hyogo_interim(holder_data) -> InterimSuspension:
    """A 兵庫 driver's 暫定停止 (written directly: the service is tested in test_interim.py)."""
    matter = hyogo_matter(holder_data)
    today = timezone.localdate()
    case = Case.objects.create(prefecture_id="28", person_id=matter.person_id, case_type=CaseType.INTERIM_SUSPENSION,
                               state=CaseState.EXECUTED, kind="suspension", points_based=False, opened_by="test")
    return InterimSuspension.objects.create(case=case, matter=matter, accident_on=today, accident="事故",
                                            imposed_on=today, ends_on=today, explanation_due=today,
                                            card_handling="held", imposed_by="test")


#: The records of the matrices above, by the name in :data:`INTERIM_RECORDS`.
INTERIM_RECORD_MAKERS = {"interim": hyogo_interim}


def test_every_transition_of_the_interim_workflow_names_a_registered_rule():
    assert INTERIM.check() == []


def test_the_daily_job_may_end_an_interim_suspension(holder_data):
    assert allowed(SystemActor("task:dispositions.interim_ended"), "dispositions.end_interim", hyogo_interim(holder_data))
