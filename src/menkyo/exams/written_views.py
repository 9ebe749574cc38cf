"""学科試験 pages for the 試験 role at the centre (規程第5条): the day's answer sheets with their scores,
the 要確認 queue where a person enters what the paper shows (the scanned marks shown, the key never
shown beside them, nothing guessed), an OMR file upload, the question bank and the exam forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.core.wareki import wareki
from menkyo.exams import written
from menkyo.exams.actions import Action
from menkyo.exams.models import ExamType, QuestionType, SheetState
from menkyo.exams.permissions import MANAGE_QUESTIONS, RECORD_TEST_RESULT, UPLOAD_ANSWER_SHEETS
from menkyo.exams.written_forms import (
    AssemblyForm,
    QuestionForm,
    ReasonForm,
    ResolveForm,
    SheetFilterForm,
    UploadForm,
)
from menkyo.rules import written_test

MARK_LABELS = {True: "正", False: "誤", None: "マークなし", written_test.UNREADABLE: "読取不能",
               written_test.NO_ANSWER: "無記入"}
TYPE_LABELS = dict(QuestionType.choices)


def mark_label(mark) -> str:
    """How a mark reads to staff: 正, 誤, マークなし, 読取不能, 無記入 (a part each for an illustration)."""
    if isinstance(mark, list):
        return "・".join(mark_label(m) for m in mark)
    return MARK_LABELS.get(mark, str(mark))


def _office(request):
    return getattr(request.user, "affiliation", None)


# --- answer sheets --------------------------------------------------------------------------


@login_required
@domain_view
def sheets(request):
    """The answer sheets of an exam day (today unless chosen), with their scores."""
    form = SheetFilterForm(request.GET or None, initial={"day": wareki(timezone.localdate())}, label_suffix="")
    day, state = timezone.localdate(), ""
    if form.is_valid():
        day, state = form.cleaned_data["day"] or day, form.cleaned_data["state"]
    found = written.sheets_for(request.user, day=day, state=state)
    counts = {label: sum(s.state == value for s in found) for value, label in SheetState.choices}
    return render(request, "exams/written/sheets.html", {
        "form": form, "sheets": found, "day": day, "counts": counts,
        "passed": sum(s.passed is True for s in found), "failed": sum(s.passed is False for s in found),
        "may_upload": allowed(request.user, UPLOAD_ANSWER_SHEETS.name, _office(request)),
    })


@login_required
@domain_view
def review(request):
    """要確認: every sheet of the prefecture with marks the OMR装置 could not read, oldest first."""
    found = written.sheets_for(request.user, state=SheetState.NEEDS_REVIEW)
    return render(request, "exams/written/review.html", {"sheets": found})


def _rows(sheet, result: dict | None) -> list[dict]:
    by_no = {row["no"]: row for row in result["per_question"]} if result else {}
    return [{"no": q["no"], "type": TYPE_LABELS[q["type"]], "points": q["points"],
             "mark": mark_label(sheet.answers.get(str(q["no"]))), "unreadable": q["no"] in sheet.unreadable,
             "correct": by_no.get(q["no"], {}).get("correct")} for q in sheet.form.key]


@login_required
@domain_view
@implements(written.resolve_sheet)
def sheet(request, pk: int):
    """One sheet: its marks as read. While it waits for a person, the 試験官 enters what the paper shows
    for each unreadable mark; the key is not shown beside the marks until the sheet is scored."""
    found = written.get_sheet(request.user, pk)
    waiting = found.state == SheetState.NEEDS_REVIEW
    pending = [q for q in found.form.key if q["no"] in found.unreadable] if waiting else []
    form = ResolveForm(request.POST or None, questions=pending) if waiting else None
    if request.method == "POST" and form is not None:
        done = submit(request, form, lambda data: written.resolve_sheet(request.user, found.pk, form.marks(),
                                                                         reason=data["reason"]))
        if done is not None:
            messages.success(request, f"受験番号 {done.examinee.examinee_number} の答案を採点しました（{done.score}点）。")
            return redirect("written:sheet", pk=done.pk)
    result = None if waiting else written_test.score(found.form.key, found.answers, found.examinee.exam_date)
    return render(request, "exams/written/sheet.html", {
        "sheet": found, "rows": _rows(found, result), "result": result, "form": form,
        "fields": [[form[name] for name, _ in ResolveForm.names(q)] for q in pending] if form else [],
        "pending": pending, "may_resolve": waiting and allowed(request.user, RECORD_TEST_RESULT.name, found.examinee),
    }, status=422 if form is not None and form.errors else 200)


@login_required
@domain_view
@implements(written.upload_answer_sheets)
def upload(request):
    """An OMR装置's file read at the centre: each row is a sheet, accepted, resent or rejected."""
    authorize(request.user, UPLOAD_ANSWER_SHEETS.name, _office(request), action=Action.SHEET_UPLOAD)
    form = UploadForm(request.POST or None, request.FILES or None)

    def send(data):
        text = written.decode_csv(data["file"].read(), data["charset"] or "utf-8")
        return written.upload_answer_sheets(request.user, written.sheets_from_csv(text))

    outcomes = submit(request, form, send)
    if outcomes is not None:
        accepted = sum(o.status == "accepted" for o in outcomes)
        messages.success(request, f"{len(outcomes)}枚を処理しました（登録 {accepted}枚）。")
    return render(request, "exams/written/upload.html", {"form": form, "outcomes": outcomes or [],
                                                          "columns": ", ".join(written.CSV_FIELDS)})


# --- questions ------------------------------------------------------------------------------


def _required(shape_day) -> list[dict]:
    """For each exam type: the questions its form needs per type and how many the bank holds."""
    counts = written.bank_counts()
    rows = []
    for code, label in ExamType.choices:
        shape = written_test.form_shape(code, shape_day)
        rows.append({"label": label, "parts": [
            {"label": TYPE_LABELS[p.type], "needed": p.count, "points": p.points, "held": counts.get((code, p.type), 0)}
            for p in shape.parts], "max_points": shape.max_points, "minutes": shape.minutes,
            "pass_points": shape.pass_points, "assumption": shape.assumption})
    return rows


@login_required
@domain_view
def questions(request):
    exam_type = request.GET.get("exam_type", "")
    exam_type = exam_type if exam_type in ExamType.values else ""
    active = {"1": True, "0": False}.get(request.GET.get("active", "1"))
    found = written.questions_for(request.user, exam_type=exam_type, active=active)
    rows = [{"q": q, "first_line": q.text.splitlines()[0], "answer": mark_label(q.answer)} for q in found]
    return render(request, "exams/written/questions.html", {
        "rows": rows, "exam_types": ExamType.choices, "exam_type": exam_type, "active": request.GET.get("active", "1"),
        "shapes": _required(timezone.localdate()), "limit": written.LIST_LIMIT,
    })


@login_required
@domain_view
@implements(written.create_question)
def question_new(request):
    authorize(request.user, MANAGE_QUESTIONS.name, _office(request), action=Action.QUESTION_CREATE)
    form = QuestionForm(request.POST or None)
    created = submit(request, form, lambda data: written.create_question(request.user, form.service_data()))
    if created is not None:
        messages.success(request, f"問題 {created.code} を登録しました（{created.points}点）。")
        return redirect("written:questions")
    return render(request, "exams/written/question_new.html", {"form": form})


@login_required
@domain_view
@implements(written.retire_question)
def question_retire(request, code: str):
    authorize(request.user, MANAGE_QUESTIONS.name, _office(request), action=Action.QUESTION_RETIRE)
    question = written.load_question(code)
    form = ReasonForm(request.POST or None)
    retired = submit(request, form, lambda data: written.retire_question(request.user, code, reason=data["reason"]))
    if retired is not None:
        messages.success(request, f"問題 {retired.code} を使用停止にしました（作成済みの版の正答表はそのままです）。")
        return redirect("written:questions")
    return render(request, "exams/written/question_retire.html", {"question": question, "form": form,
                                                                   "answer": mark_label(question.answer)})


# --- forms ----------------------------------------------------------------------------------


@login_required
@domain_view
def exam_forms(request):
    authorize(request.user, MANAGE_QUESTIONS.name, _office(request), action=Action.FORM_ASSEMBLE)
    return render(request, "exams/written/forms.html", {"forms": written.forms_for(request.user)})


@login_required
@domain_view
@implements(written.assemble_form)
def form_new(request):
    authorize(request.user, MANAGE_QUESTIONS.name, _office(request), action=Action.FORM_ASSEMBLE)
    form = AssemblyForm(request.POST or None)
    made = submit(request, form, lambda data: written.assemble_form(request.user, **form.service_data()))
    if made is not None:
        messages.success(request, f"試験問題の版 {made.code} を作成しました（{len(made.key)}問・{made.max_points}点）。")
        return redirect("written:form", code=made.code)
    return render(request, "exams/written/form_new.html", {"form": form})


@login_required
@domain_view
def exam_form(request, code: str):
    """A form with its questions and key, for the 試験 role who makes forms (never for devices here)."""
    authorize(request.user, MANAGE_QUESTIONS.name, _office(request), action=Action.FORM_ASSEMBLE)
    found = written.get_form(request.user, code)
    rows = [{**q, "type_label": TYPE_LABELS[q["type"]], "lines": q["text"].splitlines(),
             "answer_label": mark_label(q["answer"])} for q in written.form_questions(found)]
    shape = written_test.form_shape(found.exam_type, timezone.localdate(found.created_at))
    return render(request, "exams/written/form.html", {"exam_form": found, "rows": rows, "shape": shape})
