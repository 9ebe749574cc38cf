"""The 運転禁止 rules (道路交通法第107条の5; 規程第30条第2項, 第49条). The matrices run in
tests/dispositions/test_permissions.py (where the core test looks for every rule's matrix) on a 兵庫 resident's
permit or ban; "other" actors belong to 大阪 27-001. 「窓口」「審査」 register a permit, execute a ban and give the
permit back; 「審査」 opens the case; 「窓口」「審査」「決定」 read; only the daily job ends a ban; devices do none."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows

from menkyo.core.actors import SystemActor
from menkyo.core.permissions import allowed
from menkyo.dispositions.driving_ban import BANS
from menkyo.dispositions.models import (
    Case,
    CaseState,
    CaseType,
    DrivingBan,
    ForeignPermit,
    ProvisionalBan,
)
from menkyo.dispositions.provisional_ban import PROVISIONAL_BANS
from menkyo.registry.models import Person

pytestmark = pytest.mark.django_db

STAFF = ("counter", "case_officer", "decision")
DRIVING_BAN_MATRIX = {
    "dispositions.register_foreign_permit": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.view_foreign_permit": matrix_rows(*STAFF, devices_by_role=False),
    # The list admits the roles; the queryset shows the actor's prefecture only.
    "dispositions.list_driving_bans": matrix_rows(*STAFF, anywhere=True, devices_by_role=False),
    "dispositions.open_driving_ban": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.execute_driving_ban": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.return_foreign_permit": matrix_rows("counter", "case_officer", devices_by_role=False),
    # Only the daily batch ends a ban on its term.
    "dispositions.end_driving_ban": matrix_rows(devices_by_role=False),
    # 仮禁止: the station of the accident place, any prefecture (the record is the reporter's); its 弁明 there.
    "dispositions.report_provisional_ban": matrix_rows("case_officer", anywhere=True, devices_by_role=False),
    "dispositions.handle_provisional_ban": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.end_provisional_ban": matrix_rows(devices_by_role=False),
}
DRIVING_BAN_RECORDS = {
    "dispositions.register_foreign_permit": ("permit",), "dispositions.view_foreign_permit": ("permit", "ban"),
    "dispositions.open_driving_ban": ("permit",),
    "dispositions.execute_driving_ban": ("ban",), "dispositions.return_foreign_permit": ("ban",),
    "dispositions.end_driving_ban": ("ban",), "dispositions.handle_provisional_ban": ("provisional_ban",),
    "dispositions.end_provisional_ban": ("provisional_ban",)}
KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DRIVING_BAN_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in DRIVING_BAN_MATRIX}


def hyogo_permit(holder_data) -> ForeignPermit:
    """A 兵庫 resident's 国際運転免許証 (written directly: the service is tested in test_driving_ban.py)."""
    person = Person.objects.create(name="SMITH JOHN", name_kana="スミス ジョン", search_kana="スミスジョン",
                                   birth_date=holder_data["birth_date"], sex="1", postal_code="6500001",
                                   address=holder_data["address"], address_prefecture_id="28", nationality="米国")
    return ForeignPermit.objects.create(person=person, permit_type="international", issuing_country="米国",
                                        permit_number="IDP-1", valid_until=timezone.localdate(), prefecture_id="28",
                                        registered_by="test")


def hyogo_ban(holder_data) -> DrivingBan:
    """A decided 運転禁止 of that permit's holder."""
    permit = hyogo_permit(holder_data)
    case = Case.objects.create(prefecture_id="28", person_id=permit.person_id, case_type=CaseType.DRIVING_BAN,
                               state=CaseState.DECIDED, kind="driving_ban", days=30, decided_kind="driving_ban",
                               decided_days=30, points_based=False, opened_by="test")
    return DrivingBan.objects.create(case=case, permit=permit, ground="g", facts="f")


def hyogo_provisional_ban(holder_data) -> ProvisionalBan:
    """A 仮禁止 made by a 兵庫 station on that permit."""
    today = timezone.localdate()
    return ProvisionalBan.objects.create(prefecture_id="28", permit=hyogo_permit(holder_data), accident_on=today,
                                         ground="hit_and_run", summary="s", office_id="28-001", imposed_on=today,
                                         ends_on=today, explanation_due=today, reported_by="test")


#: The records of the matrices above, by the name in :data:`DRIVING_BAN_RECORDS`.
DRIVING_BAN_RECORD_MAKERS = {"permit": hyogo_permit, "ban": hyogo_ban, "provisional_ban": hyogo_provisional_ban}


def test_every_transition_of_the_ban_workflows_names_a_registered_rule():
    assert BANS.check() == [] and PROVISIONAL_BANS.check() == []


def test_the_daily_job_may_end_a_ban(holder_data):
    assert allowed(SystemActor("task:dispositions.driving_bans_ended"), "dispositions.end_driving_ban",
                   hyogo_ban(holder_data))
