"""処分事案 pages (規程第30条–第32条, 第44条): the review queue with this week's hearings, the decisions
waiting at my 決定権限, and a case page with the actions the actor may take; the hearing's papers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.dispositions import notices, services
from menkyo.dispositions.forms import (
    ProposeForm,
    ReasonForm,
    RecordForm,
    RequiredReasonForm,
    RescheduleForm,
    ScheduleForm,
)
from menkyo.dispositions.models import CASES, HearingKind
from menkyo.documents.http import pdf_page

FORMS = {"propose": ProposeForm, "schedule": ScheduleForm, "reschedule": RescheduleForm, "record": RecordForm,
         "submit": ReasonForm, "decide": ReasonForm, "send_back": RequiredReasonForm, "defer": RequiredReasonForm, "strike_out": RequiredReasonForm}


@login_required
@domain_view
def review(request):
    """審査待ち (審査中・聴取済) and the hearings of this week of the actor's prefecture."""
    return render(request, "dispositions/review.html", {
        "cases": services.review_queue(request.user), "hearings": services.hearings_this_week(request.user)})


@login_required
@domain_view
def decisions(request):
    """決定待ち at the actor's own 決定権限."""
    return render(request, "dispositions/decisions.html", {
        "cases": services.decision_queue(request.user), "level": getattr(request.user, "get_decision_level_display",
                                                                          lambda: "")()})


@login_required
@domain_view
def case(request, pk: int):
    return _page(request, services.get_case(request.user, pk))


def _page(request, found, failed: str = "", form=None):
    """The case with its hearings and a form for each action the actor may take now."""
    available = {t.name for t in CASES.available(request.user, found)}
    hearing = found.hearings.order_by("-pk").first()
    forms = {name: (form if name == failed else cls(initial=_initial(name, found))) for name, cls in FORMS.items()}
    return render(request, "dispositions/case.html", {
        "case": found, "hearings": found.hearings.order_by("pk"), "hearing": hearing, "forms": forms,
        "may": available, "needs_hearing": found.hearing_kind not in ("", HearingKind.NONE),
        "outcome": found.assessment.outcome_ja if found.assessment_id else "",
        "execution_states": ("decided", "awaiting_execution", "unexecutable", "executed"),
    }, status=422 if failed else 200)


def _initial(name: str, found) -> dict:
    if name == "propose":
        return {"kind": found.kind, "days": found.days or "", "years": found.years or "",
                "points_based": found.points_based}
    return {}


def _act(request, pk: int, name: str, action, done: str):
    found = services.load_case(pk)
    form = FORMS[name](request.POST)
    result = submit(request, form, lambda data: action(found, data))
    if result is None:
        found = services.load_case(pk)
        return _page(request, found, name, form)
    messages.success(request, done)
    return redirect("dispositions:case", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.propose_disposition)
def propose(request, pk: int):
    return _act(request, pk, "propose", lambda c, d: services.propose_disposition(
        request.user, c, kind=d["kind"], days=d["days"] or None, years=d["years"] or None,
        points_based=d["points_based"], reason=d["reason"]), "処分案を登録しました。")


@require_POST
@login_required
@domain_view
@implements(services.schedule_hearing)
def schedule(request, pk: int):
    return _act(request, pk, "schedule", lambda c, d: services.schedule_hearing(request.user, c, **d),
                "期日を通知しました（通知書・公示を印刷してください）。")


@require_POST
@login_required
@domain_view
@implements(services.reschedule_hearing)
def reschedule(request, pk: int):
    return _act(request, pk, "reschedule", lambda c, d: services.reschedule_hearing(
        request.user, c.hearings.order_by("-pk").first(), **d), "期日を変更しました（変更通知書を印刷してください）。")


@require_POST
@login_required
@domain_view
@implements(services.record_hearing)
def record(request, pk: int):
    return _act(request, pk, "record", lambda c, d: services.record_hearing(
        request.user, c.hearings.order_by("-pk").first(), **d), "聴取等の結果を記録しました。")


@require_POST
@login_required
@domain_view
@implements(services.submit_case)
def submit_for_decision(request, pk: int):
    return _act(request, pk, "submit", lambda c, d: services.submit_case(request.user, c, **d),
                "決定権者に送付しました。")


@require_POST
@login_required
@domain_view
@implements(services.decide_case)
def decide(request, pk: int):
    return _act(request, pk, "decide", lambda c, d: services.decide_case(request.user, c, **d), "処分を決定しました。")


@require_POST
@login_required
@domain_view
@implements(services.send_back_case)
def send_back(request, pk: int):
    return _act(request, pk, "send_back", lambda c, d: services.send_back_case(request.user, c, **d),
                "審査に差し戻しました。")


@require_POST
@login_required
@domain_view
@implements(services.defer_case)
def defer(request, pk: int):
    return _act(request, pk, "defer", lambda c, d: services.defer_case(request.user, c, **d), "処分を猶予しました。")


@require_POST
@login_required
@domain_view
@implements(services.strike_out_case)
def strike_out(request, pk: int):
    return _act(request, pk, "strike_out", lambda c, d: services.strike_out_case(request.user, c, **d),
                "処分事案を抹消しました。")


@login_required
@domain_view
def paper(request, pk: int, paper: str):
    """通知書・公示・変更通知書 of a hearing (PDF, audited)."""
    hearing = services.load_hearing(pk)
    return pdf_page(request, lambda: notices.hearing_paper(request.user, hearing, paper))

