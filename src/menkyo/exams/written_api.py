"""学科試験 API (規程第5条; 2-10 学科試験採点) for the centre's devices: the 問題作成端末 adds questions
and assembles forms, the OMR装置 and 採点端末 upload answer sheets (JSON or the OMR装置's CSV file)
and read the sheets that wait for a person; a 試験官 (operator session) resolves them.

**The key (正答表) never leaves the server through this API**, except to the 問題作成端末 that
assembled the form: scoring happens on the server, so the OMR装置 and the 採点端末 need only the
form's layout (question numbers, types, points), and an examiner reads the key on the pages. A form
read by anyone else has ``key: null``.

Input errors are 422 with ``error.field``; a bad sheet inside an upload does not fail the upload —
its outcome says ``rejected`` with the error, the other sheets go in.
"""

import json
import re
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from menkyo.core.errors import InvalidInput
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.exams import written
from menkyo.exams.models import AnswerSheet, ExamForm, ExamType, Question, QuestionType, SheetState
from menkyo.rules import written_test

router = Router(tags=["written-test"])

EXAM_TYPES = "・".join(f"{v}（{label}）" for v, label in ExamType.choices)
MARKS = 'true（正）・false（誤）・null（マークなし）・"?"（読取不能・二重マーク）'


class QuestionIn(Schema):
    code: str = Field("", description="問題番号（英大文字・数字・ハイフン16文字以内；省略時は自動採番）")
    exam_type: str = Field("", description=f"試験の区分（必須）：{EXAM_TYPES}")
    question_type: str = Field("", description="形式（必須）：true_false（正誤式）・illustration（イラスト危険予測）")
    text: str = Field("", description="問題文（イラスト問題は場面の説明）")
    parts: list[str] | None = Field(None, description="イラスト問題の小問（3つ）")
    points: int | None = Field(None, description="配点（省略時はその試験の形式の配点；異なる値は不可）")
    answer: Any = Field(None, description="正答：正誤式は true/false、イラスト問題は小問ごとの true/false の配列")


class QuestionOut(Schema):
    code: str
    exam_type: str
    exam_type_label: str
    question_type: str
    question_type_label: str
    text: str
    points: int
    answer: Any
    active: bool
    created_by: str
    created_at: datetime


class WrittenExamReasonIn(Schema):
    reason: str = Field("", description="理由（必須）")


class FormIn(Schema):
    code: str = Field("", description="版番号（必須、英大文字・数字・ハイフン16文字以内）")
    exam_type: str = Field("", description=f"試験の区分（必須）：{EXAM_TYPES}")
    question_codes: list[str] | None = Field(None, description="使う問題番号（省略時は形式に従い無作為に選ぶ）")
    seed: int | None = Field(None, description="無作為に選ぶときの乱数の種（省略時は生成して監査記録に残す）")


class LayoutOut(Schema):
    no: int
    type: str
    points: int
    sub_items: int


class FormOut(Schema):
    code: str
    exam_type: str
    exam_type_label: str
    prefecture: str
    max_points: int
    pass_points: int
    minutes: int
    questions: int
    layout: list[LayoutOut] = Field(description="問番号ごとの形式・配点・小問の数（OMR装置の読取に使う）")
    key: list[dict] | None = Field(description="正答表：この版を作成した問題作成端末にだけ返す（他は null）")
    created_by: str
    created_at: datetime


class SheetsIn(Schema):
    sheets: list[Any] = Field(description=(
        "答案（1回に1,000枚まで）：{scan_id（読取ID、再送の識別）, examinee_number, exam_date（YYYY-MM-DD）, "
        f"centre（試験場の所属コード）, form_code, answers: {{\"1\": 解答, …, \"91\": [小問1, 小問2, 小問3]}}}}；解答は {MARKS}。"
        "答案ごとに検査し、形式の誤った答案（オブジェクトでないものを含む）はその答案だけ rejected になる"))


class ErrorItem(Schema):
    code: str
    message: str
    field: str | None


class SheetResultOut(Schema):
    index: int
    scan_id: str
    status: str = Field(description="accepted（登録・採点）・resent（再送：以前の結果）・rejected（不受理）")
    sheet_id: int | None
    state: str | None = Field(description="scored（採点済）・needs_review（要確認：読取不能の問あり）")
    score: int | None
    passed: bool | None
    unreadable: list[int]
    error: ErrorItem | None


class UploadOut(Schema):
    accepted: int
    resent: int
    rejected: int
    needs_review: int
    sheets: list[SheetResultOut]


class WrittenSheetOut(Schema):
    id: int
    scan_id: str
    examinee_id: int
    examinee_number: int
    centre: str
    exam_date: date
    form_code: str
    state: str
    state_label: str
    score: int | None
    passed: bool | None
    unreadable: list[int]
    answers: dict[str, Any]
    uploaded_by: str
    uploaded_at: datetime
    reviewed_by: str


class ResolveIn(Schema):
    answers: dict[str, Any] = Field(description='読取不能だった問ごとの答案の記載：true（正）・false（誤）・"-"（無記入）；'
                                                "イラスト問題は小問ごとの配列")
    reason: str = Field("", description="確認の内容（必須）")


def question_out(q: Question) -> QuestionOut:
    return QuestionOut(code=q.code, exam_type=q.exam_type, exam_type_label=q.get_exam_type_display(),
                       question_type=q.question_type, question_type_label=q.get_question_type_display(), text=q.text,
                       points=q.points, answer=q.answer, active=q.active, created_by=q.created_by,
                       created_at=q.created_at)


def form_out(form: ExamForm, actor) -> FormOut:
    made_on = timezone.localdate(form.created_at)
    shape = written_test.form_shape(form.exam_type, made_on)
    layout = [LayoutOut(no=q["no"], type=q["type"], points=q["points"],
                        sub_items=len(q["answer"]) if q["type"] == QuestionType.ILLUSTRATION else 1) for q in form.key]
    return FormOut(code=form.code, exam_type=form.exam_type, exam_type_label=form.get_exam_type_display(),
                   prefecture=form.prefecture_id, max_points=form.max_points,
                   pass_points=written_test.pass_points(form.max_points, made_on)[0],
                   minutes=shape.minutes, questions=len(form.key), layout=layout,
                   key=form.key if written.made_by_this_device(actor, form) else None,
                   created_by=form.created_by, created_at=form.created_at)


def result_out(o: written.SheetOutcome) -> SheetResultOut:
    sheet = o.sheet
    error = ErrorItem(code=o.error.code, message=o.error.message, field=o.error.field) if o.error else None
    return SheetResultOut(index=o.index, scan_id=o.scan_id, status=o.status, sheet_id=sheet.pk if sheet else None,
                          state=sheet.state if sheet else None, score=sheet.score if sheet else None,
                          passed=sheet.passed if sheet else None, unreadable=sheet.unreadable if sheet else [],
                          error=error)


def sheet_out(s: AnswerSheet) -> WrittenSheetOut:
    return WrittenSheetOut(id=s.pk, scan_id=s.scan_id, examinee_id=s.examinee_id, examinee_number=s.examinee.examinee_number,
                    centre=s.examinee.centre_id, exam_date=s.examinee.exam_date, form_code=s.form.code, state=s.state,
                    state_label=s.get_state_display(), score=s.score, passed=s.passed, unreadable=s.unreadable,
                    answers=s.answers, uploaded_by=s.uploaded_by, uploaded_at=s.uploaded_at, reviewed_by=s.reviewed_by)


# --- questions and forms (問題作成端末) --------------------------------------------------------


@router.post("/questions", response={201: QuestionOut, **ERRORS}, summary="学科試験問題の登録（問題作成端末）")
@implements(written.create_question)
def create_question(request, payload: QuestionIn):
    data = payload.dict(exclude_none=True)
    return Status(201, question_out(as_unprocessable(written.create_question, request.actor, data)))


@router.get("/questions", response={200: list[QuestionOut], **ERRORS}, summary="学科試験問題の一覧")
def list_questions(request, exam_type: str = "", active: bool | None = None):
    found = as_unprocessable(written.questions_for, request.actor, exam_type=exam_type, active=active)
    return [question_out(q) for q in found]


@router.post("/questions/{code}/retire", response={200: QuestionOut, **ERRORS}, summary="学科試験問題の使用停止")
@implements(written.retire_question)
def retire_question(request, code: str, payload: WrittenExamReasonIn):
    """The question is never drawn again; forms that hold it keep their frozen key."""
    return question_out(as_unprocessable(written.retire_question, request.actor, code, reason=payload.reason))


@router.post("/exam-forms", response={201: FormOut, **ERRORS}, summary="試験問題の版の作成（正答表の確定）")
@implements(written.assemble_form)
def assemble_form(request, payload: FormIn):
    """Questions named, or drawn at random by the form's shape; the answer carries the key only for the
    問題作成端末 that made the form."""
    form = as_unprocessable(written.assemble_form, request.actor, **payload.dict())
    return Status(201, form_out(form, request.actor))


@router.get("/exam-forms", response={200: list[FormOut], **ERRORS}, summary="試験問題の版の一覧（自県）")
def list_forms(request):
    return [form_out(f, request.actor) for f in written.forms_for(request.actor)]


@router.get("/exam-forms/{code}", response={200: FormOut, **ERRORS}, summary="試験問題の版（問の配置）")
def get_form(request, code: str):
    """The layout for the OMR装置 and 採点端末; the key only for the 問題作成端末 that made the form."""
    return form_out(written.get_form(request.actor, code), request.actor)


# --- answer sheets (OMR装置・採点端末) ----------------------------------------------------------

UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": SheetsIn.model_json_schema()},
    "text/csv": {"schema": {"type": "string", "description": (
        "OMR装置の読取ファイル（UTF-8、Shift_JIS は charset=Shift_JIS を付ける）：見出し行 scan_id,centre,exam_date,"
        "examinee_number,form_code,q1,…,qN；各問は 1（正）・0（誤）・空欄（マークなし）・?（読取不能・二重マーク）、"
        "イラスト問題は3文字（空の小問は _ ）、例 10?")}}}}}


def _sheets_of(request) -> list:
    if request.content_type == "text/csv":
        charset = (request.content_params or {}).get("charset", "")
        return written.sheets_from_csv(written.decode_csv(request.body, charset))
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("JSON の形式が正しくありません。", field="sheets") from None
    if not isinstance(body, dict) or not isinstance(body.get("sheets"), list):
        raise InvalidInput("答案は {\"sheets\": [...]} の形で送信してください。", field="sheets", code="sheets_required")
    return body["sheets"]


@router.post("/answer-sheets", response={200: UploadOut, **ERRORS}, summary="学科試験答案の登録・採点（OMR装置）",
             openapi_extra=UPLOAD_BODY)
@implements(written.upload_answer_sheets)
def upload_answer_sheets(request):
    """JSON ``{"sheets": [...]}`` or the OMR装置's CSV file (``text/csv``). Each sheet is accepted,
    resent (its earlier result; never scored twice) or rejected with its reason."""
    outcomes = as_unprocessable(lambda: written.upload_answer_sheets(request.actor, _sheets_of(request)))
    counts = {status: sum(o.status == status for o in outcomes) for status in ("accepted", "resent", "rejected")}
    review = sum(o.status == "accepted" and o.sheet.state == SheetState.NEEDS_REVIEW for o in outcomes)
    return UploadOut(**counts, needs_review=review, sheets=[result_out(o) for o in outcomes])


def _day(text: str) -> date | None:
    """A query's date: YYYY-MM-DD only (a number is not a date here)."""
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InvalidInput("試験日は YYYY-MM-DD で指定してください。", field="exam_date")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"試験日 {text} という日はありません。", field="exam_date") from None


@router.get("/answer-sheets", response={200: list[WrittenSheetOut], **ERRORS}, summary="学科試験答案の一覧（要確認など）")
def list_sheets(request, state: str = "", exam_date: str = Query("", description="試験日（YYYY-MM-DD）"),
                centre: str = ""):
    """``state=needs_review``: the sheets that wait for a person (読取不能の問がある答案)."""
    found = as_unprocessable(lambda: written.sheets_for(request.actor, day=_day(exam_date), centre=centre, state=state))
    return [sheet_out(s) for s in found]


@router.get("/answer-sheets/{sheet_id}", response={200: WrittenSheetOut, **ERRORS}, summary="学科試験答案の読取結果・得点")
def get_sheet(request, sheet_id: int):
    return sheet_out(written.get_sheet(request.actor, sheet_id))


@router.post("/answer-sheets/{sheet_id}/resolve", response={200: WrittenSheetOut, **ERRORS},
             summary="読取不能答案の確認（試験官）")
@implements(written.resolve_sheet)
def resolve_sheet(request, sheet_id: int, payload: ResolveIn):
    """A 試験官 enters what the paper shows for each unreadable mark; the sheet is then scored."""
    sheet = as_unprocessable(written.resolve_sheet, request.actor, sheet_id, payload.answers, reason=payload.reason)
    return sheet_out(sheet)
