"""The examiner's pages (免許試験, 規程第4条–第8条): the day's examinees at an office, 受験登録, an
examinee with the 適性・技能試験 forms, 合否の登録, the fraud decisions, and the 合格者発表."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from menkyo.core.http import act, domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.core.wareki import DateParseError, parse_date
from menkyo.counter import services as counter
from menkyo.documents.http import pdf_page
from menkyo.exams import services
from menkyo.exams.actions import Action
from menkyo.exams.forms import (
    AptitudeForm,
    CancelPassForm,
    DayForm,
    ReasonForm,
    RegisterForm,
    SkillTestForm,
    offices_of,
)
from menkyo.exams.models import EXAMINEE, ExamineeState, SheetState, TestPart
from menkyo.exams.permissions import CANCEL_PASS, REGISTER_EXAMINEE, STOP_EXAM, VIEW_PASS_BOARD


def _office_and_day(request) -> tuple[str, date, DayForm, str]:
    """The office and day asked for (default: the operator's office or the first centre, today)."""
    form = DayForm(request.GET or None, user=request.user)
    choices = [code for code, _ in form.fields["centre"].choices]
    centre = request.GET.get("centre") if request.GET.get("centre") in choices else (choices[0] if choices else "")
    error = ""
    try:
        day = parse_date(request.GET["date"]) if request.GET.get("date") else services.today()
    except DateParseError as exc:
        day, error = services.today(), f"試験日：{exc.message}"
    form.initial = {"centre": centre}
    return centre, day, form, error


def _status(examinee) -> dict:
    """Each required test's state for the list: 合格・不合格・未 (学科: 要確認 while a sheet waits)."""
    found = {}
    aptitude, skill = services.recorded(examinee, "aptitude"), services.recorded(examinee, "skill_test")
    sheets = list(examinee.answer_sheets.all())
    for part in TestPart:
        if part.value not in examinee.required_tests:
            found[part.value] = "―"
        elif part == TestPart.APTITUDE:
            found[part.value] = "未" if aptitude is None else "合格" if aptitude.passed else "不合格"
        elif part == TestPart.SKILL:
            found[part.value] = "未" if skill is None else "合格" if skill.passed else "不合格"
        elif any(s.state == SheetState.NEEDS_REVIEW for s in sheets):
            found[part.value] = "要確認"
        else:
            scored = [s for s in sheets if s.state == SheetState.SCORED]
            found[part.value] = "未" if not scored else "合格" if scored[-1].passed else "不合格"
    return found


@login_required
@domain_view
@implements(services.examinees_of_day)
def day(request):
    centre, exam_date, form, error = _office_and_day(request)
    examinees = services.examinees_of_day(request.user, centre, exam_date) if centre else []
    return render(request, "exams/day.html", {
        "form": form, "centre": centre, "exam_date": exam_date, "date_error": error,
        "rows": [(e, _status(e)) for e in examinees],
        "may_register": allowed(request.user, REGISTER_EXAMINEE.name, request.user.affiliation),
    })


@login_required
@domain_view
@implements(services.register_examinee)
def register(request):
    authorize(request.user, REGISTER_EXAMINEE.name, request.user.affiliation, action=Action.EXAMINEE_REGISTER)
    form = RegisterForm(request.POST or None, user=request.user,
                        initial={"exam_date": services.today().isoformat(), "centre": request.user.affiliation_id,
                                 "application_id": request.GET.get("application", "")[:12]})
    examinee = submit(request, form, lambda data: services.register_examinee(
        request.user, data["application_id"], centre=data["centre"], exam_date=data["exam_date"]))
    if examinee is not None:
        messages.success(request, f"受験番号 {examinee.examinee_number} で受験登録しました（{services.tests_label(examinee)}）。")
        return redirect("exams:detail", pk=examinee.pk)
    return render(request, "exams/register.html", {"form": form}, status=422 if form.errors else 200)


def _detail(request, examinee, *, aptitude_form=None, skill_form=None, reason_form=None, cancel_form=None,
            status=200):
    available = {t.name for t in EXAMINEE.available(request.user, examinee)}
    open_ = examinee.state == ExamineeState.REGISTERED
    return render(request, "exams/detail.html", {
        "examinee": examinee, "status": _status(examinee), "tests": services.tests_label(examinee),
        "review": counter.review_of(examinee.application),
        "aptitude": services.recorded(examinee, "aptitude"), "skill": services.recorded(examinee, "skill_test"),
        "sheets": list(examinee.answer_sheets.all()), "bar": services.bar_of(examinee),
        "aptitude_form": aptitude_form or AptitudeForm(), "skill_form": skill_form or SkillTestForm(),
        "reason_form": reason_form or ReasonForm(), "cancel_form": cancel_form or CancelPassForm(),
        "may_record": open_ and "stop" in available,
        "needs_aptitude": TestPart.APTITUDE in examinee.required_tests,
        "needs_skill": TestPart.SKILL in examinee.required_tests,
        "may_decide": "pass" in available, "may_stop": "stop" in available,
        "may_report": examinee.state == ExamineeState.PASSED and not examinee.reported_by
        and allowed(request.user, STOP_EXAM.name, examinee),
        "may_cancel": examinee.state in (ExamineeState.PASSED, ExamineeState.STOPPED) and examinee.reported_by
        and allowed(request.user, CANCEL_PASS.name, examinee),
        "own_report": examinee.reported_by == request.user.actor_name,
        "may_print_ticket": examinee.state in services.TICKET_STATES
        and allowed(request.user, REGISTER_EXAMINEE.name, examinee),
    }, status=status)


@login_required
@domain_view
@implements(services.read_examinee)
def detail(request, pk: int):
    return _detail(request, services.read_examinee(request.user, pk))


@login_required
@domain_view
@implements(services.exam_ticket)
def ticket_pdf(request, pk: int):
    return pdf_page(request, lambda: services.exam_ticket(request.user, pk))


def _post(request, pk: int, form, action, done: str, form_key: str):
    """Hand a POSTed form to a service; its refusal goes next to the field on the examinee page."""
    examinee = services.load_examinee(pk)
    if submit(request, form, lambda data: action(examinee)) is None:
        return _detail(request, services.load_examinee(pk), **{form_key: form}, status=422)
    messages.success(request, done)
    return redirect("exams:detail", pk=pk)


@require_POST
@login_required
@domain_view
@implements(services.record_aptitude)
def aptitude(request, pk: int):
    form = AptitudeForm(request.POST)
    return _post(request, pk, form, lambda e: services.record_aptitude(request.user, e.pk, form.measurements()),
                 "適性試験の結果を記録しました。", "aptitude_form")


@require_POST
@login_required
@domain_view
@implements(services.record_skill_test)
def skill_test(request, pk: int):
    form = SkillTestForm(request.POST)
    return _post(request, pk, form, lambda e: services.record_skill_test(
        request.user, e.pk, form.deductions(), form.cleaned_data["stopped_item"]),
        "技能試験の結果を記録しました。", "skill_form")


@require_POST
@login_required
@domain_view
@implements(services.register_result)
def result(request, pk: int):
    return act(request, lambda: services.register_result(request.user, pk), done="合否を登録しました。",
               then=reverse("exams:detail", args=[pk]))


@require_POST
@login_required
@domain_view
@implements(services.stop_exam)
def stop(request, pk: int):
    form = ReasonForm(request.POST)
    return _post(request, pk, form, lambda e: services.stop_exam(request.user, e.pk, reason=form.cleaned_data["reason"]),
                 "試験を停止しました。合格の取消し・受験停止は試験場長（「決定」）が決定します。", "reason_form")


@require_POST
@login_required
@domain_view
@implements(services.report_fraud)
def report(request, pk: int):
    form = ReasonForm(request.POST)
    return _post(request, pk, form, lambda e: services.report_fraud(request.user, e.pk, reason=form.cleaned_data["reason"]),
                 "不正を通報しました。合格の取消し・受験停止は試験場長（「決定」）が決定します。", "reason_form")


@require_POST
@login_required
@domain_view
@implements(services.cancel_pass_and_bar)
def cancel_pass(request, pk: int):
    form = CancelPassForm(request.POST)
    return _post(request, pk, form, lambda e: services.cancel_pass_and_bar(
        request.user, e.pk, reason=form.cleaned_data["reason"], bar_until=form.cleaned_data["bar_until"]),
        "決定を登録しました。", "cancel_form")


@login_required
@domain_view
@implements(services.pass_board)
def pass_board(request):
    authorize(request.user, VIEW_PASS_BOARD.name, action=Action.PASS_BOARD_READ)
    centre, exam_date, form, error = _office_and_day(request)
    numbers = services.pass_board(request.user, centre, exam_date) if centre else []
    names = dict(offices_of(request.user))
    return render(request, "exams/pass_board.html", {"form": form, "numbers": numbers, "exam_date": exam_date,
                                                     "centre_name": names.get(centre, centre), "date_error": error})
