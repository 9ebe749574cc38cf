"""再試験に係る免許の取消し API (規程第41条の2).

- ``GET /retest-revocations``: the open ``retest`` cases of the actor's prefecture whose 再試験 was failed
  (``decided`` false), then those decided 取消 after the 意見の聴取 and not yet executed (``decided`` true).
- ``POST /disposition-cases/{id}/retest-revocation``: the 取消処分書 handed over at once, the 初心運転者取消登録,
  the kinds revoked (a card of the kinds kept; a マイナ record's rewrite asked for) — 201.
- ``POST /disposition-cases/{id}/decided-retest-revocation``: the same for a case decided 取消 after the 意見の聴取
  (再試験 not taken) — 201; part 3's ``/execute`` refuses a ``retest`` case (409 ``own_execution``).
- ``POST /disposition-cases/{id}/fled-retest-alert`` ``{reason}``: the 初心運転者取消手配 of one who fled after failing
  (第41条の2第2項前段) — 201 (409 ``already_registered``, ``not_pending``; 422 ``reason_required``).
- ``GET /retest-revocations/{case id}/revocation.pdf``: the 運転免許取消処分書 (規則別記様式第19の3の4).

Errors: 422 (``card_not_presented``, a 交付予定日 …), 403, 404, 409 (``not_retest``, ``retest_not_failed``,
``not_decided``, ``no_retest_result``, ``no_licence``, ``kind_not_held``, ``illegal_transition``).
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import retest_fled
from menkyo.dispositions import retests as services
from menkyo.dispositions.models import RetestRevocation
from menkyo.dispositions.retest_papers import retest_paper
from menkyo.dispositions.services import load_case
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class RetestIn(Schema):
    card_presented: bool = True
    reason: str = Field("", description="免許証の提出がない理由")
    handover_date: date | None = Field(None, description="引き続き受ける種類の免許証の交付予定日（警察署）")


class RetestOut(Schema):
    case_id: int
    state: str
    kinds_revoked: list[str]
    kinds_kept: list[str]
    executed_on: date
    card_handling: str
    card_job_id: int | None
    mynumber_rewrite: bool = Field(description="免許情報記録の書換えを書換え待ちとして登録した")
    novice_registered_on: date
    immediate: bool


class RetestCaseOut(Schema):
    case_id: int
    person_id: int
    opened_at: str
    decided: bool = Field(False, description="意見の聴取の上で取消しを決定した事案（再試験の未受験等）")


class RetestListOut(Schema):
    items: list[RetestCaseOut]


def retest_out(done: RetestRevocation) -> RetestOut:
    return RetestOut(case_id=done.case_id, state=done.case.state, kinds_revoked=done.kinds_revoked,
                     kinds_kept=done.kinds_kept, executed_on=done.executed_on, card_handling=done.card_handling,
                     card_job_id=done.card_job_id, mynumber_rewrite=done.mynumber_rewrite,
                     novice_registered_on=done.novice_registered_on,
                     immediate=bool(done.authority_result.get("immediate")))


@router.get("/retest-revocations", response={200: RetestListOut, **ERRORS},
            summary="再試験不合格で即時の取消処分を待つ処分事案")
def list_failed(request):
    failed = [RetestCaseOut(case_id=c.pk, person_id=c.person_id, opened_at=c.opened_at.isoformat())
              for c in services.failed_retests(request.actor)]
    return RetestListOut(items=failed + [
        RetestCaseOut(case_id=c.pk, person_id=c.person_id, opened_at=c.opened_at.isoformat(), decided=True)
        for c in services.decided_retests(request.actor)])


@router.post("/disposition-cases/{case_id}/retest-revocation", response={201: RetestOut, **ERRORS},
             summary="再試験に不合格となった者の取消処分の執行（取消処分書の交付・初心運転者取消登録、規程第41条の2）")
@implements(services.revoke_after_failed_retest)
def revoke(request, case_id: int, payload: RetestIn):
    done = as_unprocessable(services.revoke_after_failed_retest, request.actor, load_case(case_id), **payload.dict())
    return Status(201, retest_out(done))


@router.post("/disposition-cases/{case_id}/decided-retest-revocation", response={201: RetestOut, **ERRORS},
             summary="意見の聴取の上で取消しを決定した再試験未受験者等の取消処分の執行（取消処分書の交付・初心運転者取消登録）")
@implements(services.revoke_decided_retest)
def revoke_decided(request, case_id: int, payload: RetestIn):
    done = as_unprocessable(services.revoke_decided_retest, request.actor, load_case(case_id), **payload.dict())
    return Status(201, retest_out(done))


@router.get("/retest-revocations/{case_id}/revocation.pdf", response={200: None, **ERRORS},
            summary="運転免許取消処分書（再試験、規則別記様式第19の3の4）", openapi_extra=PDF_OPENAPI)
def paper(request, case_id: int):
    return pdf_response(retest_paper(request.actor, load_case(case_id)))


class FledIn(Schema):
    reason: str = Field(description="即時に執行できなかった理由（逃走等）")


class FledOut(Schema):
    case_id: int
    alert_id: int
    kind: str
    registered_on: date


@router.post("/disposition-cases/{case_id}/fled-retest-alert", response={201: FledOut, **ERRORS},
             summary="再試験に不合格となった後逃走等により即時に執行できなかった者の初心運転者取消手配（規程第41条の2第2項）")
@implements(retest_fled.register_fled_retest_alert)
def register_fled(request, case_id: int, payload: FledIn):
    done = as_unprocessable(retest_fled.register_fled_retest_alert, request.actor, load_case(case_id),
                            **payload.dict())
    return Status(201, FledOut(case_id=done.case_id, alert_id=done.alert_id, kind=done.alert.kind,
                               registered_on=done.registered_on))
