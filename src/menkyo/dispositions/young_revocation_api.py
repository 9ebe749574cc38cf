"""若年運転者期間に係る免許の取消し API (規程第41条の2の2) and the 取消手配 (第41条の2第2項, 第41条の2の2第2項).

- ``GET /young-revocations``: the ``young_driver`` cases of the actor's prefecture decided 取消 and not executed.
- ``POST /disposition-cases/{id}/young-revocation``: the 若年運転者取消処分書 handed over, the 若年運転者取消登録, the
  特例取得免許 revoked (a card of the kinds kept) — 201.
- ``GET /young-revocations/{case id}/revocation.pdf``: the 若年運転者取消処分書 (規則別記様式第19の3の4の2).
- ``GET /revocation-alerts``: the decided 再試験・若年 取消 whose person missed the 意見の聴取, with the first day of
  the 手配; ``POST /disposition-cases/{id}/revocation-alert``: register it — 201.

Errors: 422 (``card_not_presented``, a 交付予定日 …), 403, 404, 409 (``not_young_driver``, ``not_decided``,
``no_licence``, ``kind_not_held``, ``no_young_notice``, ``no_young_ground``, ``not_due``, ``attended``,
``already_registered``, ``duplicate_alert``, ``illegal_transition``).
"""

from datetime import date

from ninja import Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import revocation_alerts, young_revocations
from menkyo.dispositions.models import RevocationAlert, YoungRevocation
from menkyo.dispositions.retest_api import RetestCaseOut, RetestIn, RetestListOut
from menkyo.dispositions.services import load_case
from menkyo.dispositions.young_revocation_papers import young_paper
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class YoungOut(Schema):
    case_id: int
    state: str
    ground: str
    met_on: date | None
    kinds_revoked: list[str]
    kinds_kept: list[str]
    kinds_spared: list[list[str]]
    executed_on: date
    card_handling: str
    card_job_id: int | None
    mynumber_rewrite: bool
    registered_on: date


class RevocationAlertOut(Schema):
    case_id: int
    alert_id: int
    kind: str
    notice_arrived: date
    due_from: date
    registered_on: date


class AlertDueOut(Schema):
    case_id: int
    person_id: int
    case_type: str
    due_from: date


class AlertDueListOut(Schema):
    items: list[AlertDueOut]


def young_out(done: YoungRevocation) -> YoungOut:
    return YoungOut(case_id=done.case_id, state=done.case.state, ground=done.ground, met_on=done.met_on,
                    kinds_revoked=done.kinds_revoked, kinds_kept=done.kinds_kept, kinds_spared=done.kinds_spared,
                    executed_on=done.executed_on, card_handling=done.card_handling, card_job_id=done.card_job_id,
                    mynumber_rewrite=done.mynumber_rewrite, registered_on=done.registered_on)


@router.get("/young-revocations", response={200: RetestListOut, **ERRORS},
            summary="若年運転者期間に係る取消しの決定後、執行を待つ処分事案")
def list_young(request):
    return RetestListOut(items=[RetestCaseOut(case_id=c.pk, person_id=c.person_id, opened_at=c.opened_at.isoformat())
                                for c in young_revocations.young_cases(request.actor)])


@router.post("/disposition-cases/{case_id}/young-revocation", response={201: YoungOut, **ERRORS},
             summary="若年運転者期間に係る取消処分の執行（若年運転者取消処分書の交付・若年運転者取消登録、規程第41条の2の2）")
@implements(young_revocations.revoke_young_driver_licence)
def revoke(request, case_id: int, payload: RetestIn):
    done = as_unprocessable(young_revocations.revoke_young_driver_licence, request.actor, load_case(case_id),
                            **payload.dict())
    return Status(201, young_out(done))


@router.get("/young-revocations/{case_id}/revocation.pdf", response={200: None, **ERRORS},
            summary="若年運転者取消処分書（規則別記様式第19の3の4の2）", openapi_extra=PDF_OPENAPI)
def paper(request, case_id: int):
    return pdf_response(young_paper(request.actor, load_case(case_id)))


@router.get("/revocation-alerts", response={200: AlertDueListOut, **ERRORS},
            summary="意見の聴取に出頭せず取消手配を待つ処分事案（規程第41条の2第2項・第41条の2の2第2項）")
def list_alerts_due(request):
    return AlertDueListOut(items=[AlertDueOut(case_id=c.pk, person_id=c.person_id, case_type=c.case_type, due_from=due)
                                  for c, due in revocation_alerts.alerts_due(request.actor)])


@router.post("/disposition-cases/{case_id}/revocation-alert", response={201: RevocationAlertOut, **ERRORS},
             summary="初心運転者取消手配・若年運転者取消手配の登録（規程第41条の2第2項・第41条の2の2第2項）")
@implements(revocation_alerts.register_revocation_alert)
def register_alert(request, case_id: int):
    done: RevocationAlert = as_unprocessable(revocation_alerts.register_revocation_alert, request.actor,
                                             load_case(case_id))
    return Status(201, RevocationAlertOut(case_id=done.case_id, alert_id=done.alert_id, kind=done.alert.kind,
                                notice_arrived=done.notice_arrived, due_from=done.due_from,
                                registered_on=done.registered_on))
