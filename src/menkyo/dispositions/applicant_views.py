"""拒否・保留 pages (規程第21条–第25条): the list (通知待ち, 保留期間が満了する者), a case's 拒否・保留 page with
the actions the actor may take — 交付停止の通報 (審査), 通知書の交付 (窓口・審査), 保留期間満了の通報 — and
the 運転免許拒否・保留処分通知書 PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.dispositions import applicant_papers, applicants, prior_records
from menkyo.dispositions.forms import ReleaseForm
from menkyo.dispositions.models import OPEN_STATES, CaseState, DispositionKind
from menkyo.dispositions.permissions import (
    ENTER_PRIOR_RECORD,
    HOLD_FOR_CASE,
    NOTIFY_REFUSAL,
    REPORT_DEFERRAL_ENDED,
    VIEW,
)
from menkyo.dispositions.services import load_case
from menkyo.documents.http import pdf_page


@login_required
@domain_view
def applicant_list(request):
    """Decided 拒否・保留 waiting for the 通知書, and 保留 whose period has ended (today)."""
    return render(request, "dispositions/applicants.html", applicants.applicants_due(request.user))


@login_required
@domain_view
def applicant(request, pk: int):
    return _page(request, applicants.get_applicant_case(request.user, pk))


def _page(request, case, status: int = 200, form=None, prior_form=None):
    found = applicants.applicant_of(case)
    hold = found.issue_hold if found else None
    may = {
        "hold": case.state in applicants.OPEN_OR_DECIDED and (hold is None or hold.released_at is not None)
        and allowed(request.user, HOLD_FOR_CASE.name, case),
        "notify": case.state == CaseState.DECIDED and allowed(request.user, NOTIFY_REFUSAL.name, case),
        "report": case.state == CaseState.EXECUTED and case.decided_kind == DispositionKind.DEFERRAL
        and found is not None and found.ended_reported_on is None
        and allowed(request.user, REPORT_DEFERRAL_ENDED.name, case),
        "paper": case.state in (CaseState.DECIDED, CaseState.EXECUTED),
        "view_case": allowed(request.user, VIEW.name, case),
        # 規程第21条第2号: the 拒否等処分 cannot be made (ADR 0016 part 10).
        "prior_record": case.state in OPEN_STATES and allowed(request.user, ENTER_PRIOR_RECORD.name, case),
    }
    context = {"case": case, "found": found, "hold": hold, "may": may, "form": form,
               "prior_record": prior_records.prior_record_of(case), "prior_form": prior_form}
    return render(request, "dispositions/applicant.html", context, status=status)


def _act(request, pk: int, action, done: str):
    case = load_case(pk)
    form = ReleaseForm(request.POST)
    if submit(request, form, lambda data: action(case)) is None:
        return _page(request, load_case(pk), 422, form)
    messages.success(request, done)
    return redirect("dispositions:applicant", pk=pk)


@require_POST
@login_required
@domain_view
@implements(applicants.hold_card_issue)
def hold(request, pk: int):
    return _act(request, pk, lambda c: applicants.hold_card_issue(request.user, c),
                "交付停止を通報しました（処分事案の終了まで免許証は交付されません）。")


@require_POST
@login_required
@domain_view
@implements(applicants.notify_refusal)
def notify(request, pk: int):
    return _act(request, pk, lambda c: applicants.notify_refusal(request.user, c),
                "拒否・保留を通知しました（通知書を印刷して交付してください）。")


@require_POST
@login_required
@domain_view
@implements(applicants.report_deferral_ended)
def report_ended(request, pk: int):
    return _act(request, pk, lambda c: applicants.report_deferral_ended(request.user, c), "保留期間の満了を通報しました。")


@login_required
@domain_view
def paper(request, pk: int):
    """運転免許拒否・保留処分通知書 (PDF, audited)."""
    case = load_case(pk)
    return pdf_page(request, lambda: applicant_papers.refusal_notice(request.user, case))
