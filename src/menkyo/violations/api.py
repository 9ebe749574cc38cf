"""違反等登録 API (規程第28条–第28条の2): register one report, a 仮登録, confirm or delete it, read a
person's violations with their latest assessment, and the bulk intake of other police systems.

Errors: 422 with ``error.field`` (a bad date, an unknown violation, a vehicle outside the point
system with the engine's reason …), 403, 404, 409 (a transition the record's state does not allow).
"""

from ninja import Router, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.violations import batch, services
from menkyo.violations.models import Assessment, ViolationRecord
from menkyo.violations.schemas import (
    AssessmentOut,
    BatchIn,
    BatchOut,
    ConfirmIn,
    DeleteIn,
    PersonViolationsOut,
    ProvisionalViolationIn,
    ViolationIn,
    ViolationOut,
)

router = Router(tags=["violations"])


def violation_out(v: ViolationRecord) -> ViolationOut:
    return ViolationOut(
        id=v.pk, person_id=v.person_id, licence_number=v.licence.number if v.licence_id else None, kind=v.kind,
        kind_label=v.get_kind_display(), code=v.code, name=services.violation_name(v), violation_date=v.violation_date,
        points=v.points, state=v.state, state_label=v.get_state_display(), office=v.office_id,
        reporter_reference=v.reporter_reference, source=v.source, external_reference=v.external_reference,
        registered_by=v.registered_by, registered_at=v.registered_at)


def assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(id=a.pk, as_of=a.as_of, points=a.points, prior_dispositions=a.prior_dispositions,
                         action=a.action, outcome_label=a.outcome_ja, days=a.days,
                         disqualification_years=a.disqualification_years, trace=a.result.get("trace", []),
                         created_at=a.created_at)


def _fresh(violation: ViolationRecord) -> ViolationOut:
    return violation_out(ViolationRecord.objects.select_related("licence").get(pk=violation.pk))


@router.post("/violations", response={201: ViolationOut, **ERRORS}, summary="違反等登録（規程第28条第2項）")
@implements(services.register_violation)
def register_violation(request, payload: ViolationIn):
    """Register one report and re-assess the driver (「審査」「決定」 of the reporting office's prefecture)."""
    return Status(201, _fresh(as_unprocessable(services.register_violation, request.actor, **payload.dict())))


@router.post("/violations/provisional", response={201: ViolationOut, **ERRORS},
             summary="違反等仮登録（規程第28条の2）")
@implements(services.register_provisional_violation)
def register_provisional(request, payload: ProvisionalViolationIn):
    violation = as_unprocessable(services.register_provisional_violation, request.actor, **payload.dict())
    return Status(201, _fresh(violation))


@router.post("/violations/{violation_id}/confirm", response={200: ViolationOut, **ERRORS},
             summary="仮登録の確認（規程第28条の2第2項）")
@implements(services.confirm_violation)
def confirm_violation(request, violation_id: int, payload: ConfirmIn):
    violation = as_unprocessable(services.confirm_violation, request.actor, services.load_violation(violation_id),
                                 reporter_reference=payload.reporter_reference, reason=payload.reason)
    return _fresh(violation)


@router.post("/violations/{violation_id}/delete", response={200: ViolationOut, **ERRORS},
             summary="違反等登録の抹消・不適格抹消（規程第28条第3項・第4項）")
@implements(services.delete_violation)
def delete_violation(request, violation_id: int, payload: DeleteIn):
    violation = as_unprocessable(services.delete_violation, request.actor, services.load_violation(violation_id),
                                 reason=payload.reason, not_registrable=payload.not_registrable)
    return _fresh(violation)


@router.get("/persons/{person_id}/violations", response={200: PersonViolationsOut, **ERRORS},
            summary="運転者の違反等登録と最新の点数判定")
def person_violations(request, person_id: int):
    person, violations, latest = services.person_violations(request.actor, person_id)
    return PersonViolationsOut(person_id=person.pk, violations=[violation_out(v) for v in violations],
                               assessment=assessment_out(latest) if latest else None)


@router.post("/violation-batches", response={200: BatchOut, **ERRORS},
             summary="他システムからの違反等の一括受信（規程第28条第2項）")
@implements(batch.receive_violation_batch)
def receive_batch(request, payload: BatchIn):
    """At most 1,000 items, each idempotent by (source_system, external_reference), each answered alone."""
    results = as_unprocessable(batch.receive_violation_batch, request.actor, payload.items,
                               source_system=payload.source_system)
    counts = {kind: sum(1 for r in results if r["result"] == kind)
              for kind in (batch.REGISTERED, batch.ALREADY, batch.REFUSED)}
    return BatchOut(**counts, items=results)
