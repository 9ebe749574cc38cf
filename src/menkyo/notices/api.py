"""更新連絡書 API (法第101条第3項; 規程第56条第2項): start a month's batch, follow its progress.

The batch runs in ``menkyo worker`` (or ``menkyo notices run`` from cron); starting a month
already started returns it unchanged. The mail file and PDFs are fetched on the staff pages
only. Errors: 422 with ``error.field`` (a malformed or out-of-range month), 403, 404.
"""

from ninja import Router, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.notices import services
from menkyo.notices.models import BATCH, NoticeBatch
from menkyo.notices.schemas import BatchIn, BatchOut

router = Router(tags=["notices"])


def batch_out(batch: NoticeBatch) -> BatchOut:
    counts = batch.counts
    return BatchOut(
        id=batch.pk, prefecture=batch.prefecture_id, month=batch.month, state=batch.state,
        state_label=BATCH.state_label(batch.state), renewal_notices=counts.get("renewal", 0),
        elderly_notices=counts.get("elderly", 0), skipped=counts.get("skipped", {}), parts_total=batch.parts_total,
        parts_done=getattr(batch, "parts_done", 0), started_by=batch.started_by, started_at=batch.started_at,
        finished_at=batch.finished_at, mail_file_sha256=batch.mail_file_sha256)


@router.get("/notice-batches", response={200: list[BatchOut], **ERRORS}, summary="更新連絡書の作成状況の一覧（自県）")
def list_batches(request):
    return [batch_out(b) for b in services.batches(request.actor)]


@router.post("/notice-batches", response={202: BatchOut, **ERRORS}, summary="更新連絡書の作成開始（規程第56条第2項）")
@implements(services.start_batch)
def start_batch(request, payload: BatchIn):
    """Start (or find) the month's batch of the caller's prefecture and queue it for the worker."""
    batch = as_unprocessable(services.start_batch, request.actor, payload.month)
    services.run_batch_task.enqueue(batch.pk)
    return Status(202, batch_out(services.get_batch(request.actor, batch.pk)))


@router.get("/notice-batches/{batch_id}", response={200: BatchOut, **ERRORS}, summary="更新連絡書の作成状況")
def get_batch(request, batch_id: int):
    return batch_out(services.get_batch(request.actor, batch_id))
