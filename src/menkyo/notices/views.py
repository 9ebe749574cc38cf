"""更新連絡書 pages (規程第56条): the month's batches, start one, progress, downloads; deaths reported
by a station and the deletion registered by the licence division."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.core.wareki import wareki_month
from menkyo.documents.http import content_disposition
from menkyo.notices import deaths, services
from menkyo.notices.forms import BatchForm, DeathReportForm, DecisionForm
from menkyo.notices.models import BATCH, DEATH_REPORTS, BatchState, DeathReportState
from menkyo.notices.permissions import REPORT_DEATH, RUN_BATCH


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


# --- deaths (規程第56条) -------------------------------------------------------------------------


@login_required
@domain_view
@implements(deaths.report_death)
def death_list(request):
    """The prefecture's 死亡者通報連絡票, and the form a station reports one with."""
    state = request.GET.get("state", "")
    state = state if state in DeathReportState.values else ""
    form = DeathReportForm(request.POST or None, initial={  # from the 死亡等 inquiry's link
        "inquiry_id": request.GET.get("inquiry", "")[:12], "licence_number": request.GET.get("licence", "")[:12]})
    if request.method == "POST":
        report = submit(request, form, lambda data: deaths.report_death(request.user, **data))
        if report is not None:
            to = "" if report.prefecture_id == request.user.prefecture_id else report.prefecture.name + "の"
            messages.success(request, f"死亡者通報連絡票（処理簿番号 {report.ledger_number}）を{to}免許課長に通報しました。")
            return redirect("notices:death", pk=report.pk)
    return render(request, "notices/deaths.html", {
        "reports": deaths.death_reports(request.user, state=state), "form": form, "states": DeathReportState.choices,
        "state": state, "may_report": allowed(request.user, REPORT_DEATH.name, request.user.affiliation),
    }, status=422 if form.errors else 200)


def _death(request, report, form=None, status=200):
    available = {t.name for t in DEATH_REPORTS.available(request.user, report)}
    own = report.reported_by == request.user.actor_name
    return render(request, "notices/death.html", {
        "report": report, "form": form or DecisionForm(), "may_decide": bool(available) and not own, "own": own,
    }, status=status)


@login_required
@domain_view
def death_detail(request, pk: int):
    return _death(request, deaths.get_death_report(request.user, pk))


@require_POST
@login_required
@domain_view
@implements(deaths.register_deletion)
def death_register(request, pk: int):
    return _decide(request, pk, lambda report, reason: deaths.register_deletion(request.user, report, reason=reason),
                   "抹消登録しました。更新連絡書その他の書面は送付されません。")


@require_POST
@login_required
@domain_view
@implements(deaths.return_death_report)
def death_return(request, pk: int):
    return _decide(request, pk, lambda report, reason: deaths.return_death_report(request.user, report, reason=reason),
                   "死亡者通報連絡票を差し戻しました。")


def _decide(request, pk: int, decide, done: str):
    report = deaths.load_death_report(pk)
    form = DecisionForm(request.POST)
    if submit(request, form, lambda data: decide(report, data["reason"])) is None:
        return _death(request, report, form, status=422)
    messages.success(request, done)
    return redirect("notices:death", pk=report.pk)
