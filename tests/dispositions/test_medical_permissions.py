"""The 一定の病気等 rules (規程第26条–第27条の3). The matrices run in tests/dispositions/test_permissions.py (where
the core test looks for every rule's matrix) on a 兵庫 driver's matter; "other" actors belong to 大阪 27-001.
「審査」 of any prefecture receives a 医師の届出 (the matter goes to the driver's home prefecture); 「審査」 of the
matter's prefecture reviews, orders and registers the result; 「審査」「決定」 read and list. Devices do none of it."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows
from tests.violations.conftest import SYSTEM

from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed
from menkyo.dispositions.medical import MEDICAL
from menkyo.dispositions.models import MedicalMatter
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

MEDICAL_MATRIX = {
    "dispositions.receive_medical_report": matrix_rows("case_officer", anywhere=True, devices_by_role=False),
    "dispositions.handle_medical": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.record_medical_result": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.view_medical": matrix_rows("case_officer", "decision", devices_by_role=False),
    "dispositions.list_medical": matrix_rows("case_officer", "decision", anywhere=True, devices_by_role=False),
}
MEDICAL_RECORDS = {rule: ("medical",) for rule in ("dispositions.handle_medical", "dispositions.record_medical_result",
                                                   "dispositions.view_medical")}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
MEDICAL_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in MEDICAL_MATRIX}


def hyogo_matter(holder_data) -> MedicalMatter:
    """A 兵庫 driver's matter received at 28-001 (written directly: the receipt is tested in test_medical.py)."""
    licence = registry.register_holder(SYSTEM, holder_data)
    return MedicalMatter.objects.create(prefecture_id="28", person=licence.person, source="doctor", ground="illness",
                                        received_on=timezone.localdate(), office=Affiliation.objects.get(code="28-001"),
                                        reporter="医師", summary="届出", received_by="test")


#: The records of the matrices above, by the name in :data:`MEDICAL_RECORDS`.
MEDICAL_RECORD_MAKERS = {"medical": hyogo_matter}


def test_every_transition_of_the_medical_workflow_names_a_registered_rule():
    assert MEDICAL.check() == []


def test_a_matter_received_in_osaka_belongs_to_the_drivers_home_prefecture(make_actor, holder_data):
    matter = hyogo_matter(holder_data)
    assert allowed(make_actor("case_officer", "own", "operator"), "dispositions.handle_medical", matter)
    assert not allowed(make_actor("case_officer", "other", "operator"), "dispositions.handle_medical", matter)
    assert not allowed(make_actor("counter", "own", "operator"), "dispositions.view_medical", matter)
