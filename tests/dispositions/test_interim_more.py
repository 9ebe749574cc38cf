"""The 暫定停止's end when its 一定の病気等 matter's case is executed (取消・停止) — the daily job — and its 解除 due
「速やかに」 once the result rules the illness out (道路交通法第104条の2の3第1項後段; ADR 0016 part 8)."""

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_interim import impose, status
from tests.dispositions.test_medical import ordered, unfit
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.dispositions import deadlines, execution, medical
from menkyo.dispositions import interim as services
from menkyo.dispositions.models import Case, CaseState, InterimState
from menkyo.registry.models import HistoryEvent, LicenceStatus

pytestmark = pytest.mark.django_db


def decide(case, kind="suspension", days=60, years=None) -> Case:
    """The illness case decided (written directly: the hearing and decision are part 2's, tested there)."""
    Case.objects.filter(pk=case.pk).update(state=CaseState.DECIDED, kind=kind, days=days, years=years,
                                           decided_kind=kind, decided_days=days, decided_years=years,
                                           decided_on=timezone.localdate(), decided_level="commission",
                                           decided_by="hyogo_commission")
    return Case.objects.get(pk=case.pk)


def test_an_executed_suspension_of_the_illness_case_ends_the_interim_and_the_licence_stays_suspended(
        officer, commission, clerk, licence):
    interim = impose(commission, ordered(officer, licence))
    case = decide(unfit(officer, interim.matter, kind="suspension", days=60, years=None).case)
    assert services.interim_due(SYSTEM, timezone.localdate()) == {"expired": 0, "disposition": 0}  # not executed yet
    execution.execute_disposition(clerk, case)
    assert services.interim_due(SYSTEM, timezone.localdate()) == {"expired": 0, "disposition": 1}
    ended = services.load_interim(interim.pk)
    assert (ended.state, ended.ended_on) == (InterimState.SUPERSEDED, timezone.localdate())
    assert f"第{case.pk}号" in ended.end_reason and status(licence) == LicenceStatus.SUSPENDED
    assert AuditEvent.objects.filter(action=services.Action.SUPERSEDE, object_id=str(interim.pk)).exists()
    assert HistoryEvent.objects.filter(event_type="disposition_case.interim_supersede").exists()
    assert services.interim_due(SYSTEM, in_days(1)) == {"expired": 0, "disposition": 0}


def test_an_executed_revocation_ends_it_too_and_the_licence_stays_revoked(officer, commission, clerk, licence):
    interim = impose(commission, ordered(officer, licence))
    case = decide(unfit(officer, interim.matter).case, kind="revocation", days=None, years=1)
    execution.execute_disposition(clerk, case)
    result = services.interim_ended.call(timezone.localdate().isoformat())["result"]
    assert result == {"expired": 0, "disposition": 1}
    assert services.load_interim(interim.pk).state == InterimState.SUPERSEDED
    assert status(licence) == LicenceStatus.REVOKED


def test_an_undecided_illness_case_leaves_the_interim_to_its_term(officer, commission, licence):
    interim = impose(commission, ordered(officer, licence), ends_on=in_days(0))
    unfit(officer, interim.matter)
    assert services.interim_due(SYSTEM, in_days(1)) == {"expired": 1, "disposition": 0}
    assert services.load_interim(interim.pk).state == InterimState.EXPIRED


def test_a_fit_result_makes_the_lifting_due_the_same_day_for_the_commission(officer, commission, licence):
    interim = impose(commission, ordered(officer, licence))
    end = next(i for i in deadlines.deadlines_for(commission) if i.kind == deadlines.Kind.INTERIM_END)
    assert end.due == interim.ends_on and "速やかに" not in end.detail
    medical.record_medical_result(officer, interim.matter, result="fit", result_on=in_days(-1), note="異常なし")
    end = next(i for i in deadlines.deadlines_for(commission) if i.kind == deadlines.Kind.INTERIM_END)
    assert (end.due, end.overdue) == (in_days(-1), True) and "速やかに解除" in end.detail
    assert services.lift_due(services.load_interim(interim.pk)) == in_days(-1)
    assert services.interim_due(SYSTEM, timezone.localdate()) == {"expired": 0, "disposition": 0}  # an act: not the job
    services.lift_interim_suspension(commission, services.load_interim(interim.pk), reason="臨時適性検査の結果 適")
    assert deadlines.Kind.INTERIM_END not in {i.kind for i in deadlines.deadlines_for(commission)}
