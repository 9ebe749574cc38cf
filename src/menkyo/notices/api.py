"""更新連絡書 API (法第101条第3項; 規程第56条): start a month's batch, follow its progress; report a
death (第1項), register the deletion or return the report (第2項).

The batch runs in ``menkyo worker`` (or ``menkyo notices run`` from cron); starting a month
already started returns it unchanged. The mail file and PDFs are fetched on the staff pages
only. Errors: 422 with ``error.field`` (a malformed or out-of-range month), 403, 404.
"""

from ninja import Router, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.notices import deaths, services
from menkyo.notices.models import BATCH, DeathReport, NoticeBatch
from menkyo.notices.schemas import (
    DeathReportIn,
    DeathReportOut,
    DecisionIn,
    NoticeBatchIn,
    NoticeBatchOut,
)

router = Router(tags=["notices"])


def batch_out(batch: NoticeBatch) -> NoticeBatchOut:
    counts = batch.counts
    return NoticeBatchOut(
        id=batch.pk, prefecture=batch.prefecture_id, month=batch.month, state=batch.state,
        state_label=BATCH.state_label(batch.state), renewal_notices=counts.get("renewal", 0),
        elderly_notices=counts.get("elderly", 0), skipped=counts.get("skipped", {}), parts_total=batch.parts_total,
        parts_done=getattr(batch, "parts_done", 0), started_by=batch.started_by, started_at=batch.started_at,
        finished_at=batch.finished_at, mail_file_sha256=batch.mail_file_sha256)


@router.get("/notice-batches", response={200: list[NoticeBatchOut], **ERRORS}, summary="更新連絡書の作成状況の一覧（自県）")
def list_batches(request):
    return [batch_out(b) for b in services.batches(request.actor)]


@router.post("/notice-batches", response={202: NoticeBatchOut, **ERRORS}, summary="更新連絡書の作成開始（規程第56条第2項）")
@implements(services.start_batch)
def start_batch(request, payload: NoticeBatchIn):
    """Start (or find) the month's batch of the caller's prefecture and queue it for the worker."""
    batch = as_unprocessable(services.start_batch, request.actor, payload.month)
    services.run_batch_task.enqueue(batch.pk)
    return Status(202, batch_out(services.get_batch(request.actor, batch.pk)))


@router.get("/notice-batches/{batch_id}", response={200: NoticeBatchOut, **ERRORS}, summary="更新連絡書の作成状況")
def get_batch(request, batch_id: int):
    return batch_out(services.get_batch(request.actor, batch_id))


# --- deaths (規程第56条) -------------------------------------------------------------------------


def death_out(report: DeathReport) -> DeathReportOut:
    return DeathReportOut(
        id=report.pk, ledger_number=report.ledger_number, state=report.state,
        state_label=report.get_state_display(), person_id=report.person_id, licence_number=report.licence.number,
        licence_status=report.licence.status, died_on=report.died_on, source=report.source,
        inquiry_id=report.inquiry_id, office=report.office_id, reported_by=report.reported_by,
        reported_at=report.reported_at, decided_by=report.decided_by, decided_at=report.decided_at,
        decision_reason=report.decision_reason)


@router.post("/death-reports", response={201: DeathReportOut, **ERRORS}, summary="死亡者通報連絡票の通報（規程第56条第1項）")
@implements(deaths.report_death)
def report_death(request, payload: DeathReportIn):
    """A station (or a police system holding 窓口・審査・照会) reports a licence holder's death found by an inquiry."""
    report = as_unprocessable(deaths.report_death, request.actor, **payload.dict())
    return Status(201, death_out(deaths.load_death_report(report.pk)))


@router.get("/death-reports", response={200: list[DeathReportOut], **ERRORS}, summary="死亡者通報連絡票の一覧（自県）")
def list_death_reports(request, state: str = ""):
    return [death_out(r) for r in as_unprocessable(deaths.death_reports, request.actor, state=state)]


@router.get("/death-reports/{report_id}", response={200: DeathReportOut, **ERRORS}, summary="死亡者通報連絡票の閲覧")
def get_death_report(request, report_id: int):
    return death_out(deaths.get_death_report(request.actor, report_id))


@router.post("/death-reports/{report_id}/register", response={200: DeathReportOut, **ERRORS},
             summary="抹消登録と発送停止（規程第56条第2項）")
@implements(deaths.register_deletion)
def register_deletion(request, report_id: int, payload: DecisionIn):
    """By a 審査・決定 operator who did not report it (403 ``separation_of_duties``); devices 403."""
    report = as_unprocessable(deaths.register_deletion, request.actor, deaths.load_death_report(report_id),
                              reason=payload.reason)
    return death_out(deaths.load_death_report(report.pk))


@router.post("/death-reports/{report_id}/return", response={200: DeathReportOut, **ERRORS},
             summary="死亡者通報連絡票の差戻し")
@implements(deaths.return_death_report)
def return_death_report(request, report_id: int, payload: DecisionIn):
    report = as_unprocessable(deaths.return_death_report, request.actor, deaths.load_death_report(report_id),
                              reason=payload.reason)
    return death_out(deaths.load_death_report(report.pk))
