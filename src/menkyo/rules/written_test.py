"""学科試験 (the written test): the form of each test and the scoring of one answer sheet (pure Python).

Source: ``params/written_test.yaml`` (counter-facts §2.2). The law fixes only the pass mark,
「90パーセント以上の成績」 (道路交通法施行規則第25条); the number of questions, their points and the
time allowed are practice, kept visible as UNCONFIRMED in every trace.

- :func:`form_shape` — the parts of a form of one exam type on a date (counts, points, minutes,
  pass mark);
- :func:`exam_type_for` — which written test an applicant for a licence kind takes;
- :func:`check_answers` — an answer sheet's marks against the form's key (shapes, numbers);
- :func:`score` — the sheet's points, pass or fail, and the marks that could not be read.

A mark is ``True`` (正), ``False`` (誤), ``None`` (no mark read), :data:`UNREADABLE` (a smudge or two
marks) or :data:`NO_ANSWER` (a person looked at the paper and found it unanswered: scored as wrong).
An illustration question (イラスト危険予測) has one mark per part (``None`` alone: nothing read in
any part). A sheet with a mark that is
``None`` or :data:`UNREADABLE` is never scored: the question numbers are listed in ``unreadable``
and a person decides what the paper shows (never guessed).

Errors (:class:`RulesError`): ``invalid_value`` (an unknown exam type), ``no_table_in_force``,
``unknown_question`` (a mark for a number not on the form), ``malformed_mark`` (a mark of the
wrong shape), ``malformed_key``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.trace import Trace

TABLE = "written_test"
TRUE_FALSE = "true_false"
ILLUSTRATION = "illustration"
TYPE_LABELS = {TRUE_FALSE: "正誤式", ILLUSTRATION: "イラスト危険予測"}
UNREADABLE = "?"
NO_ANSWER = "-"
#: Marks that leave the question to a person: nothing read, or a smudge / two marks.
UNDECIDED: tuple[Any, ...] = (None, UNREADABLE)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a form: ``count`` questions of ``type``, ``points`` each, ``sub_items`` marks each."""

    type: str
    count: int
    points: int
    sub_items: int

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "label": TYPE_LABELS[self.type], "count": self.count,
                "points": self.points, "sub_items": self.sub_items}


@dataclass(frozen=True, slots=True)
class FormShape:
    """The form of one exam type on a date, with the pass mark that applies to it."""

    exam_type: str
    label: str
    parts: tuple[Part, ...]
    max_points: int
    minutes: int
    pass_percent: int
    pass_points: int
    reference: str
    status: str
    note: str
    pass_reference: str

    @property
    def questions(self) -> int:
        return sum(part.count for part in self.parts)

    @property
    def assumption(self) -> bool:
        return self.status != "confirmed"

    def part(self, question_type: str) -> Part | None:
        return next((p for p in self.parts if p.type == question_type), None)

    def as_dict(self) -> dict[str, Any]:
        return {"exam_type": self.exam_type, "label": self.label, "questions": self.questions,
                "parts": [p.as_dict() for p in self.parts], "max_points": self.max_points,
                "minutes": self.minutes, "pass_percent": self.pass_percent, "pass_points": self.pass_points,
                "reference": self.reference, "status": self.status, "note": self.note,
                "pass_reference": self.pass_reference}


def _rows() -> dict[str, dict[str, Any]]:
    return params.table(TABLE).rows


def exam_types() -> dict[str, str]:
    """Every exam type (試験の区分) with its Japanese name, in the table's order."""
    return {code: str(row["label"]) for code, row in _rows().items() if "shape" in row}


def pass_points(max_points: int, day: date) -> tuple[int, params.Entry]:
    """The lowest passing score of a form worth ``max_points`` (the percent rounded up to a point)."""
    entry: params.Entry = _rows()["pass_mark"]["percent"].at(day)
    percent = int(entry.value)
    return -(-max_points * percent // 100), entry


def form_shape(exam_type: str, day: date) -> FormShape:
    """The form of ``exam_type`` (first | provisional | moped | second) in force on ``day``."""
    row = _rows().get(exam_type)
    if row is None or "shape" not in row:
        names = "、".join(f"{code}（{label}）" for code, label in exam_types().items())
        raise RulesError("invalid_value", f"試験の区分「{exam_type}」はありません（{names}）。", "exam_type")
    entry = row["shape"].at(day)
    parts = tuple(Part(p["type"], int(p["count"]), int(p["points"]), int(p.get("sub_items", 1)))
                  for p in entry.value["parts"])
    max_points = int(entry.value["max_points"])
    if sum(p.count * p.points for p in parts) != max_points:
        raise RulesError("malformed_table", f"学科試験「{row['label']}」の配点の合計が満点と一致しません。")
    passing, mark = pass_points(max_points, day)
    return FormShape(exam_type, str(row["label"]), parts, max_points, int(entry.value["minutes"]),
                     int(mark.value), passing, entry.reference, entry.status, entry.note, mark.reference)


def exam_type_for(kind: str, category: str) -> str:
    """The written test an applicant for licence ``kind`` (of ``category``) takes: a row listing the
    kind, else the row of its category (first | second | provisional)."""
    rows = {code: row for code, row in _rows().items() if "applies_to" in row}
    for code, row in rows.items():
        if kind in row["applies_to"].get("kinds", ()):
            return code
    for code, row in rows.items():
        if row["applies_to"].get("category") == category:
            return code
    raise RulesError("invalid_value", f"免許の種類「{kind}」の学科試験の区分がありません。", "kind")


# --- marks ----------------------------------------------------------------------------------


def _is_mark(value: Any) -> bool:
    return value is True or value is False or value in (*UNDECIDED, NO_ANSWER)


def _check_question(no: str, question: Mapping[str, Any], mark: Any) -> None:
    if question["type"] == TRUE_FALSE or mark is None:
        if not _is_mark(mark):
            raise RulesError("malformed_mark", f"問{no}の解答の形式が正しくありません（正・誤・無記入・読取不能のいずれか）。",
                             f"answers.{no}")
        return
    parts = len(question["answer"])
    if not isinstance(mark, list | tuple) or len(mark) != parts or not all(_is_mark(m) for m in mark):
        raise RulesError("malformed_mark", f"問{no}（イラスト問題）の解答は{parts}つの小問ごとに指定してください"
                                           "（各小問は正・誤・無記入・読取不能のいずれか）。", f"answers.{no}")


def _questions(key: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for question in key:
        if question.get("type") not in TYPE_LABELS or str(question.get("no")) in found:
            raise RulesError("malformed_key", "正答表の形式が正しくありません。", "key")
        found[str(question["no"])] = question
    return found


def check_answers(key: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]) -> None:
    """Every mark is for a question of the form and has that question's shape (else RulesError)."""
    questions = _questions(key)
    for no, mark in answers.items():
        question = questions.get(str(no))
        if question is None:
            raise RulesError("unknown_question", f"問{no}はこの試験問題の版にありません（問1〜問{len(key)}）。",
                             f"answers.{no}")
        _check_question(str(no), question, mark)


def undecided(question: Mapping[str, Any], mark: Any) -> bool:
    """The mark leaves the question to a person (nothing read, a smudge, two marks)."""
    marks = [mark] if question["type"] == TRUE_FALSE or mark is None else mark
    return any(m is None or m == UNREADABLE for m in marks)


# --- scoring --------------------------------------------------------------------------------


def _result(question: Mapping[str, Any], mark: Any) -> dict[str, Any]:
    """One question: its mark, whether it is right (None when undecided) and the points it scores."""
    no, points, answer = int(question["no"]), int(question["points"]), question["answer"]
    row: dict[str, Any] = {"no": no, "type": question["type"], "points": points, "mark": mark}
    if undecided(question, mark):
        return {**row, "correct": None, "scored": 0}
    if question["type"] == TRUE_FALSE:
        correct = mark is answer
    else:
        row["parts"] = [m is a for m, a in zip(mark, answer, strict=True)]
        correct = all(row["parts"])
    return {**row, "correct": correct, "scored": points if correct else 0}


def _illustration_rule(day: date) -> params.Entry:
    entry: params.Entry = _rows()["illustration_scoring"]["rule"].at(day)
    if entry.value != "all_parts":
        raise RulesError("malformed_table", f"イラスト問題の採点方法「{entry.value}」には対応していません。")
    return entry


def score(key: Sequence[Mapping[str, Any]], answers: Mapping[str, Any], day: date) -> dict[str, Any]:
    """Score one answer sheet against the form's ``key`` (``[{"no", "type", "points", "answer"}]``).

    A 正誤式 question scores its points when the mark equals the key; an illustration question only
    when every part does. A question without a readable mark (missing, ``None``, ``"?"``) is listed
    in ``unreadable`` and then ``points`` and ``passed`` are None: the sheet goes to a person.
    Otherwise ``passed`` is ``points >= pass_points``, 90 % of the form's maximum rounded up.
    """
    check_answers(key, answers)
    trace = Trace()
    max_points = sum(int(q["points"]) for q in key)
    passing, mark_entry = pass_points(max_points, day)
    rows = [_result(q, answers.get(str(q["no"]))) for q in key]
    unreadable = [row["no"] for row in rows if row["correct"] is None]
    trace.add("form", f"この版は{len(key)}問、満点{max_points}点。", "試験問題の版の正答表", questions=len(key))
    if any(q["type"] == ILLUSTRATION for q in key):
        rule = _illustration_rule(day)
        trace.add("illustration", "イラスト問題は小問すべてが正解のときだけ配点を得る。", rule.reference,
                  assumption=rule.assumption)
    trace.add("pass_mark", f"合格基準は満点の{mark_entry.value}%以上＝{passing}点以上。", mark_entry.reference,
              assumption=mark_entry.assumption, max_points=max_points)
    points: int | None = None
    passed: bool | None = None
    if unreadable:
        trace.add("unreadable", f"読み取れない解答が{len(unreadable)}問あるため採点しない（人が答案を確認する）。",
                  "読取不能の答案は推測しない", questions=unreadable)
    else:
        points = sum(row["scored"] for row in rows)
        passed = points >= passing
        trace.add("result", f"得点{points}点：{'合格' if passed else '不合格'}。", mark_entry.reference,
                  assumption=mark_entry.assumption, points=points)
    return {"points": points, "max_points": max_points, "passed": passed, "pass_points": passing,
            "unreadable": unreadable, "per_question": rows, "trace": trace.as_list()}
