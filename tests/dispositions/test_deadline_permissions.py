"""The deadlines-at-risk rules (ADR 0016 part 7), a matrix per rule, run by tests/dispositions/test_permissions.py
(where the core test looks for every rule's matrix). "own" actors belong to 兵庫 28-001, "other" to 大阪 27-001:
窓口・審査・決定 list (the queryset shows their prefecture only) and read a notice of their prefecture; only the
batch raises notices; devices do none of it."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows
from tests.violations.conftest import SYSTEM

from menkyo.core.actors import SystemActor
from menkyo.core.permissions import allowed
from menkyo.dispositions.deadlines import Kind, visible_kinds
from menkyo.dispositions.models import DeadlineNotice
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
         "question_authoring", "pass_board", "onestop", "other_system")
DEADLINE_MATRIX = {
    "dispositions.list_deadlines": matrix_rows("counter", "case_officer", "decision", anywhere=True,
                                               devices_by_role=False),
    "dispositions.read_deadline_notice": matrix_rows("counter", "case_officer", "decision", devices_by_role=False),
    "dispositions.raise_deadlines": matrix_rows(devices_by_role=False),
}
DEADLINE_RECORDS = {"dispositions.read_deadline_notice": ("deadline_notice",)}
DEADLINE_DEVICE_KIND_MATRIX = {rule: [(kind, False, False) for kind in KINDS] for rule in DEADLINE_MATRIX}


def hyogo_notice(holder_data) -> DeadlineNotice:
    """A prefecture-wide deadline notice of 兵庫 (written directly)."""
    person = registry.register_holder(SYSTEM, holder_data).person
    return DeadlineNotice.objects.create(prefecture_id="28", key="deferral:1", kind=Kind.DEFERRAL_END, label="保留",
                                         due=timezone.localdate(), article="規程第25条", person=person,
                                         raised_on=timezone.localdate())


def test_the_batch_may_raise_deadline_notices():
    assert allowed(SystemActor("task:dispositions.deadlines"), "dispositions.raise_deadlines")


def test_each_role_sees_the_kinds_whose_step_it_takes(make_actor):
    assert set(visible_kinds(make_actor("counter", "own", "operator"))) == {
        Kind.SEARCH, Kind.DEFERRAL_END}
    # The end of an 暫定停止 is the commission's to watch: it lifts it (「決定」, 規程第34条第5項).
    assert set(visible_kinds(make_actor("case_officer", "own", "operator"))) == set(Kind) - {Kind.INTERIM_END}
    assert set(visible_kinds(make_actor("decision", "own", "operator"))) == set(Kind)
    assert visible_kinds(make_actor("inquiry", "own", "operator")) == []
