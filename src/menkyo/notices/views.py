"""更新連絡書 pages (規程第56条第2項): the month's batches, start one, progress, downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.core.wareki import wareki_month
from menkyo.documents.http import content_disposition
from menkyo.notices import services
from menkyo.notices.forms import BatchForm
from menkyo.notices.models import BATCH, BatchState
from menkyo.notices.permissions import RUN_BATCH


@login_required
@domain_view
@implements(services.start_batch)
def batch_list(request):
    form = BatchForm(request.POST or None)
    may_run = allowed(request.user, RUN_BATCH.name, request.user.affiliation)
    if request.method == "POST":
        batch = submit(request, form, lambda data: services.start_batch(request.user, data["month"]))
        if batch is not None:
            services.run_batch_task.enqueue(batch.pk)
            messages.success(request, f"{wareki_month(batch.month)}の更新連絡書の作成を開始しました（バッチ処理で作成されます）。")
            return redirect("notices:detail", pk=batch.pk)
    return render(request, "notices/batches.html", {
        "batches": services.batches(request.user), "form": form, "may_run": may_run,
    }, status=422 if form.errors else 200)


@login_required
@domain_view
def batch_detail(request, pk: int):
    batch = services.get_batch(request.user, pk)
    return render(request, "notices/detail.html", {
        "batch": batch, "state_label": BATCH.state_label(batch.state), "skipped": services.skipped_labels(batch),
        "parts": list(batch.parts.order_by("number")), "done": batch.state == BatchState.DONE,
        "may_run": allowed(request.user, RUN_BATCH.name, batch),
        "running": batch.state != BatchState.DONE,
    })


def _download(download, *, inline: bool) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition(download.filename, download.ascii_filename, inline=inline)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@domain_view
def mail_csv(request, pk: int):
    return _download(services.mail_file(request.user, pk), inline=False)


@login_required
@domain_view
def part(request, pk: int, number: int):
    return _download(services.part_pdf(request.user, pk, number), inline=True)
