"""Execution pages (規程第34条–第37条, 第43条): the executions due (決定・執行待ち, 執行不能, cards held), and a
case's execution page with the actions the actor may take — 出頭通知 (審査), 処分書の交付 (窓口・審査),
the 停止処分者講習's result and the held card given back — and the 出頭通知書・処分書 PDFs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.cards.suspended_renewal import kept_cards
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.dispositions import execution as services
from menkyo.dispositions import papers
from menkyo.dispositions.forms import CourseForm, ExecuteForm, ReleaseForm, SummonForm
from menkyo.dispositions.models import CaseState, DispositionKind
from menkyo.dispositions.permissions import COURSE, EXECUTE, RELEASE_CARD, SUMMON, VIEW
from menkyo.dispositions.services import load_case
from menkyo.documents.http import pdf_page

FORMS = {"summon": SummonForm, "execute": ExecuteForm, "course": CourseForm, "release": ReleaseForm}


@login_required
@domain_view
def executions(request):
    """The executions due of the actor's prefecture."""
    return render(request, "dispositions/executions.html", services.executions_due(request.user))


@login_required
@domain_view
def execution(request, pk: int):
    return _page(request, services.get_execution(request.user, pk))


def _page(request, case, failed: str = "", form=None):
    """The decided case, its execution and a form for each action the actor may take now."""
    found = services.execution_of(case)
    suspension = case.decided_kind == DispositionKind.SUSPENSION
    executed = case.state == CaseState.EXECUTED
    own = services.OWN_EXECUTION.get(case.case_type, "")  # 再試験・若年: executed on their own page
    may = {
        "summon": case.state == CaseState.DECIDED and allowed(request.user, SUMMON.name, case),
        "execute": case.state in services.PENDING and not own and allowed(request.user, EXECUTE.name, case),
        "course": executed and suspension and found is not None and not found.course_grade
        and allowed(request.user, COURSE.name, case),
        "release": executed and found is not None and found.card_released_on is None and suspension
        and allowed(request.user, RELEASE_CARD.name, case),
        "view_case": allowed(request.user, VIEW.name, case),
    }
    forms = {name: (form if name == failed else cls()) for name, cls in FORMS.items()}
    return render(request, "dispositions/execution.html", {
        "case": case, "execution": found, "may": may, "forms": forms,
        "own_execution": own if case.state in services.PENDING else "", "licence": case.person.licences.order_by("-pk").first(),
        "kept": kept_cards(case.person_id) if suspension else [],
    }, status=422 if failed else 200)


def _act(request, pk: int, name: str, action, done: str):
    case = load_case(pk)
    form = FORMS[name](request.POST)
    if submit(request, form, lambda data: action(case, data)) is None:
        return _page(request, load_case(pk), name, form)
    messages.success(request, done)
    return redirect("dispositions:execution", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.summon_for_execution)
def summon(request, pk: int):
    return _act(request, pk, "summon", lambda c, d: services.summon_for_execution(request.user, c, **d),
                "出頭を通知しました（出頭通知書を印刷してください）。")


@require_POST
@login_required
@domain_view
@implements(services.execute_disposition)
def execute(request, pk: int):
    return _act(request, pk, "execute", lambda c, d: services.execute_disposition(request.user, c, **d),
                "処分を執行しました（処分書を印刷して交付してください）。")


@require_POST
@login_required
@domain_view
@implements(services.record_course_result)
def course(request, pk: int):
    return _act(request, pk, "course", lambda c, d: services.record_course_result(request.user, c, **d),
                "停止処分者講習の結果を記録しました。")


@require_POST
@login_required
@domain_view
@implements(services.release_card)
def release(request, pk: int):
    return _act(request, pk, "release", lambda c, d: services.release_card(request.user, c), "免許証を返還しました。")


@login_required
@domain_view
def paper(request, pk: int, paper: str):
    """出頭通知書・処分書 (PDF, audited)."""
    case = load_case(pk)
    return pdf_page(request, lambda: papers.execution_paper(request.user, case, paper))
