"""The 仮免許の取消し rules (規程第41条) and the 再試験's 取消 (第41条の2), a matrix per rule (run by tests/dispositions/test_permissions.py, where
the core test looks for every rule's matrix). "own" actors belong to 兵庫 28-001 — the prefecture of the
commission that gave the 仮免許 —, "other" to 大阪 27-001. 審査 reports, 決定 decides, 窓口・審査 hand the
notice over, 窓口・審査・決定 read and list; devices do none of it."""

import pytest
from django.utils import timezone
from tests.conftest import matrix_rows
from tests.violations.conftest import SYSTEM

from menkyo.core.permissions import allowed
from menkyo.dispositions.models import ProvisionalRevocation
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

REVOCATION_MATRIX = {
    "dispositions.report_provisional_revocation": matrix_rows("case_officer", devices_by_role=False),
    "dispositions.decide_provisional_revocation": matrix_rows("decision", devices_by_role=False),
    "dispositions.serve_provisional_revocation": matrix_rows("counter", "case_officer", devices_by_role=False),
    "dispositions.view_provisional_revocation": matrix_rows("counter", "case_officer", "decision",
                                                            devices_by_role=False),
    # The list admits the roles anywhere; the queryset shows the actor's prefecture only.
    "dispositions.list_provisional_revocations": matrix_rows("counter", "case_officer", "decision", anywhere=True,
                                                             devices_by_role=False),
    # 再試験に係る取消し (規程第41条の2): the 試験場's 窓口・審査 of the case's prefecture.
    "dispositions.revoke_after_retest": matrix_rows("counter", "case_officer", devices_by_role=False),
}
REVOCATION_RECORDS = {
    "dispositions.report_provisional_revocation": ("provisional_licence",),
    "dispositions.decide_provisional_revocation": ("provisional_revocation",),
    "dispositions.serve_provisional_revocation": ("provisional_revocation",),
    "dispositions.view_provisional_revocation": ("provisional_revocation",),
    "dispositions.revoke_after_retest": ("case",),
}


def hyogo_provisional(holder_data):
    person = registry.register_holder(SYSTEM, holder_data).person
    return registry.register_provisional_licence(SYSTEM, person.pk, "普通仮")


def hyogo_revocation(holder_data):
    provisional = hyogo_provisional(holder_data)
    return ProvisionalRevocation.objects.create(
        prefecture_id="28", person_id=provisional.person_id, provisional_licence=provisional,
        occurred_on=timezone.localdate(), ground="無免許運転", summary="単独運転", office_id="28-001",
        reported_on=timezone.localdate(), reported_by="someone")


REVOCATION_RECORD_MAKERS = {"provisional_licence": hyogo_provisional, "provisional_revocation": hyogo_revocation}


def test_the_list_shows_only_the_actors_prefecture(holder_data, make_actor):
    hyogo_revocation(holder_data)
    own, other = make_actor("counter", "own", "operator"), make_actor("counter", "other", "operator")
    assert ProvisionalRevocation.objects.visible_to(own).count() == 1
    assert ProvisionalRevocation.objects.visible_to(other).count() == 0


def test_the_provisional_licence_of_another_prefecture_is_refused_with_the_other_prefecture_message(
        holder_data, make_actor):
    from menkyo.core.permissions import REGISTRY

    provisional = hyogo_provisional(holder_data)
    osaka = make_actor("case_officer", "other", "operator")
    assert not allowed(osaka, "dispositions.report_provisional_revocation", provisional)
    assert "他の都道府県" in REGISTRY["dispositions.report_provisional_revocation"].denial_for(osaka)
