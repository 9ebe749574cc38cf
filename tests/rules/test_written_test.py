"""学科試験: the form of each test (practice, visible as UNCONFIRMED), scoring by the key, the 90 % pass
mark (施行規則第25条), illustration questions that score only when all three parts are right, and
marks that cannot be read left to a person — never guessed (counter-facts §2.2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from menkyo.rules import written_test as w
from menkyo.rules.errors import RulesError

DAY = date(2026, 11, 27)


def first_key() -> list[dict[str, Any]]:
    """A 本免 form: 90 正誤式 × 1 point (answer alternates), 5 illustration × 2 points."""
    key = [{"no": n, "type": "true_false", "points": 1, "answer": n % 2 == 0} for n in range(1, 91)]
    return key + [{"no": n, "type": "illustration", "points": 2, "answer": [True, False, n % 2 == 0]}
                  for n in range(91, 96)]


def right_answers(key) -> dict[str, Any]:
    return {str(q["no"]): q["answer"] for q in key}


def wrong(question) -> Any:
    answer = question["answer"]
    return (not answer) if question["type"] == "true_false" else [not answer[0], *answer[1:]]


def test_the_first_kind_form_is_95_questions_worth_100_points_in_50_minutes():
    shape = w.form_shape("first", DAY)
    assert (shape.questions, shape.max_points, shape.minutes, shape.pass_points) == (95, 100, 50, 90)
    assert [(p.type, p.count, p.points, p.sub_items) for p in shape.parts] == [
        ("true_false", 90, 1, 1), ("illustration", 5, 2, 3)]


def test_the_provisional_form_is_50_questions_of_2_points_in_30_minutes():
    shape = w.form_shape("provisional", DAY)
    assert (shape.questions, shape.max_points, shape.minutes, shape.pass_points) == (50, 100, 30, 90)
    assert shape.part("illustration") is None and shape.part("true_false").points == 2


def test_the_moped_form_keeps_its_point_conflict_visible_and_passes_at_90_percent_of_its_maximum():
    shape = w.form_shape("moped", DAY)
    assert (shape.questions, shape.max_points, shape.pass_points) == (48, 50, 45)
    assert shape.status == "unconfirmed" and "CONFLICT" in shape.note


def test_the_second_kind_form_has_95_questions():
    assert w.form_shape("second", DAY).questions == 95


@pytest.mark.parametrize("exam_type", ["first", "provisional", "moped", "second"])
def test_every_form_is_practice_not_statute_and_says_so(exam_type):
    shape = w.form_shape(exam_type, DAY)
    assert shape.assumption and "法令の定めではない" in shape.reference
    assert "施行規則第25条" in shape.pass_reference and shape.pass_percent == 90


def test_an_unknown_exam_type_or_a_date_before_the_table_is_a_clear_error():
    with pytest.raises(RulesError) as unknown:
        w.form_shape("kart", DAY)
    assert unknown.value.code == "invalid_value" and "first（本免許（第一種））" in unknown.value.message
    with pytest.raises(RulesError) as early:
        w.form_shape("first", date(1950, 1, 1))
    assert early.value.code == "no_table_in_force"


@pytest.mark.parametrize(("kind", "category", "exam_type"), [
    ("普通", "first", "first"), ("大型", "first", "first"), ("原付", "first", "moped"),
    ("小特", "first", "moped"), ("普通仮", "provisional", "provisional"), ("普二", "second", "second"),
])
def test_each_licence_kind_takes_its_written_test(kind, category, exam_type):
    assert w.exam_type_for(kind, category) == exam_type


@pytest.mark.parametrize(("max_points", "passing"), [(100, 90), (50, 45), (48, 44), (95, 86)])
def test_the_pass_mark_is_90_percent_of_the_maximum_rounded_up_to_a_point(max_points, passing):
    assert w.pass_points(max_points, DAY)[0] == passing


def test_a_sheet_with_every_answer_right_scores_100_and_passes_with_a_trace():
    key = first_key()
    result = w.score(key, right_answers(key), DAY)
    assert (result["points"], result["max_points"], result["passed"], result["unreadable"]) == (100, 100, True, [])
    steps = {step["step"]: step for step in result["trace"]}
    assert steps["pass_mark"]["assumption"] and "施行規則第25条" in steps["pass_mark"]["reference"]
    assert steps["illustration"]["assumption"] and steps["result"]["inputs"] == {"points": 100}


def test_89_points_fail_and_90_points_pass_on_a_100_point_form():
    key = first_key()
    answers = right_answers(key)
    for question in key[:10]:  # ten 1-point questions wrong: 90
        answers[str(question["no"])] = wrong(question)
    assert (w.score(key, answers, DAY)["points"], w.score(key, answers, DAY)["passed"]) == (90, True)
    answers["11"] = wrong(key[10])  # one more: 89
    result = w.score(key, answers, DAY)
    assert (result["points"], result["passed"], result["pass_points"]) == (89, False, 90)


def test_an_illustration_question_scores_only_when_all_three_parts_are_right():
    key = first_key()
    answers = right_answers(key)
    assert key[90]["answer"] == [True, False, False]
    answers["91"] = [True, True, False]  # two of three right
    result = w.score(key, answers, DAY)
    row = result["per_question"][90]
    assert (row["no"], row["correct"], row["scored"], row["parts"]) == (91, False, 0, [True, False, True])
    assert result["points"] == 98


def test_an_unreadable_blank_or_double_mark_is_never_guessed_and_the_sheet_is_not_decided():
    key = first_key()
    answers = right_answers(key)
    answers["5"] = None  # nothing read
    answers["6"] = "?"  # two marks, a smudge
    answers["93"] = [True, "?", True]
    del answers["40"]  # the reader sent nothing for it
    result = w.score(key, answers, DAY)
    assert result["unreadable"] == [5, 6, 40, 93]
    assert result["points"] is None and result["passed"] is None
    assert [s["step"] for s in result["trace"]][-1] == "unreadable"
    assert result["per_question"][4]["correct"] is None


def test_a_mark_a_person_confirmed_as_unanswered_is_scored_as_wrong():
    key = first_key()
    answers = {**right_answers(key), "1": w.NO_ANSWER, "91": [True, w.NO_ANSWER, True]}
    result = w.score(key, answers, DAY)
    assert (result["points"], result["unreadable"]) == (97, [])


@pytest.mark.parametrize(("answers", "code", "path"), [
    ({"96": True}, "unknown_question", "answers.96"),
    ({"0": True}, "unknown_question", "answers.0"),
    ({"1": 1}, "malformed_mark", "answers.1"),
    ({"1": "yes"}, "malformed_mark", "answers.1"),
    ({"1": [True]}, "malformed_mark", "answers.1"),
    ({"91": True}, "malformed_mark", "answers.91"),
    ({"91": [True, False]}, "malformed_mark", "answers.91"),
    ({"91": [True, False, 0]}, "malformed_mark", "answers.91"),
])
def test_marks_of_the_wrong_shape_or_for_questions_not_on_the_form_are_refused(answers, code, path):
    with pytest.raises(RulesError) as refused:
        w.score(first_key(), answers, DAY)
    assert (refused.value.code, refused.value.path) == (code, path)
    assert "問" in refused.value.message


def test_a_moped_sheet_passes_at_45_of_50():
    shape = w.form_shape("moped", DAY)
    key, no = [], 0
    for part in shape.parts:
        for _ in range(part.count):
            no += 1
            answer = True if part.type == "true_false" else [True, True, False]
            key.append({"no": no, "type": part.type, "points": part.points, "answer": answer})
    answers = right_answers(key)
    for question in key[:5]:
        answers[str(question["no"])] = False
    assert (w.score(key, answers, DAY)["points"], w.score(key, answers, DAY)["passed"]) == (45, True)
    answers["6"] = False
    assert w.score(key, answers, DAY)["passed"] is False


# --- properties -----------------------------------------------------------------------------

READ = st.sampled_from([True, False, w.NO_ANSWER])


@st.composite
def sheets(draw: Any, marks=READ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A key of 1–40 questions (正誤式 or illustration, 1–4 points) and a sheet of ``marks``."""
    key, answers = [], {}
    for no in range(1, draw(st.integers(1, 40)) + 1):
        if draw(st.booleans()):
            key.append({"no": no, "type": "true_false", "points": draw(st.integers(1, 4)), "answer": draw(st.booleans())})
            answers[str(no)] = draw(marks)
        else:
            key.append({"no": no, "type": "illustration", "points": draw(st.integers(1, 4)),
                        "answer": draw(st.lists(st.booleans(), min_size=3, max_size=3))})
            answers[str(no)] = draw(st.lists(marks, min_size=3, max_size=3))
    return key, answers


@settings(max_examples=200, deadline=None)
@given(sheets())
def test_a_score_never_exceeds_the_maximum_and_is_the_sum_of_the_questions(sheet):
    key, answers = sheet
    result = w.score(key, answers, DAY)
    assert 0 <= result["points"] <= result["max_points"] == sum(q["points"] for q in key)
    assert result["points"] == sum(row["scored"] for row in result["per_question"])
    assert result["passed"] == (result["points"] >= result["pass_points"])


@settings(max_examples=200, deadline=None)
@given(sheets(), st.data())
def test_flipping_a_correct_answer_never_raises_the_score(sheet, data):
    key, answers = sheet
    before = w.score(key, answers, DAY)
    right = [row for row in before["per_question"] if row["correct"]]
    if not right:
        return
    question = key[data.draw(st.sampled_from([row["no"] for row in right])) - 1]
    flipped = {**answers, str(question["no"]): wrong(question)}
    after = w.score(key, flipped, DAY)
    assert after["points"] == before["points"] - question["points"]
    assert not (after["passed"] and not before["passed"])


@settings(max_examples=200, deadline=None)
@given(sheets(marks=st.sampled_from([True, False, None, w.UNREADABLE])))
def test_a_sheet_is_decided_exactly_when_every_mark_was_read(sheet):
    key, answers = sheet
    result = w.score(key, answers, DAY)
    expected = [q["no"] for q in key
                if any(m is None or m == "?" for m in (answers[str(q["no"])] if q["type"] == "illustration"
                                                       else [answers[str(q["no"])]]))]
    assert result["unreadable"] == expected
    assert (result["points"] is None) == bool(expected) == (result["passed"] is None)
