"""学科試験 (規程第5条; seed sub-system 2-10 学科試験採点): the question bank, exam forms, OMR answer
sheets scored by the form's key, and the sheets a person resolves.

- **Questions** (問題作成端末 or 「試験」): :func:`create_question` checks the type, the points the
  form of its exam type gives that type (``rules.written_test.form_shape``), the answer's shape and
  the text; a question is never edited — :func:`retire_question` takes it out of new forms, and a
  form already assembled keeps its frozen key.
- **Forms**: :func:`assemble_form` takes the questions named, or draws them at random by the form's
  shape with a recorded seed, checks the counts per type and the total points, and freezes the key
  (``ExamForm.key``).
- **Answer sheets** (OMR装置・採点端末 or 「試験」): :func:`upload_answer_sheets` takes a batch; each
  sheet is checked on its own (a bad one is rejected with its reason, the others go in), a resend
  of a scan id returns the earlier result and is never scored twice, and a sheet with a mark that
  could not be read waits for a person (要確認). :func:`sheets_from_csv` reads the OMR装置's CSV
  file (columns documented there).
- **Resolution** (「試験」): :func:`resolve_sheet` records what the paper shows for the unreadable
  marks and scores the sheet; the audit event keeps the marks before and after.

Scoring is :func:`menkyo.rules.written_test.score`: 90 % of the form's maximum (施行規則第25条).
"""

import csv
import io
import random
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.actors import is_system
from menkyo.core.errors import Conflict, DomainError, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import allowed, authorize
from menkyo.core.recording import Outcome
from menkyo.exams.actions import Action
from menkyo.exams.models import (
    TEXT_MAX_LENGTH,
    AnswerSheet,
    ExamForm,
    Examinee,
    ExamineeState,
    ExamType,
    Question,
    QuestionType,
    SheetState,
    TestPart,
)
from menkyo.exams.permissions import MANAGE_QUESTIONS, RECORD_TEST_RESULT, UPLOAD_ANSWER_SHEETS
from menkyo.registry.text import clean_text
from menkyo.rules import written_test
from menkyo.rules.errors import RulesError

#: The most sheets one upload may carry (a large centre's day; a device sends more in batches).
MAX_SHEETS_PER_UPLOAD = 1000
LIST_LIMIT = 500
MIN_TEXT_LENGTH = 5
CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
SCAN_ID = re.compile(r"[\x21-\x7e]{1,40}")
CODE_PREFIX = {ExamType.FIRST: "F", ExamType.PROVISIONAL: "P", ExamType.MOPED: "M", ExamType.SECOND: "S"}
SAMPLE_QUESTIONS = Path(__file__).resolve().parent / "fixtures" / "sample_questions.yaml"


def today() -> date:
    return timezone.localdate()


def _audit_basis() -> dict:
    return {"legal_basis": str(legal.KITEI_5)}


# --- questions ------------------------------------------------------------------------------


def _code(value, *, field: str, label: str) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    if not CODE.fullmatch(text):
        raise InvalidInput(f"{label}は英大文字・数字・ハイフンの16文字以内で入力してください。", field=field)
    return text


def _choice(value, choices, *, field: str, label: str) -> str:
    text = str(value or "").strip()
    if text not in choices.values:
        names = "・".join(str(label) for label in choices.labels)
        raise InvalidInput(f"{label}を選んでください（{names}）。", field=field,
                           code=f"{field}_required" if not text else None)
    return text


def _statement(value, *, field: str, label: str) -> str:
    text = clean_text(value if isinstance(value, str) else "", TEXT_MAX_LENGTH, field=field, label=label)
    if len(text) < MIN_TEXT_LENGTH:
        raise InvalidInput(f"{label}を{MIN_TEXT_LENGTH}文字以上で入力してください。", field=field)
    return text


def _answer(value, question_type: str, sub_items: int):
    if question_type == QuestionType.TRUE_FALSE:
        if value is not True and value is not False:
            raise InvalidInput("正答は「正しい」か「誤り」で指定してください。", field="answer")
        return value
    if not isinstance(value, list) or len(value) != sub_items or not all(v is True or v is False for v in value):
        raise InvalidInput(f"イラスト問題の正答は{sub_items}つの小問それぞれに「正しい」か「誤り」で指定してください。",
                           field="answer")
    return value


def _text(data: dict, question_type: str, sub_items: int) -> str:
    """The question's text; an illustration question's scene and its parts, one per line (（1）…)."""
    text = _statement(data.get("text"), field="text", label="問題文")
    if question_type == QuestionType.TRUE_FALSE:
        return text
    parts = data.get("parts")
    if not isinstance(parts, list) or len(parts) != sub_items:
        raise InvalidInput(f"イラスト問題には小問を{sub_items}つ入力してください。", field="parts")
    lines = [_statement(p, field=f"parts.{i}", label=f"小問（{i + 1}）") for i, p in enumerate(parts)]
    return "\n".join([text, *(f"（{i + 1}）{line}" for i, line in enumerate(lines))])


def _shape_part(exam_type: str, question_type: str, day: date) -> written_test.Part:
    part = written_test.form_shape(exam_type, day).part(question_type)
    if part is None:
        raise InvalidInput(f"{ExamType(exam_type).label}の試験に{QuestionType(question_type).label}の問題はありません。",
                           field="question_type")
    return part


def _points(value, part: written_test.Part, exam_type: str) -> int:
    if value in (None, ""):
        return part.points
    if isinstance(value, bool) or str(value).strip() != str(part.points):
        raise InvalidInput(f"{ExamType(exam_type).label}の{written_test.TYPE_LABELS[part.type]}の問題の配点は"
                           f"{part.points}点です。", field="points")
    return part.points


def _new_code(exam_type: str) -> str:
    prefix = CODE_PREFIX[exam_type]
    serial = Question.objects.filter(exam_type=exam_type).count() + 1
    while Question.objects.filter(code=f"{prefix}{serial:05d}").exists():
        serial += 1
    return f"{prefix}{serial:05d}"


@procedure(legal.KITEI_5, rule=MANAGE_QUESTIONS.name)
def create_question(actor, data: dict) -> Question:
    """Add a question to the bank (問題作成端末): 正誤式 or イラスト危険予測 with three parts.

    The points are those the form of its exam type gives that type (``rules.written_test``);
    ``code`` is given or numbered per exam type (F00001 …). A question is never edited afterwards.
    """
    authorize(actor, MANAGE_QUESTIONS.name, getattr(actor, "affiliation", None), action=Action.QUESTION_CREATE)
    exam_type = _choice(data.get("exam_type"), ExamType, field="exam_type", label="試験の区分")
    question_type = _choice(data.get("question_type"), QuestionType, field="question_type", label="形式")
    part = _shape_part(exam_type, question_type, today())
    points = _points(data.get("points"), part, exam_type)
    text = _text(data, question_type, part.sub_items)
    answer = _answer(data.get("answer"), question_type, part.sub_items)
    code = _code(data["code"], field="code", label="問題番号") if data.get("code") else _new_code(exam_type)
    if Question.objects.filter(code=code).exists():
        raise Conflict(f"問題番号 {code} は既に登録されています。", field="code", code="duplicate_code")
    try:
        with transaction.atomic():
            question = Question.objects.create(code=code, exam_type=exam_type, question_type=question_type,
                                               text=text, points=points, answer=answer, created_by=actor.actor_name)
            record(actor, Action.QUESTION_CREATE, object_type="question", object_id=code,
                   detail={"exam_type": exam_type, "question_type": question_type, "points": points,
                           **_audit_basis()})
    except IntegrityError:
        raise Conflict(f"問題番号 {code} は既に登録されています。", field="code", code="duplicate_code") from None
    return question


def load_question(code: str) -> Question:
    """One question of the bank by its code, or :class:`NotFound` (the caller checks the permission)."""
    question = Question.objects.filter(code=str(code or "").strip().upper()).first()
    if question is None:
        raise NotFound(f"問題番号 {str(code)[:16]} の問題はありません。")
    return question


@procedure(legal.KITEI_5, rule=MANAGE_QUESTIONS.name)
def retire_question(actor, code: str, *, reason: str) -> Question:
    """Take a question out of use (使用停止): new forms never draw it; forms that hold it keep their key."""
    authorize(actor, MANAGE_QUESTIONS.name, getattr(actor, "affiliation", None), action=Action.QUESTION_RETIRE)
    reason = clean_text(reason, TEXT_MAX_LENGTH, field="reason", label="使用停止の理由")
    if not reason:
        raise InvalidInput("使用停止の理由を入力してください。", field="reason", code="reason_required")
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=load_question(code).pk)
        if not question.active:
            raise Conflict(f"問題番号 {question.code} は既に使用停止です。", code="already_retired")
        question.active = False
        question.save(update_fields=["active"])
        record(actor, Action.QUESTION_RETIRE, object_type="question", object_id=question.code,
               detail={"reason": reason, "forms": question.forms.count(), **_audit_basis()})
    return question


def questions_for(actor, *, exam_type: str = "", active: bool | None = None) -> list[Question]:
    """The bank (問題作成端末・「試験」), by exam type; at most :data:`LIST_LIMIT`, by code."""
    authorize(actor, MANAGE_QUESTIONS.name, getattr(actor, "affiliation", None), action=Action.QUESTION_CREATE)
    found = Question.objects.annotate(form_count=Count("forms")).order_by("code")
    if exam_type:
        found = found.filter(exam_type=_choice(exam_type, ExamType, field="exam_type", label="試験の区分"))
    if active is not None:
        found = found.filter(active=active)
    return list(found[:LIST_LIMIT])


def bank_counts() -> dict[tuple[str, str], int]:
    """How many active questions the bank holds, by (exam type, question type)."""
    rows = Question.objects.filter(active=True).values("exam_type", "question_type").annotate(n=Count("pk"))
    return {(r["exam_type"], r["question_type"]): r["n"] for r in rows}


def load_sample_questions(actor, path: Path = SAMPLE_QUESTIONS) -> int:
    """Add the synthetic sample bank (``fixtures/sample_questions.yaml``) through
    :func:`create_question`, once per exam type of each entry (``types``: F, P, M), skipping codes
    already present; how many were added."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    present = set(Question.objects.values_list("code", flat=True))
    by_letter = {letter: exam_type for exam_type, letter in CODE_PREFIX.items()}
    added = 0
    for entry in entries:
        for letter in entry["types"]:
            code = f"{letter}-{entry['id']}"
            if code not in present:
                create_question(actor, {**entry, "code": code, "exam_type": by_letter[letter]})
                added += 1
    return added


# --- forms ----------------------------------------------------------------------------------


def _form_prefecture(actor, prefecture: str) -> str:
    if not is_system(actor):
        return actor.prefecture_id
    if not prefecture:
        raise InvalidInput("都道府県を指定してください。", field="prefecture")
    return prefecture


def _named_questions(codes, exam_type: str) -> list[Question]:
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise InvalidInput("問題番号を並べて指定してください。", field="question_codes")
    wanted = [c.strip().upper() for c in codes if c.strip()]
    repeated = sorted({c for c in wanted if wanted.count(c) > 1})
    if repeated:
        raise InvalidInput(f"同じ問題が重複しています：{'、'.join(repeated[:5])}。", field="question_codes")
    found = {q.code: q for q in Question.objects.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise InvalidInput(f"登録されていない問題番号があります：{'、'.join(unknown[:5])}。", field="question_codes")
    retired = [c for c in wanted if not found[c].active]
    if retired:
        raise InvalidInput(f"使用停止の問題は使えません：{'、'.join(retired[:5])}。", field="question_codes")
    other = [c for c in wanted if found[c].exam_type != exam_type]
    if other:
        raise InvalidInput(f"{ExamType(exam_type).label}以外の試験の問題があります：{'、'.join(other[:5])}。",
                           field="question_codes")
    return [found[c] for c in wanted]


def _drawn_questions(exam_type: str, shape: written_test.FormShape, seed: int) -> list[Question]:
    """Questions drawn at random per part of the shape (reproducible from ``seed``)."""
    rng = random.Random(seed)
    chosen: list[Question] = []
    for part in shape.parts:
        pool = list(Question.objects.filter(exam_type=exam_type, question_type=part.type, points=part.points,
                                            active=True).order_by("code"))
        if len(pool) < part.count:
            raise InvalidInput(
                f"{written_test.TYPE_LABELS[part.type]}の問題が足りません（使用可 {len(pool)}問、必要 {part.count}問）。",
                field="exam_type", code="bank_too_small")
        chosen += rng.sample(pool, part.count)
    return chosen


def _check_shape(questions: list[Question], shape: written_test.FormShape) -> list[Question]:
    """The questions in the shape's order (正誤式, then イラスト), with the counts and points it asks."""
    ordered: list[Question] = []
    for part in shape.parts:
        of_type = [q for q in questions if q.question_type == part.type]
        label = written_test.TYPE_LABELS[part.type]
        if len(of_type) != part.count:
            raise InvalidInput(f"{label}の問題は{part.count}問必要です（指定 {len(of_type)}問）。",
                               field="question_codes", code="wrong_shape")
        if any(q.points != part.points for q in of_type):
            raise InvalidInput(f"{label}の問題の配点は{part.points}点です。", field="question_codes", code="wrong_shape")
        ordered += of_type
    if len(ordered) != len(questions) or sum(q.points for q in ordered) != shape.max_points:
        raise InvalidInput(f"{shape.label}の試験は{shape.questions}問・{shape.max_points}点です。",
                           field="question_codes", code="wrong_shape")
    return ordered


def _seed(value) -> int:
    if value in (None, ""):
        return secrets.randbelow(2**31)
    try:
        seed = int(value)
    except (TypeError, ValueError):
        seed = -1
    if isinstance(value, bool) or not 0 <= seed < 2**31:
        raise InvalidInput("乱数の種は0以上の整数で指定してください。", field="seed")
    return seed


@procedure(legal.KITEI_5, rule=MANAGE_QUESTIONS.name)
def assemble_form(actor, *, code: str, exam_type: str, question_codes: list[str] | None = None, seed=None,
                  prefecture: str = "") -> ExamForm:
    """Assemble an exam form (試験問題の版) and freeze its key.

    With ``question_codes`` those questions (in that order within each type); without, a random
    draw per part of the shape (``rules.written_test.form_shape``) from the active bank, with a
    ``seed`` recorded in the audit event (the same seed on the same bank draws the same form).
    The counts per type and the total points must be the shape's.
    """
    authorize(actor, MANAGE_QUESTIONS.name, getattr(actor, "affiliation", None), action=Action.FORM_ASSEMBLE)
    code = _code(code, field="code", label="版番号")
    exam_type = _choice(exam_type, ExamType, field="exam_type", label="試験の区分")
    prefecture = _form_prefecture(actor, prefecture)
    shape = written_test.form_shape(exam_type, today())
    drawn: int | None = None
    if question_codes is None:
        drawn = _seed(seed)
        questions = _drawn_questions(exam_type, shape, drawn)
    else:
        questions = _named_questions(question_codes, exam_type)
    questions = _check_shape(questions, shape)
    if ExamForm.objects.filter(code=code).exists():
        raise Conflict(f"版番号 {code} は既にあります。", field="code", code="duplicate_code")
    key = [{"no": no, "code": q.code, "type": q.question_type, "points": q.points, "answer": q.answer}
           for no, q in enumerate(questions, 1)]
    try:
        with transaction.atomic():
            form = ExamForm.objects.create(code=code, exam_type=exam_type, prefecture_id=prefecture, key=key,
                                           max_points=shape.max_points, created_by=actor.actor_name)
            form.questions.set(questions)
            record(actor, Action.FORM_ASSEMBLE, object_type="exam_form", object_id=code, subject_prefecture=prefecture,
                   detail={"exam_type": exam_type, "questions": len(key), "max_points": shape.max_points,
                           "selection": "named" if drawn is None else "random", "seed": drawn, **_audit_basis()})
    except IntegrityError:
        raise Conflict(f"版番号 {code} は既にあります。", field="code", code="duplicate_code") from None
    return form


def forms_for(actor) -> list[ExamForm]:
    """The forms of ``actor``'s prefecture, newest first (問題作成端末・採点する者)."""
    if not allowed(actor, MANAGE_QUESTIONS.name, getattr(actor, "affiliation", None)):
        authorize(actor, UPLOAD_ANSWER_SHEETS.name, getattr(actor, "affiliation", None), action=Action.FORM_ASSEMBLE)
    found = ExamForm.objects.order_by("-created_at", "-pk")
    if not is_system(actor):
        found = found.filter(prefecture_id=actor.prefecture_id)
    return list(found[:LIST_LIMIT])


def get_form(actor, code: str) -> ExamForm:
    """One form of ``actor``'s prefecture, for those who make forms or score sheets."""
    form = ExamForm.objects.filter(code=str(code or "").strip().upper()).first()
    if form is None or not (is_system(actor) or form.prefecture_id == actor.prefecture_id):
        raise NotFound(f"版番号 {str(code)[:16]} の試験問題はありません（自県の版のみ）。")
    if not allowed(actor, MANAGE_QUESTIONS.name, form):
        authorize(actor, UPLOAD_ANSWER_SHEETS.name, form, action=Action.FORM_ASSEMBLE)
    return form


def made_by_this_device(actor, form: ExamForm) -> bool:
    """The 問題作成端末 that assembled ``form`` (the only API client that ever sees a key)."""
    return (getattr(actor, "actor_kind", "") == "device" and getattr(actor, "kind", "") == "question_authoring"
            and form.created_by == actor.actor_name)


def form_questions(form: ExamForm) -> list[dict]:
    """The form's key with each question's text (for the 試験 role's page)."""
    texts = dict(Question.objects.filter(code__in=[q["code"] for q in form.key]).values_list("code", "text"))
    return [{**q, "text": texts.get(q["code"], "")} for q in form.key]


# --- answer sheets --------------------------------------------------------------------------


@dataclass
class SheetOutcome:
    """What became of one sheet of an upload: accepted (scored or 要確認), resent, or rejected."""

    index: int
    scan_id: str
    status: str  # accepted | resent | rejected
    sheet: AnswerSheet | None = None
    error: DomainError | None = None
    result: dict = field(default_factory=dict)


@dataclass
class _Sheet:
    index: int
    scan_id: str
    examinee_number: int
    exam_date: date
    centre: str
    form_code: str
    answers: dict


def _bad(index: int, name: str, message: str, code: str = "invalid_input") -> InvalidInput:
    return InvalidInput(message, field=f"sheets[{index}].{name}", code=code)


def _sheet_date(value, index: int) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        raise _bad(index, "exam_date", "試験日は YYYY-MM-DD で指定してください。") from None


def _parse(index: int, raw) -> _Sheet:
    """One sheet's fields as sent (a JSON object or a CSV row), or InvalidInput naming the field."""
    if not isinstance(raw, dict):
        raise InvalidInput("答案はオブジェクトで指定してください。", field=f"sheets[{index}]")
    scan_id = str(raw.get("scan_id") or "").strip()
    if not SCAN_ID.fullmatch(scan_id):
        raise _bad(index, "scan_id", "読取IDは英数字・記号の40文字以内で指定してください。")
    number = raw.get("examinee_number")
    if isinstance(number, bool) or not str(number or "").strip().isdigit() or int(str(number)) < 1:
        raise _bad(index, "examinee_number", "受験番号は1以上の整数で指定してください。")
    answers = raw.get("answers")
    if not isinstance(answers, dict):
        raise _bad(index, "answers", "解答は問番号をキーとするオブジェクトで指定してください。")
    return _Sheet(index, scan_id, int(str(number)), _sheet_date(raw.get("exam_date"), index),
                  str(raw.get("centre") or "").strip(), str(raw.get("form_code") or "").strip().upper(),
                  {str(k).strip(): v for k, v in answers.items()})


def _scan_id_of(raw) -> str:
    return str(raw.get("scan_id") or "")[:40] if isinstance(raw, dict) else ""


def _examinees(actor, sheets: list[_Sheet]) -> dict[tuple[str, date, int], Examinee]:
    """The examinees the sheets name, in one query (locked until the upload commits)."""
    groups: dict[tuple[str, date], set[int]] = {}
    for s in sheets:
        groups.setdefault((s.centre, s.exam_date), set()).add(s.examinee_number)
    if not groups:
        return {}
    match = Q()
    for (centre, day), numbers in groups.items():
        match |= Q(centre_id=centre, exam_date=day, examinee_number__in=sorted(numbers))
    found = Examinee.objects.filter(match).select_related("application__licence_kind")
    if not is_system(actor):
        found = found.filter(prefecture_id=actor.prefecture_id)
    return {(e.centre_id, e.exam_date, e.examinee_number): e for e in found.select_for_update(of=("self",))}


def _check_examinee(s: _Sheet, examinee: Examinee | None, sheeted: set[int]) -> Examinee:
    if examinee is None:
        raise _bad(s.index, "examinee_number", f"試験場 {s.centre[:8]}・試験日 {s.exam_date.isoformat()} の受験番号 "
                   f"{s.examinee_number} の受験者はいません（自県の受験者のみ）。", "unknown_examinee")
    if examinee.state != ExamineeState.REGISTERED:
        raise _bad(s.index, "examinee_number", f"受験番号 {s.examinee_number} の受験者は「{examinee.get_state_display()}」"
                   "のため答案を登録できません。", "examinee_not_testing")
    if TestPart.WRITTEN not in examinee.required_tests:
        raise _bad(s.index, "examinee_number", f"受験番号 {s.examinee_number} の受験者は学科試験の対象ではありません。",
                   "written_not_required")
    if examinee.pk in sheeted:
        raise _bad(s.index, "examinee_number", f"受験番号 {s.examinee_number} の受験者の答案は既に登録されています"
                   "（別の読取IDで）。", "sheet_exists")
    return examinee


def _check_form(s: _Sheet, form: ExamForm | None, examinee: Examinee) -> ExamForm:
    if form is None or form.prefecture_id != examinee.prefecture_id:
        raise _bad(s.index, "form_code", f"版番号 {s.form_code[:16]} の試験問題はありません。", "unknown_form")
    kind = examinee.application.licence_kind
    expected = written_test.exam_type_for(kind.code, kind.category)
    if form.exam_type != expected:
        raise _bad(s.index, "form_code", f"版番号 {form.code} は{form.get_exam_type_display()}の試験です"
                   f"（この受験者は{ExamType(expected).label}）。", "wrong_form")
    return form


def _score(s: _Sheet, form: ExamForm, answers: dict | None = None) -> dict:
    try:
        return written_test.score(form.key, s.answers if answers is None else answers, s.exam_date)
    except RulesError as exc:
        raise InvalidInput(exc.message, field=f"sheets[{s.index}].{exc.path or 'answers'}", code=exc.code) from None


def _new_sheet(actor, s: _Sheet, examinee: Examinee, form: ExamForm) -> tuple[AnswerSheet, dict]:
    if written_test.NO_ANSWER in [m for v in s.answers.values() for m in (v if isinstance(v, list) else [v])]:
        raise _bad(s.index, "answers", "「無記入の確認（-）」は人が答案を確認したときだけ入力できます。", "malformed_mark")
    result = _score(s, form)
    state = SheetState.NEEDS_REVIEW if result["unreadable"] else SheetState.SCORED
    return AnswerSheet(examinee=examinee, form=form, scan_id=s.scan_id, answers=s.answers,
                       unreadable=result["unreadable"], state=state, score=result["points"],
                       passed=result["passed"], uploaded_by=actor.actor_name), result


def _sheet_detail(sheet: AnswerSheet) -> dict:
    """What the audit trail keeps of a sheet: identifiers and results, no personal data."""
    return {"examinee": sheet.examinee_id, "form": sheet.form_id, "scan_id": sheet.scan_id, "score": sheet.score,
            "passed": sheet.passed, "unreadable": len(sheet.unreadable), "state": sheet.state}


def _earlier(actor, scan_ids: list[str]) -> dict[str, AnswerSheet]:
    found = AnswerSheet.objects.filter(scan_id__in=scan_ids).select_related("examinee")
    return {s.scan_id: s for s in found}


def _resent(actor, s: _Sheet, earlier: AnswerSheet) -> SheetOutcome:
    if not is_system(actor) and earlier.examinee.prefecture_id != actor.prefecture_id:
        raise _bad(s.index, "scan_id", f"読取ID {s.scan_id} は他の答案に使われています。", "scan_id_taken")
    return SheetOutcome(s.index, s.scan_id, "resent", earlier)


def _intake(actor, raws: list) -> list[SheetOutcome]:
    """Check and score each sheet on its own (one query each for earlier scans, examinees, forms, sheets)."""
    outcomes: dict[int, SheetOutcome] = {}
    parsed: list[_Sheet] = []
    for index, raw in enumerate(raws):
        try:
            parsed.append(_parse(index, raw))
        except InvalidInput as exc:
            outcomes[index] = SheetOutcome(index, _scan_id_of(raw), "rejected", error=exc)
    earlier = _earlier(actor, [s.scan_id for s in parsed])
    examinees = _examinees(actor, parsed)
    forms = {f.code: f for f in ExamForm.objects.filter(code__in={s.form_code for s in parsed})}
    sheeted = set(AnswerSheet.objects.filter(examinee__in=[e.pk for e in examinees.values()])
                  .values_list("examinee_id", flat=True))
    fresh: dict[str, SheetOutcome] = {}
    for s in parsed:
        try:
            if s.scan_id in earlier or s.scan_id in fresh:
                outcomes[s.index] = (_resent(actor, s, earlier[s.scan_id]) if s.scan_id in earlier
                                     else SheetOutcome(s.index, s.scan_id, "resent", fresh[s.scan_id].sheet))
                continue
            examinee = _check_examinee(s, examinees.get((s.centre, s.exam_date, s.examinee_number)), sheeted)
            sheet, result = _new_sheet(actor, s, examinee, _check_form(s, forms.get(s.form_code), examinee))
        except InvalidInput as exc:
            outcomes[s.index] = SheetOutcome(s.index, s.scan_id, "rejected", error=exc)
            continue
        sheeted.add(examinee.pk)
        outcomes[s.index] = fresh[s.scan_id] = SheetOutcome(s.index, s.scan_id, "accepted", sheet, result=result)
    return [outcomes[i] for i in sorted(outcomes)]


def _audit_upload(actor, outcomes: list[SheetOutcome]) -> None:
    for o in outcomes:
        if o.status == "rejected":
            record(actor, Action.SHEET_UPLOAD, object_type="answer_sheet", outcome=Outcome.ERROR,
                   detail={"scan_id": o.scan_id, "code": o.error.code, "field": o.error.field, **_audit_basis()})
        else:
            record(actor, Action.SHEET_UPLOAD, object_type="answer_sheet", object_id=o.sheet.pk,
                   person_id=o.sheet.examinee.person_id, subject_prefecture=o.sheet.examinee.prefecture_id,
                   detail={**_sheet_detail(o.sheet), "resend": o.status == "resent", **_audit_basis()})


@procedure(legal.KITEI_5, rule=UPLOAD_ANSWER_SHEETS.name)
def upload_answer_sheets(actor, sheets: list) -> list[SheetOutcome]:
    """Register and score a batch of answer sheets read by the OMR装置 (学科試験, 規程第5条).

    Each sheet — ``{scan_id, examinee_number, exam_date, centre, form_code, answers}`` — is checked
    on its own: an unknown examinee or form, a form of the wrong exam type, a second sheet for one
    examinee or marks of the wrong shape reject that sheet with its reason while the others go in.
    A ``scan_id`` already registered is a resend: its earlier result comes back, nothing is scored
    twice. A sheet with a mark that could not be read waits for a person (要確認), never guessed.
    One audit event per sheet.
    """
    authorize(actor, UPLOAD_ANSWER_SHEETS.name, getattr(actor, "affiliation", None), action=Action.SHEET_UPLOAD)
    if not isinstance(sheets, list) or not sheets:
        raise InvalidInput("答案がありません。", field="sheets", code="sheets_required")
    if len(sheets) > MAX_SHEETS_PER_UPLOAD:
        raise InvalidInput(f"一度に登録できる答案は{MAX_SHEETS_PER_UPLOAD}枚までです（{len(sheets)}枚）。分けて送信してください。",
                           field="sheets", code="too_many_sheets")
    try:
        with transaction.atomic():
            outcomes = _intake(actor, sheets)
            AnswerSheet.objects.bulk_create([o.sheet for o in outcomes if o.status == "accepted"])
            _audit_upload(actor, outcomes)
    except IntegrityError:
        raise Conflict("同じ答案が同時に登録されました。もう一度送信してください（再送は二重に採点されません）。",
                       code="concurrent_upload") from None
    return outcomes


# --- the OMR装置's CSV file -----------------------------------------------------------------

CSV_FIELDS = ("scan_id", "centre", "exam_date", "examinee_number", "form_code")
CSV_MARKS = {"1": True, "0": False, "": None, "?": written_test.UNREADABLE}
CSV_PART_MARKS = {**CSV_MARKS, "_": None}
QUESTION_COLUMN = re.compile(r"q(\d{1,3})")


def _csv_mark(cell: str):
    """``1`` 正, ``0`` 誤, empty 無記入, ``?`` 読取不能・二重マーク; three such characters (``_`` for an
    empty part) for an illustration question. Anything else is passed on as is (and refused)."""
    cell = cell.strip()
    if len(cell) == 3:
        return [CSV_PART_MARKS.get(ch, ch) for ch in cell]
    return CSV_MARKS.get(cell, cell)


def sheets_from_csv(text: str) -> list[dict]:
    """The sheets of an OMR装置 CSV file (UTF-8, a header row, one row per sheet).

    Columns: ``scan_id``, ``centre`` (試験場の所属コード), ``exam_date`` (YYYY-MM-DD),
    ``examinee_number``, ``form_code``, then ``q1`` … ``qN``: ``1`` 正, ``0`` 誤, empty 無記入, ``?``
    読取不能・二重マーク; an illustration question holds three such characters, ``_`` for an empty part
    (``10?``, ``1_0``). An empty cell of a question column is no mark; a form with fewer questions
    leaves the later columns empty. Bad cells reject only their row (in :func:`upload_answer_sheets`).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [f for f in CSV_FIELDS if f not in header]
    if missing:
        raise InvalidInput(f"CSVの見出し行に列 {', '.join(missing)} がありません。", field="file", code="csv_header")
    reader.fieldnames = header
    sheets = []
    for row in reader:
        answers = {}
        for column, cell in row.items():
            matched = QUESTION_COLUMN.fullmatch(column or "")
            if matched and (cell or "").strip():
                answers[str(int(matched.group(1)))] = _csv_mark(cell)
        sheets.append({**{f: (row.get(f) or "").strip() for f in CSV_FIELDS}, "answers": answers})
    if not sheets:
        raise InvalidInput("CSVに答案の行がありません。", field="file", code="sheets_required")
    return sheets


def decode_csv(data: bytes, charset: str = "") -> str:
    """The text of an uploaded CSV: UTF-8 (with or without a BOM), or Shift_JIS when the device says so."""
    encoding = "cp932" if charset.lower().replace("-", "_") in ("shift_jis", "cp932", "sjis", "windows_31j") else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput("CSVの文字コードを読み取れません（UTF-8 または Shift_JIS）。", field="file",
                           code="csv_encoding") from None


# --- reading and resolving sheets -----------------------------------------------------------


def _sheets(actor):
    found = AnswerSheet.objects.select_related("examinee__centre", "form")
    return found if is_system(actor) else found.filter(examinee__prefecture_id=actor.prefecture_id)


def sheets_for(actor, *, day: date | None = None, centre: str = "", state: str = "") -> list[AnswerSheet]:
    """The answer sheets of ``actor``'s prefecture for an exam day (and centre, state), by examinee
    number; the list is a read of examinees' results and is audited with the ids shown."""
    authorize(actor, UPLOAD_ANSWER_SHEETS.name, getattr(actor, "affiliation", None), action=Action.EXAMINEE_LIST)
    found = _sheets(actor)
    if day is not None:
        found = found.filter(examinee__exam_date=day)
    if centre:
        found = found.filter(examinee__centre_id=centre)
    if state:
        found = found.filter(state=_choice(state, SheetState, field="state", label="状態"))
    rows = list(found.order_by("examinee__exam_date", "examinee__centre_id", "examinee__examinee_number")[:LIST_LIMIT])
    record(actor, Action.EXAMINEE_LIST, object_type="answer_sheet",
           detail={"sheets": [s.pk for s in rows], "state": state, "day": day.isoformat() if day else ""})
    return rows


def load_sheet(actor, sheet_id) -> AnswerSheet:
    sheet = _sheets(actor).filter(pk=sheet_id).first() if str(sheet_id).isdigit() else None
    if sheet is None:
        raise NotFound(f"答案 {str(sheet_id)[:12]} は見つかりません（自県の答案のみ）。")
    return sheet


def get_sheet(actor, sheet_id) -> AnswerSheet:
    """One answer sheet (読取結果・得点), for those who score or resolve sheets; the read is audited."""
    sheet = load_sheet(actor, sheet_id)
    authorize(actor, UPLOAD_ANSWER_SHEETS.name, sheet.examinee, action=Action.EXAMINEE_READ,
              person_id=sheet.examinee.person_id)
    record(actor, Action.EXAMINEE_READ, object_type="answer_sheet", object_id=sheet.pk,
           person_id=sheet.examinee.person_id, subject_prefecture=sheet.examinee.prefecture_id)
    return sheet


def _decided_mark(mark) -> bool:
    """What a person may enter for an unreadable mark: 正, 誤, or 無記入 confirmed (scored as wrong)."""
    return mark is True or mark is False or mark == written_test.NO_ANSWER


def _decided(sheet: AnswerSheet, answers) -> dict:
    """The person's reading of exactly the unreadable questions: 正, 誤 or 無記入 for each mark."""
    if not isinstance(answers, dict):
        raise InvalidInput("確認した解答を問番号ごとに指定してください。", field="answers")
    answers = {str(k).strip(): v for k, v in answers.items()}
    pending = [str(no) for no in sheet.unreadable]
    extra = sorted(set(answers) - set(pending), key=lambda k: (len(k), k))
    if extra:
        raise InvalidInput(f"読み取れた解答は変更できません（問{'、'.join(extra[:5])}）。", field=f"answers.{extra[0]}",
                           code="readable_mark")
    key = {str(q["no"]): q for q in sheet.form.key}
    for no in pending:
        value = answers.get(no)
        marks = value if key[no]["type"] == QuestionType.ILLUSTRATION else [value]
        parts = len(key[no]["answer"]) if key[no]["type"] == QuestionType.ILLUSTRATION else 1
        if not isinstance(marks, list) or len(marks) != parts or not all(_decided_mark(m) for m in marks):
            raise InvalidInput(f"問{no}の答案の記載（正・誤・無記入）を{'小問ごとに' if parts > 1 else ''}入力してください。",
                               field=f"answers.{no}", code="mark_required")
    return answers


@procedure(legal.KITEI_5, rule=RECORD_TEST_RESULT.name)
def resolve_sheet(actor, sheet_id: int, answers_for_unreadable: dict, *, reason: str) -> AnswerSheet:
    """A 試験官 enters what the paper shows for each mark the OMR装置 could not read (正, 誤, or
    無記入 — scored as wrong); the sheet is then scored. Readable marks are never changed here."""
    sheet = load_sheet(actor, sheet_id)
    authorize(actor, RECORD_TEST_RESULT.name, sheet.examinee, action=Action.SHEET_RESOLVE,
              person_id=sheet.examinee.person_id)
    if sheet.state != SheetState.NEEDS_REVIEW:
        raise Conflict("この答案は採点済みです（要確認の答案ではありません）。", code="not_needing_review")
    decided = _decided(sheet, answers_for_unreadable)
    reason = clean_text(reason, TEXT_MAX_LENGTH, field="reason", label="確認の内容")
    if not reason:
        raise InvalidInput("確認の内容（答案をどう確認したか）を入力してください。", field="reason", code="reason_required")
    with transaction.atomic():
        # The sheet alone is locked: the form (and its key) is the whole sitting's.
        locked = AnswerSheet.objects.select_for_update(of=("self",)).select_related("examinee", "form").get(
            pk=sheet.pk)
        if locked.state != SheetState.NEEDS_REVIEW:
            raise Conflict("この答案は他の担当者が確認済みです。", code="not_needing_review")
        before = {no: locked.answers.get(no) for no in decided}
        answers = {**locked.answers, **decided}
        result = written_test.score(locked.form.key, answers, locked.examinee.exam_date)
        locked.answers, locked.state, locked.score, locked.passed = answers, SheetState.SCORED, result["points"], \
            result["passed"]
        locked.reviewed_by = actor.actor_name
        locked.save(update_fields=["answers", "state", "score", "passed", "reviewed_by"])
        record(actor, Action.SHEET_RESOLVE, object_type="answer_sheet", object_id=locked.pk,
               person_id=locked.examinee.person_id, subject_prefecture=locked.examinee.prefecture_id,
               detail={"before": before, "after": decided, "score": locked.score, "passed": locked.passed,
                       "reason": reason, **_audit_basis()})
    return locked

