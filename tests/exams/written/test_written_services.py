"""学科試験 services (規程第5条; 2-10 学科試験採点): the question bank, forms with a frozen key, OMR answer
sheets scored by the key (idempotent, each sheet on its own, unreadable marks never guessed), and a
person's resolution of unreadable marks — each audited, each refusal audited."""

import pytest
from django.core.management import call_command
from django.db import connection

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.exams import written
from menkyo.exams.models import AnswerSheet, ExamForm, Question, SheetState

pytestmark = pytest.mark.django_db


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


TRUE_FALSE = {"exam_type": "first", "question_type": "true_false", "text": "交差点では徐行しなければならない場合がある。",
              "answer": True}
ILLUSTRATION = {"exam_type": "first", "question_type": "illustration", "text": "前方に子どもがいる場面です。",
                "parts": ["速度を落とす。", "警音器を鳴らし続ける。", "止まれるようにする。"], "answer": [True, False, True]}


# --- questions ------------------------------------------------------------------------------


def test_an_examiner_adds_a_true_false_question_with_the_points_of_its_form_and_it_is_audited(examiner):
    question = written.create_question(examiner, TRUE_FALSE)
    assert (question.code, question.points, question.answer, question.active) == ("F00001", 1, True, True)
    assert question.created_by == examiner.actor_name
    event = last_event()
    assert (event.action, event.object_id, event.detail) == ("exams.question.create", "F00001", {
        "exam_type": "first", "question_type": "true_false", "points": 1, "legal_basis": "規程第5条"})


def test_an_illustration_question_keeps_its_scene_and_three_parts_one_per_line(examiner):
    question = written.create_question(examiner, {**ILLUSTRATION, "code": "il-1"})
    assert question.code == "IL-1" and question.points == 2
    assert question.text.splitlines() == ["前方に子どもがいる場面です。", "（1）速度を落とす。", "（2）警音器を鳴らし続ける。",
                                          "（3）止まれるようにする。"]


def test_a_provisional_question_is_worth_two_points(examiner):
    assert written.create_question(examiner, {**TRUE_FALSE, "exam_type": "provisional"}).points == 2


@pytest.mark.parametrize(("change", "field"), [
    ({"exam_type": ""}, "exam_type"),
    ({"exam_type": "kart"}, "exam_type"),
    ({"question_type": "essay"}, "question_type"),
    ({"points": 2}, "points"),
    ({"points": True}, "points"),
    ({"text": "短い"}, "text"),
    ({"text": "長" * 201}, "text"),
    ({"text": "制御\x07文字を含む問題文"}, "text"),
    ({"answer": "true"}, "answer"),
    ({"answer": None}, "answer"),
    ({"code": "問題1"}, "code"),
])
def test_a_bad_question_is_refused_in_japanese_on_its_field_and_nothing_is_written(examiner, change, field):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        written.create_question(examiner, {**TRUE_FALSE, **change})
    assert refused.value.field == field and any("\u3040" <= c <= "\u30ff" for c in refused.value.message)
    assert not Question.objects.exists() and AuditEvent.objects.count() == before


@pytest.mark.parametrize(("change", "field"), [
    ({"answer": [True, False]}, "answer"),
    ({"answer": [True, False, 1]}, "answer"),
    ({"parts": ["一つ目の小問です。", "二つ目の小問です。"]}, "parts"),
    ({"parts": ["一つ目の小問です。", "短", "三つ目の小問です。"]}, "parts.1"),
])
def test_an_illustration_question_needs_three_parts_and_three_answers(examiner, change, field):
    with pytest.raises(InvalidInput) as refused:
        written.create_question(examiner, {**ILLUSTRATION, **change})
    assert refused.value.field == field and not Question.objects.exists()


def test_a_test_without_illustration_questions_takes_none(examiner):
    with pytest.raises(InvalidInput) as refused:
        written.create_question(examiner, {**ILLUSTRATION, "exam_type": "provisional"})
    assert refused.value.field == "question_type" and "イラスト" in refused.value.message


def test_a_question_code_is_used_once(examiner):
    written.create_question(examiner, {**TRUE_FALSE, "code": "Q1"})
    with pytest.raises(Conflict) as refused:
        written.create_question(examiner, {**TRUE_FALSE, "code": "q1"})
    assert refused.value.code == "duplicate_code" and Question.objects.count() == 1


def test_the_question_authoring_device_adds_questions(make_device):
    device = make_device("question_authoring")
    assert written.create_question(device, TRUE_FALSE).created_by == device.actor_name


def test_a_counter_clerk_may_not_add_questions_and_the_denial_is_audited(hyogo_counter, expect_one_denial):
    with expect_one_denial("exams.manage_questions", "exams.question.create"), pytest.raises(NotPermitted) as refused:
        written.create_question(hyogo_counter, TRUE_FALSE)
    assert "問題作成端末" in refused.value.message and not Question.objects.exists()


def test_a_retired_question_is_kept_with_its_reason_and_never_drawn_again(examiner, bank):
    question = written.retire_question(examiner, "tf001", reason="法改正により正答が変わるため")
    assert not question.active
    event = last_event()
    assert (event.action, event.object_id, event.detail["reason"], event.detail["forms"]) == (
        "exams.question.retire", "TF001", "法改正により正答が変わるため", 0)
    form = written.assemble_form(examiner, code="F1", exam_type="first", seed=1)
    assert "TF001" not in [q["code"] for q in form.key]
    with pytest.raises(Conflict):
        written.retire_question(examiner, "TF001", reason="再度")


def test_retiring_needs_a_reason_and_an_existing_question(examiner, bank):
    with pytest.raises(InvalidInput) as refused:
        written.retire_question(examiner, "TF001", reason=" ")
    assert refused.value.field == "reason"
    with pytest.raises(NotFound):
        written.retire_question(examiner, "NOPE", reason="理由")


def test_a_counter_clerk_may_not_retire_a_question(hyogo_counter, bank, expect_one_denial):
    with expect_one_denial("exams.manage_questions", "exams.question.retire"), pytest.raises(NotPermitted):
        written.retire_question(hyogo_counter, "TF001", reason="理由")
    assert Question.objects.get(code="TF001").active


def test_the_sample_bank_loads_through_the_service_once(examiner):
    added = written.load_sample_questions(examiner)
    counts = written.bank_counts()
    assert added == Question.objects.count() > 150
    assert counts[("first", "true_false")] >= 90 and counts[("first", "illustration")] >= 5
    assert counts[("provisional", "true_false")] >= 50 and counts[("moped", "illustration")] >= 2
    assert written.load_sample_questions(examiner) == 0
    for exam_type in ("first", "provisional", "moped"):
        form = written.assemble_form(examiner, code=f"S-{exam_type[:4].upper()}", exam_type=exam_type, seed=3)
        assert form.max_points == {"first": 100, "provisional": 100, "moped": 50}[exam_type]


# --- forms ----------------------------------------------------------------------------------


def test_a_random_form_follows_the_shape_and_freezes_its_key_with_the_seed_audited(examiner, bank):
    form = written.assemble_form(examiner, code="f2611a", exam_type="first", seed=42)
    assert (form.code, form.prefecture_id, form.max_points, len(form.key)) == ("F2611A", "28", 100, 95)
    assert [q["type"] for q in form.key] == ["true_false"] * 90 + ["illustration"] * 5
    assert [q["no"] for q in form.key] == list(range(1, 96)) and form.questions.count() == 95
    first = Question.objects.get(code=form.key[0]["code"])
    assert form.key[0] == {"no": 1, "code": first.code, "type": "true_false", "points": 1, "answer": first.answer}
    event = last_event()
    assert (event.action, event.detail["seed"], event.detail["selection"], event.detail["questions"]) == (
        "exams.form.assemble", 42, "random", 95)
    again = written.assemble_form(examiner, code="F2611B", exam_type="first", seed=42)
    assert [q["code"] for q in again.key] == [q["code"] for q in form.key]


def test_a_random_form_without_a_seed_records_the_seed_it_drew(examiner, bank):
    form = written.assemble_form(examiner, code="P1", exam_type="provisional")
    seed = last_event().detail["seed"]
    assert isinstance(seed, int) and form.max_points == 100 and len(form.key) == 50
    again = written.assemble_form(examiner, code="P2", exam_type="provisional", seed=seed)
    assert again.key == form.key


def test_a_form_of_named_questions_is_ordered_true_false_first(examiner, bank):
    codes = [f"IL{n:03d}" for n in range(1, 6)] + [f"TF{n:03d}" for n in range(1, 91)]
    form = written.assemble_form(examiner, code="F9", exam_type="first", question_codes=codes)
    assert [q["code"] for q in form.key[:2]] == ["TF001", "TF002"] and form.key[90]["code"] == "IL001"
    assert last_event().detail["selection"] == "named" and last_event().detail["seed"] is None


@pytest.mark.parametrize(("codes", "code"), [
    ([f"TF{n:03d}" for n in range(1, 91)] + [f"IL{n:03d}" for n in range(1, 5)], "wrong_shape"),
    ([f"TF{n:03d}" for n in range(1, 92)] + [f"IL{n:03d}" for n in range(1, 5)], "wrong_shape"),
    ([f"TF{n:03d}" for n in range(1, 90)] + ["PV001"] + [f"IL{n:03d}" for n in range(1, 6)], "invalid_input"),
    ([f"TF{n:03d}" for n in range(1, 90)] + ["XX999"] + [f"IL{n:03d}" for n in range(1, 6)], "invalid_input"),
    ([f"TF{n:03d}" for n in range(1, 90)] + ["TF001"] + [f"IL{n:03d}" for n in range(1, 6)], "invalid_input"),
    ("TF001", "invalid_input"),
])
def test_a_form_that_does_not_match_the_shape_is_refused(examiner, bank, codes, code):
    with pytest.raises(InvalidInput) as refused:
        written.assemble_form(examiner, code="F9", exam_type="first", question_codes=codes)
    assert (refused.value.field, refused.value.code) == ("question_codes", code)
    assert not ExamForm.objects.exists()


def test_a_retired_question_cannot_be_named_in_a_new_form(examiner, bank):
    written.retire_question(examiner, "TF001", reason="誤りがあったため")
    codes = [f"TF{n:03d}" for n in range(1, 91)] + [f"IL{n:03d}" for n in range(1, 6)]
    with pytest.raises(InvalidInput) as refused:
        written.assemble_form(examiner, code="F9", exam_type="first", question_codes=codes)
    assert "使用停止" in refused.value.message


def test_a_bank_too_small_for_the_shape_is_said_plainly(examiner, bank):
    Question.objects.filter(code__startswith="IL").exclude(code="IL001").update(active=False)
    with pytest.raises(InvalidInput) as refused:
        written.assemble_form(examiner, code="F9", exam_type="first", seed=1)
    assert refused.value.code == "bank_too_small" and "使用可 1問、必要 5問" in refused.value.message


def test_a_form_code_is_used_once(examiner, first_form):
    with pytest.raises(Conflict):
        written.assemble_form(examiner, code=first_form.code, exam_type="first", seed=1)


def test_a_counter_clerk_may_not_assemble_a_form(hyogo_counter, bank, expect_one_denial):
    with expect_one_denial("exams.manage_questions", "exams.form.assemble"), pytest.raises(NotPermitted):
        written.assemble_form(hyogo_counter, code="F9", exam_type="first", seed=1)


def test_the_key_stays_frozen_when_the_bank_changes(examiner, first_form, examinee, sheet):
    question = Question.objects.get(code=first_form.key[0]["code"])
    Question.objects.filter(pk=question.pk).update(answer=not question.answer, active=False)
    outcome, = written.upload_answer_sheets(examiner, [sheet(examinee, first_form)])
    assert outcome.sheet.score == 100


# --- answer sheets --------------------------------------------------------------------------


def test_an_omr_device_uploads_sheets_that_are_scored_by_the_key_one_audit_event_each(make_device, first_form,
                                                                                     examinees, sheet, answers):
    device = make_device("omr")
    people = examinees(3)
    handled = written.upload_answer_sheets(device, [
        sheet(people[0], first_form), sheet(people[1], first_form, answers=answers(first_form, 90)),
        sheet(people[2], first_form, answers=answers(first_form, 89))])
    assert [(o.status, o.sheet.score, o.sheet.passed, o.sheet.state) for o in handled] == [
        ("accepted", 100, True, "scored"), ("accepted", 90, True, "scored"), ("accepted", 89, False, "scored")]
    stored = AnswerSheet.objects.get(scan_id="OMR-00002")
    assert (stored.uploaded_by, stored.examinee_id, stored.form_id) == (device.actor_name, people[1].pk, first_form.pk)
    uploads = events("exams.sheet.upload")
    assert len(uploads) == 3 and {e.outcome for e in uploads} == {"ok"}
    assert uploads[2].detail == {"examinee": people[2].pk, "form": first_form.pk, "scan_id": "OMR-00003", "score": 89,
                                 "passed": False, "unreadable": 0, "state": "scored", "resend": False,
                                 "legal_basis": "規程第5条"}
    assert uploads[2].person_id == people[2].person_id and "受験" not in str(uploads[2].detail)


def test_89_points_fail_and_90_pass_on_a_100_point_form(examiner, first_form, examinees, sheet, answers):
    low, high = examinees(2)
    handled = written.upload_answer_sheets(examiner, [
        sheet(low, first_form, answers=answers(first_form, 89)), sheet(high, first_form, answers=answers(first_form, 90))])
    assert [(o.sheet.score, o.sheet.passed) for o in handled] == [(89, False), (90, True)]


def test_an_illustration_question_scores_only_with_all_three_parts_right(examiner, first_form, examinee, sheet,
                                                                          answers):
    marks = answers(first_form)
    right = marks["91"]
    marks["91"] = [right[0], right[1], not right[2]]
    outcome, = written.upload_answer_sheets(examiner, [sheet(examinee, first_form, answers=marks)])
    assert (outcome.sheet.score, outcome.sheet.passed) == (98, True)
    row = outcome.result["per_question"][90]
    assert (row["correct"], row["parts"]) == (False, [True, True, False])


def test_a_provisional_sheet_scores_two_points_a_question(examiner, provisional_form, examinees, sheet, answers):
    person, = examinees(1, kind="普通仮")
    marks = answers(provisional_form)
    for no in ("1", "2", "3", "4", "5", "6"):
        marks[no] = not marks[no]
    outcome, = written.upload_answer_sheets(examiner, [sheet(person, provisional_form, answers=marks)])
    assert (outcome.sheet.score, outcome.sheet.passed) == (88, False)


def test_an_unreadable_blank_or_double_mark_sends_the_sheet_to_a_person_never_guessed(examiner, first_form,
                                                                                     examinee, sheet, answers):
    marks = answers(first_form)
    marks["3"], marks["7"], marks["92"] = "?", None, [True, "?", False]
    del marks["50"]
    outcome, = written.upload_answer_sheets(examiner, [sheet(examinee, first_form, answers=marks)])
    stored = outcome.sheet
    assert (stored.state, stored.score, stored.passed, stored.unreadable) == (
        SheetState.NEEDS_REVIEW, None, None, [3, 7, 50, 92])
    assert last_event().detail["unreadable"] == 4 and last_event().detail["score"] is None


def test_a_resent_sheet_returns_the_earlier_result_and_is_never_scored_twice(make_device, first_form, examinee,
                                                                             sheet, answers):
    device = make_device("omr")
    first, = written.upload_answer_sheets(device, [sheet(examinee, first_form)])
    again = written.upload_answer_sheets(device, [sheet(examinee, first_form, answers=answers(first_form, 50))])
    assert [(o.status, o.sheet.pk, o.sheet.score) for o in again] == [("resent", first.sheet.pk, 100)]
    assert AnswerSheet.objects.count() == 1
    uploads = events("exams.sheet.upload")
    assert [e.detail["resend"] for e in uploads] == [False, True] and uploads[1].object_id == str(first.sheet.pk)


def test_the_same_scan_twice_in_one_upload_is_one_sheet(examiner, first_form, examinee, sheet):
    handled = written.upload_answer_sheets(examiner, [sheet(examinee, first_form), sheet(examinee, first_form)])
    assert [o.status for o in handled] == ["accepted", "resent"] and handled[0].sheet is handled[1].sheet
    assert AnswerSheet.objects.count() == 1


def test_a_bad_sheet_is_rejected_with_its_reason_while_the_others_go_in(examiner, first_form, provisional_form,
                                                                         examinees, sheet):
    people = examinees(8)
    stopped, = examinees(1, start=50, state="stopped")
    no_written, = examinees(1, start=51, required_tests=["aptitude", "skill"])
    batch = [
        sheet(people[0], first_form),
        sheet(people[1], first_form, examinee_number=999),
        sheet(people[2], first_form, form_code="NOPE"),
        sheet(people[3], first_form, answers={"96": True}),
        sheet(people[4], first_form, answers={"91": True}),
        sheet(people[5], provisional_form),
        sheet(people[6], first_form, exam_date="2026-02-30"),
        "not a sheet",
        sheet(people[7], first_form, scan_id="bad id with spaces"),
        sheet(stopped, first_form),
        sheet(no_written, first_form),
        sheet(people[0], first_form, scan_id="OMR-AGAIN"),
        sheet(people[1], first_form, answers={"1": "-"}),
    ]
    handled = written.upload_answer_sheets(examiner, batch)
    assert [(o.status, o.error and o.error.code, o.error and o.error.field) for o in handled] == [
        ("accepted", None, None),
        ("rejected", "unknown_examinee", "sheets[1].examinee_number"),
        ("rejected", "unknown_form", "sheets[2].form_code"),
        ("rejected", "unknown_question", "sheets[3].answers.96"),
        ("rejected", "malformed_mark", "sheets[4].answers.91"),
        ("rejected", "wrong_form", "sheets[5].form_code"),
        ("rejected", "invalid_input", "sheets[6].exam_date"),
        ("rejected", "invalid_input", "sheets[7]"),
        ("rejected", "invalid_input", "sheets[8].scan_id"),
        ("rejected", "examinee_not_testing", "sheets[9].examinee_number"),
        ("rejected", "written_not_required", "sheets[10].examinee_number"),
        ("rejected", "sheet_exists", "sheets[11].examinee_number"),
        ("rejected", "malformed_mark", "sheets[12].answers"),
    ]
    assert all(any("\u3040" <= c <= "\u30ff" for c in o.error.message) for o in handled[1:])
    assert list(AnswerSheet.objects.values_list("scan_id", flat=True)) == ["OMR-00001"]
    uploads = events("exams.sheet.upload")
    assert [e.outcome for e in uploads] == ["ok"] + ["error"] * 12
    assert uploads[1].detail == {"scan_id": "OMR-00002", "code": "unknown_examinee",
                                 "field": "sheets[1].examinee_number", "legal_basis": "規程第5条"}


def test_an_examinee_of_another_prefecture_is_unknown_to_an_omr_device(make_device, first_form, examinee, sheet):
    device = make_device("omr", "other")
    outcome, = written.upload_answer_sheets(device, [sheet(examinee, first_form)])
    assert (outcome.status, outcome.error.code) == ("rejected", "unknown_examinee")


def test_a_scan_id_of_another_prefecture_is_never_answered_with_its_result(make_device, first_form, examinee, sheet):
    written.upload_answer_sheets(make_device("omr"), [sheet(examinee, first_form)])
    outcome, = written.upload_answer_sheets(make_device("omr", "other"), [sheet(examinee, first_form)])
    assert (outcome.status, outcome.error.code, outcome.sheet) == ("rejected", "scan_id_taken", None)


@pytest.mark.parametrize(("sheets", "code"), [([], "sheets_required"), ("x", "sheets_required"),
                                              ([{}] * 1001, "too_many_sheets")])
def test_an_empty_or_oversized_upload_is_refused_whole(examiner, sheets, code):
    with pytest.raises(InvalidInput) as refused:
        written.upload_answer_sheets(examiner, sheets)
    assert (refused.value.field, refused.value.code) == ("sheets", code)


def test_a_kiosk_device_with_roles_may_not_upload_sheets_and_the_denial_is_audited(make_device, first_form, examinee,
                                                                                  sheet, expect_one_denial):
    kiosk = make_device("kiosk")
    assert kiosk.roles
    with expect_one_denial("exams.upload_answer_sheets", "exams.sheet.upload"), pytest.raises(NotPermitted):
        written.upload_answer_sheets(kiosk, [sheet(examinee, first_form)])
    assert not AnswerSheet.objects.exists()


# --- resolving unreadable sheets ------------------------------------------------------------


@pytest.fixture
def unreadable(examiner, first_form, examinee, sheet, answers):
    marks = answers(first_form)
    marks["2"], marks["93"] = "?", [None, first_form.key[92]["answer"][1], "?"]
    outcome, = written.upload_answer_sheets(examiner, [sheet(examinee, first_form, answers=marks)])
    return outcome.sheet


def test_an_examiner_enters_what_the_paper_shows_and_the_sheet_is_scored_with_before_and_after(examiner, unreadable,
                                                                                              first_form):
    right = first_form.key[92]["answer"]
    resolved = written.resolve_sheet(examiner, unreadable.pk, {"2": first_form.key[1]["answer"], "93": right},
                                     reason="答案用紙を目視で確認した")
    assert (resolved.state, resolved.score, resolved.passed, resolved.reviewed_by) == (
        SheetState.SCORED, 100, True, examiner.actor_name)
    assert resolved.unreadable == [2, 93] and resolved.answers["93"] == right
    event = last_event()
    assert (event.action, event.object_id, event.person_id) == (
        "exams.sheet.resolve", str(unreadable.pk), unreadable.examinee.person_id)
    assert event.detail["before"] == {"2": "?", "93": [None, right[1], "?"]}
    assert event.detail["after"] == {"2": first_form.key[1]["answer"], "93": right}
    assert (event.detail["score"], event.detail["passed"], event.detail["reason"]) == (100, True, "答案用紙を目視で確認した")


def test_a_mark_the_examiner_finds_unanswered_is_scored_as_wrong(examiner, unreadable, first_form):
    right = first_form.key[92]["answer"]
    resolved = written.resolve_sheet(examiner, unreadable.pk, {"2": "-", "93": [right[0], "-", right[2]]},
                                     reason="無記入を確認")
    assert (resolved.score, resolved.passed) == (97, True)


@pytest.mark.parametrize(("marks", "field", "code"), [
    ({"2": True}, "answers.93", "mark_required"),
    ({"2": True, "93": [True, True]}, "answers.93", "mark_required"),
    ({"2": "?", "93": [True, True, True]}, "answers.2", "mark_required"),
    ({"2": None, "93": [True, True, True]}, "answers.2", "mark_required"),
    ({"2": True, "93": [True, True, True], "1": False}, "answers.1", "readable_mark"),
    ("true", "answers", "invalid_input"),
])
def test_the_examiner_must_decide_every_unreadable_mark_and_only_those(examiner, unreadable, marks, field, code):
    with pytest.raises(InvalidInput) as refused:
        written.resolve_sheet(examiner, unreadable.pk, marks, reason="確認")
    assert (refused.value.field, refused.value.code) == (field, code)
    unreadable.refresh_from_db()
    assert unreadable.state == SheetState.NEEDS_REVIEW and unreadable.score is None


def test_a_resolution_needs_its_reason_and_happens_once(examiner, unreadable, first_form):
    marks = {"2": True, "93": [True, True, True]}
    with pytest.raises(InvalidInput) as refused:
        written.resolve_sheet(examiner, unreadable.pk, marks, reason="")
    assert refused.value.field == "reason"
    written.resolve_sheet(examiner, unreadable.pk, marks, reason="確認")
    with pytest.raises(Conflict):
        written.resolve_sheet(examiner, unreadable.pk, marks, reason="もう一度")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_resolving_locks_the_sheet_and_not_the_form_the_whole_sitting_shares(examiner, unreadable,
                                                                                            first_form, locked_tables):
    marks = {"2": first_form.key[1]["answer"], "93": first_form.key[92]["answer"]}
    locked = locked_tables(lambda: written.resolve_sheet(examiner, unreadable.pk, marks, reason="答案用紙を目視で確認した"))
    assert "exams_answersheet" in locked and "exams_examform" not in locked


def test_an_omr_device_may_not_resolve_a_sheet_and_the_denial_is_audited(make_device, unreadable, expect_one_denial):
    device = make_device("omr")
    with expect_one_denial("exams.record_test_result", "exams.sheet.resolve"), pytest.raises(NotPermitted):
        written.resolve_sheet(device, unreadable.pk, {"2": True, "93": [True, True, True]}, reason="確認")


def test_an_examiner_of_another_prefecture_does_not_find_the_sheet(osaka_examiner, unreadable):
    with pytest.raises(NotFound):
        written.resolve_sheet(osaka_examiner, unreadable.pk, {"2": True, "93": [True, True, True]}, reason="確認")


# --- reading --------------------------------------------------------------------------------


def test_the_days_sheets_list_is_scoped_filtered_and_audited(examiner, osaka_examiner, unreadable, first_form,
                                                             examinees, sheet):
    other, = examinees(1, start=7)
    written.upload_answer_sheets(examiner, [sheet(other, first_form)])
    listed = written.sheets_for(examiner, day=other.exam_date)
    assert [s.examinee.examinee_number for s in listed] == [7, 101]
    event = last_event()
    assert (event.action, event.detail["sheets"]) == ("exams.examinee.list", [s.pk for s in listed])
    assert [s.pk for s in written.sheets_for(examiner, state="needs_review")] == [unreadable.pk]
    assert written.sheets_for(osaka_examiner) == []
    with pytest.raises(InvalidInput):
        written.sheets_for(examiner, state="lost")


def test_reading_one_sheet_is_audited_with_the_person(examiner, unreadable):
    assert written.get_sheet(examiner, unreadable.pk) == unreadable
    event = last_event()
    assert (event.action, event.person_id) == ("exams.examinee.read", unreadable.examinee.person_id)


# --- the OMR装置's CSV ------------------------------------------------------------------------


def test_the_omr_csv_is_read_one_row_per_sheet():
    text = ("\ufeffscan_id,centre,exam_date,examinee_number,form_code,q1,q2,q3,q91,q92,q96\n"
            "S-1,28-002,2026-11-27,0007,f1,1,0,?,10?,1_0,\n"
            "S-2,28-002,2026-11-27,8,F1,,x,1,111,,\n")
    first, second = written.sheets_from_csv(text)
    assert first == {"scan_id": "S-1", "centre": "28-002", "exam_date": "2026-11-27", "examinee_number": "0007",
                     "form_code": "f1", "answers": {"1": True, "2": False, "3": "?", "91": [True, False, "?"],
                                                    "92": [True, None, False]}}
    assert second["answers"] == {"2": "x", "3": True, "91": [True, True, True]}


@pytest.mark.parametrize(("text", "code"), [
    ("scan_id,centre,exam_date,form_code,q1\nS,28-002,2026-11-27,F1,1\n", "csv_header"),
    ("scan_id,centre,exam_date,examinee_number,form_code,q1\n", "sheets_required"),
    ("", "csv_header"),
])
def test_a_csv_without_its_columns_or_rows_is_refused_whole(text, code):
    with pytest.raises(InvalidInput) as refused:
        written.sheets_from_csv(text)
    assert (refused.value.field, refused.value.code) == ("file", code)


def test_a_shift_jis_csv_is_read_when_the_device_says_so():
    assert written.decode_csv("scan_id,受験".encode("cp932"), "Shift_JIS") == "scan_id,受験"
    with pytest.raises(InvalidInput) as refused:
        written.decode_csv("受験".encode("cp932"))
    assert refused.value.code == "csv_encoding"


def test_the_shell_loads_the_sample_bank_and_counts_it_against_each_form(capsys):
    call_command("questions", "load-sample")
    call_command("questions", "counts")
    out = capsys.readouterr().out
    assert "questions added" in out and "first (本免許（第一種）): true_false 112/90, illustration 8/5" in out
    assert "second (第二種): true_false 0/90" in out
