"""The 暫定停止 on a doctor's diagnosis (施行令第39条の2第1項, the 「政令で定めるとき」 of 法第104条の2の3第1項); its end when its 一定の病気等 matter's case is executed (取消・停止) — the daily job — and its 解除 due
「速やかに」 once the result rules the illness out (道路交通法第104条の2の3第1項後段; ADR 0016 part 8)."""

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_interim import impose, status
from tests.dispositions.test_medical import ordered, unfit
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.dispositions import deadlines, execution, medical
from menkyo.dispositions import interim as services
from menkyo.dispositions.interim_papers import interim_paper
from menkyo.dispositions.models import Case, CaseState, InterimState, InterimSuspension
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


# --- the second basis: a doctor's diagnosis (法第104条の2の3第1項 「政令で定めるとき」, 施行令第39条の2第1項) ---------


def test_the_commission_may_suspend_on_a_doctors_diagnosis_without_an_accident(officer, commission, licence):
    interim = impose(commission, ordered(officer, licence), basis="diagnosis", accident_on=None,
                     diagnosed_on=in_days(-1), accident="主治医の診断：発作のおそれが高い")
    assert (interim.basis, interim.accident_on, interim.diagnosed_on) == ("diagnosis", None, in_days(-1))
    assert status(licence) == LicenceStatus.SUSPENDED
    assert AuditEvent.objects.get(action=services.Action.IMPOSE).detail["basis"] == "diagnosis"
    assert interim_paper(commission, interim, "notice").pdf.startswith(b"%PDF")


def test_each_basis_needs_its_own_day_and_an_unknown_basis_is_refused(officer, commission, licence):
    matter = ordered(officer, licence)
    for extra, field in (({"basis": "diagnosis", "accident_on": in_days(-1)}, "diagnosed_on"),
                         ({"basis": "diagnosis", "diagnosed_on": in_days(1)}, "diagnosed_on"),
                         ({"basis": "accident", "accident_on": None, "diagnosed_on": in_days(-1)}, "accident_on"),
                         ({"basis": "cognitive_test_not_taken"}, "basis")):
        with pytest.raises(InvalidInput) as refused:
            impose(commission, matter, **extra)
        assert refused.value.field == field
    assert not InterimSuspension.objects.exists()


def test_the_diagnosis_basis_keeps_the_matters_conditions(officer, commission, licence):
    """施行令第39条の2第1項 names the same persons (the 臨時適性検査 or 診断書 due) and the same suspicions."""
    matter = medical.receive_medical_report(officer, **{
        "licence_number": licence.number, "source": "doctor", "received_on": in_days(-3), "ground": "illness",
        "reporter": "医師", "summary": "発作"})
    with pytest.raises(Conflict) as refused:
        impose(commission, matter, basis="diagnosis", diagnosed_on=in_days(-1))
    assert refused.value.code == "not_ordered"


def test_the_page_and_the_api_take_the_diagnosis_basis(client, login_as, officer, commission, licence):
    matter = ordered(officer, licence)
    login_as(client, commission)
    page = client.get(f"/dispositions/medical/{matter.pk}/interim/").content.decode()
    assert "医師の診断に基づき疑いがあると認められる" in page and "diagnosis" in page  # the radio's value only
    refused = client.post(f"/dispositions/medical/{matter.pk}/interim/", {
        "basis": "diagnosis", "accident": "診断", "ends_on": in_days(30).isoformat(), "card_presented": "on"})
    assert refused.status_code == 422 and "医師の診断の日を入力してください" in refused.content.decode()
    body = {"basis": "diagnosis", "diagnosed_on": in_days(-1).isoformat(), "accident": "主治医の診断",
            "ends_on": in_days(30).isoformat()}
    made = client.post(f"/api/v1/medical-matters/{matter.pk}/interim-suspension", body,
                       content_type="application/json")
    assert made.status_code == 201 and (made.json()["basis"], made.json()["accident_on"]) == ("diagnosis", None)
    shown = client.get(f"/dispositions/interim/{made.json()['id']}/").content.decode()
    assert "医師の診断に基づく" in shown and "施行令第39条の2第1項" in shown
