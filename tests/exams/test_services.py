"""免許試験 services (規程第4条–第8条): registering examinees, the 適性・技能試験 results, 合否の登録,
stopping a test, cancelling a pass and barring by someone other than the reporter, the 合格者発表."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.models import Serial
from menkyo.core.wareki import wareki
from menkyo.counter.models import APPLICATION, Application, ApplicationState, ExamBar
from menkyo.exams import services
from menkyo.exams.models import AptitudeResult, Examinee, ExamineeState, SkillTest
from menkyo.registry.models import HistoryEvent
from menkyo.rules.exam_standards import exam_bar_last_day

from .conftest import CENTRE, GOOD_EYES

pytestmark = pytest.mark.django_db


def events(since: int) -> list[tuple[str, str]]:
    return [(e.action, e.outcome) for e in AuditEvent.objects.filter(seq__gt=since).order_by("seq")]


def last_seq() -> int:
    last = AuditEvent.objects.order_by("-seq").first()
    return last.seq if last else 0


def japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


def passed_aptitude(examiner, examinee, **change):
    return services.record_aptitude(examiner, examinee.pk, {**GOOD_EYES, **change})


# --- 受験登録 (規程第4条) --------------------------------------------------------------------------


def test_a_graduate_is_registered_with_the_next_number_and_the_tests_of_the_law_engine(
        examiner, make_application, today):
    first, second = make_application(), make_application()
    before = last_seq()
    one = services.register_examinee(examiner, first.pk, centre=CENTRE, exam_date=today)
    two = services.register_examinee(examiner, second.pk, centre=CENTRE, exam_date=today.isoformat())
    assert (one.examinee_number, two.examinee_number) == (1, 2)
    assert one.required_tests == ["aptitude", "written"]  # the 卒業証明書 waives the 技能試験
    first.refresh_from_db()
    assert first.state == ApplicationState.TESTING
    assert ("counter.application.start_tests", "ok") in events(before)
    event = AuditEvent.objects.filter(action="exams.examinee.register", object_id=str(one.pk)).get()
    assert event.detail["tests"] == ["aptitude", "written"] and event.detail["exempt"] == ["skill"]
    assert event.detail["legal_basis"] == "規程第4条" and "明石" not in str(event.detail)


def test_numbers_start_again_for_another_day(examiner, make_application, today):
    services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
    tomorrow = services.register_examinee(examiner, make_application().pk, centre=CENTRE,
                                          exam_date=today + timedelta(days=1))
    assert tomorrow.examinee_number == 1


def test_examinee_numbers_whose_series_is_new_continue_after_the_numbers_of_the_day(examiner, make_application,
                                                                                     today):
    services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
    Serial.objects.filter(series__startswith="examinee:").delete()
    late = services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
    assert late.examinee_number == 2 and Examinee.objects.count() == 2


def test_a_failed_applicant_retakes_as_a_new_examinee(examiner, make_application, today):
    application = make_application(state=ApplicationState.FAILED)
    examinee = services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)
    application.refresh_from_db()
    assert application.state == ApplicationState.TESTING and examinee.state == ExamineeState.REGISTERED
    assert AuditEvent.objects.filter(action="counter.application.retake").exists()


def test_a_barred_person_is_refused_with_the_end_of_the_bar_and_nothing_is_written(
        examiner, graduate_application, applicant, today):
    ExamBar.objects.create(person=applicant, prefecture_id="28", starts_on=today - timedelta(days=10),
                           until=today + timedelta(days=100), reason="替え玉受験", reported_by="a", decided_by="b")
    with pytest.raises(Conflict) as refused:
        services.register_examinee(examiner, graduate_application.pk, centre=CENTRE, exam_date=today)
    until = today + timedelta(days=100)
    assert refused.value.code == "exam_bar" and f"{wareki(until)}まで" in refused.value.message
    graduate_application.refresh_from_db()
    assert graduate_application.state == ApplicationState.RECEIVED and not Examinee.objects.exists()


def test_a_direct_test_for_ordinary_needs_a_valid_provisional_licence_and_road_practice(
        examiner, make_application, today, provisional_holder):
    without = make_application(route="direct", documents=["photo", "provisional_licence"])
    with pytest.raises(InvalidInput) as refused:
        services.register_examinee(examiner, without.pk, centre=CENTRE, exam_date=today)
    assert refused.value.code == "road_practice_missing" and "都道府県の運用" in refused.value.message
    ready = make_application(route="direct", documents=["photo", "provisional_licence", "road_practice"])
    examinee = services.register_examinee(examiner, ready.pk, centre=CENTRE, exam_date=today)
    assert examinee.required_tests == ["aptitude", "written", "skill"]
    provisional_holder.expiry_date = today - timedelta(days=1)
    provisional_holder.save()
    with pytest.raises(InvalidInput) as refused:
        services.register_examinee(examiner, make_application(route="direct", documents=["road_practice"]).pk,
                                   centre=CENTRE, exam_date=today)
    assert refused.value.code == "provisional_licence_missing" and "普通仮免許" in refused.value.message


def test_a_holder_of_ordinary_takes_the_large_test_without_the_written_test(examiner, make_application, holder,
                                                                            today):
    from menkyo.registry.models import ProvisionalLicence

    ProvisionalLicence.objects.create(person=holder, number="630000000025", kind_id="大型仮", commission_id="63",
                                      issue_date=today, expiry_date=today + timedelta(days=180))
    application = make_application(kind="大型", route="direct", person=holder, application_type="additional",
                                   documents=["photo", "licence", "provisional_licence", "road_practice"])
    examinee = services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)
    assert examinee.required_tests == ["aptitude", "skill"]


@pytest.mark.parametrize(("centre", "exam_date", "field"), [
    ("99-999", "today", "centre"),
    ("28-003", "today", "centre"),  # a 更新センター holds no tests
    ("27-002", "today", "centre"),  # another prefecture's centre
    (CENTRE, "yesterday", "exam_date"),
    (CENTRE, "", "exam_date"),
    (CENTRE, "あした", "exam_date"),
])
def test_bad_input_is_refused_in_japanese_on_its_field_and_nothing_changes(examiner, graduate_application, today,
                                                                           centre, exam_date, field):
    day = {"today": today, "yesterday": today - timedelta(days=1)}.get(exam_date, exam_date)
    before = last_seq()
    with pytest.raises(InvalidInput) as refused:
        services.register_examinee(examiner, graduate_application.pk, centre=centre, exam_date=day)
    assert refused.value.field == field and japanese(refused.value.message)
    assert not Examinee.objects.exists() and last_seq() == before


def test_a_withdrawn_application_cannot_be_registered(examiner, make_application, today):
    application = make_application(state=ApplicationState.WITHDRAWN)
    with pytest.raises(Conflict) as refused:
        services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)
    assert "取下げの申請は受験登録できません" in refused.value.message


def test_an_inquiry_operator_may_not_register_and_the_denial_is_audited(make_operator, graduate_application, today,
                                                                        expect_one_denial):
    inquirer = make_operator("akashi_inquiry", ["inquiry"], CENTRE)
    with expect_one_denial("exams.register_examinee", "exams.examinee.register"), pytest.raises(NotPermitted):
        services.register_examinee(inquirer, graduate_application.pk, centre=CENTRE, exam_date=today)


def test_another_prefectures_examiner_is_refused(osaka_examiner, graduate_application, today, expect_one_denial):
    with expect_one_denial("exams.register_examinee", "exams.examinee.register"), pytest.raises(NotPermitted) as no:
        services.register_examinee(osaka_examiner, graduate_application.pk, centre=CENTRE, exam_date=today)
    assert "他の都道府県" in no.value.message


def test_registration_is_atomic_with_the_application_transition(examiner, graduate_application, today, monkeypatch):
    def refuse(*args, **kwargs):
        raise Conflict("他の窓口で変更されました。")

    monkeypatch.setattr(APPLICATION, "apply", refuse)
    with pytest.raises(Conflict):
        services.register_examinee(examiner, graduate_application.pk, centre=CENTRE, exam_date=today)
    assert not Examinee.objects.exists()


# --- 適性試験 (規程第5条) ---------------------------------------------------------------------------


def test_an_aptitude_test_passed_with_glasses_gives_the_glasses_condition(examiner, registered):
    before = last_seq()
    result = passed_aptitude(examiner, registered, corrective_lenses=True)
    assert result.passed and result.conditions == ["眼鏡等"] and result.failed_standards == []
    assert result.trace and all(step["reference"] for step in result.trace)
    assert result.recorded_by == examiner.actor_name
    assert events(before) == [("exams.aptitude.record", "ok")]
    event = AuditEvent.objects.get(seq=last_seq())
    assert event.detail == {"examinee": registered.pk, "passed": True, "failed": [], "conditions": ["眼鏡等"],
                            "legal_basis": "規程第5条"}


def test_a_failed_standard_is_stored_in_japanese_with_its_reference(examiner, registered):
    result = passed_aptitude(examiner, registered, acuity_both=Decimal("0.6"))
    assert not result.passed and result.conditions == []
    assert result.failed_standards[0]["message"] == "視力（両眼0.7以上、かつ、一眼それぞれ0.3以上）を満たしません。"
    assert "施行規則第23条" in result.failed_standards[0]["reference"]


def test_a_measurement_the_standard_needs_is_asked_for_on_its_field(examiner, registered):
    with pytest.raises(InvalidInput) as refused:
        passed_aptitude(examiner, registered, acuity_left=Decimal("0.1"))
    assert refused.value.field == "visual_field_degrees" and "視野" in refused.value.message
    assert not AptitudeResult.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"acuity_left": "1.25"}, "acuity_left"),
    ({"acuity_right": "よい"}, "acuity_right"),
    ({"acuity_both": 3}, "acuity_both"),
    ({"acuity_both": None}, "acuity_both"),
    ({"visual_field_degrees": 300}, "visual_field_degrees"),
    ({"depth_error_cm": "-1"}, "depth_error_cm"),
    ({"colour_ok": "yes"}, "colour_ok"),
    ({"motor_ok": None}, "motor_ok"),
])
def test_bad_measurements_are_refused_on_their_field_and_nothing_is_written(examiner, registered, change, field):
    before = last_seq()
    with pytest.raises(InvalidInput) as refused:
        passed_aptitude(examiner, registered, **change)
    assert refused.value.field == field and japanese(refused.value.message)
    assert not AptitudeResult.objects.exists() and last_seq() == before


def test_an_aptitude_result_is_recorded_once(examiner, registered):
    passed_aptitude(examiner, registered)
    with pytest.raises(Conflict) as refused:
        passed_aptitude(examiner, registered)
    assert refused.value.code == "already_recorded"


def test_a_counter_clerk_may_not_record_results_and_the_denial_is_audited(clerk, registered, expect_one_denial):
    with expect_one_denial("exams.record_test_result", "exams.aptitude.record"), pytest.raises(NotPermitted):
        passed_aptitude(clerk, registered)


# --- 技能試験 (規程第5条) ---------------------------------------------------------------------------


@pytest.fixture
def direct(examiner, make_application, today, provisional_holder):
    application = make_application(route="direct", documents=["photo", "provisional_licence", "road_practice"])
    return services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)


def test_a_skill_test_is_100_less_deductions_passed_at_70(examiner, direct):
    before = last_seq()
    result = services.record_skill_test(examiner, direct.pk, [{"item": "安全確認不良", "points": 10},
                                                              {"item": "速度維持不良", "points": 20}])
    assert (result.score, result.pass_mark, result.passed) == (70, 70, True)
    assert events(before) == [("exams.skill.record", "ok")]
    assert AuditEvent.objects.get(seq=last_seq()).detail["score"] == 70


def test_a_second_class_skill_test_is_passed_at_80(examiner, make_application, today):
    application = make_application(kind="普二", route="direct", application_type="additional")
    examinee = services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)
    result = services.record_skill_test(examiner, examinee.pk, [{"item": "合図不履行", "points": 25}])
    assert (result.score, result.pass_mark, result.passed) == (75, 80, False)


def test_an_item_that_stops_the_test_fails_it_and_the_score_never_goes_below_zero(examiner, direct):
    result = services.record_skill_test(examiner, direct.pk, [{"item": "信号無視", "points": 100},
                                                              {"item": "脱輪", "points": 20}], "信号無視")
    assert (result.score, result.passed, result.stopped_item) == (0, False, "信号無視")


@pytest.mark.parametrize("deductions", [
    "10点", [{"item": "", "points": 10}], [{"item": "合図", "points": 0}], [{"item": "合図", "points": "10"}],
    [{"item": "合図", "points": True}], [{"item": "長" * 61, "points": 5}], [{"item": "a", "points": 5}] * 51,
])
def test_bad_deductions_are_refused_on_the_deductions_field(examiner, direct, deductions):
    with pytest.raises(InvalidInput) as refused:
        services.record_skill_test(examiner, direct.pk, deductions)
    assert refused.value.field == "deductions" and japanese(refused.value.message)
    assert not SkillTest.objects.exists()


def test_a_graduate_takes_no_skill_test(examiner, registered):
    with pytest.raises(Conflict) as refused:
        services.record_skill_test(examiner, registered.pk, [])
    assert refused.value.code == "test_not_required" and "技能試験を受けません" in refused.value.message


# --- 合否の登録 (規程第8条) --------------------------------------------------------------------------


def test_a_pass_moves_the_examinee_and_the_application_and_enters_the_history(examiner, registered, sheet):
    passed_aptitude(examiner, registered)
    sheet(registered, passed=True)
    before = last_seq()
    services.register_result(examiner, registered.pk)
    registered.refresh_from_db()
    application = Application.objects.get(pk=registered.application_id)
    assert (registered.state, application.state) == (ExamineeState.PASSED, ApplicationState.PASSED)
    assert registered.decided_by == examiner.actor_name and registered.decided_at is not None
    assert events(before) == [("exams.examinee.pass", "ok"), ("counter.application.pass", "ok")]
    history = HistoryEvent.objects.get(person_id=registered.person_id)
    assert (history.event_type, history.legal_basis) == ("exam.passed", "規程第8条")


def test_a_failed_aptitude_test_ends_the_sitting_as_failed(examiner, registered):
    passed_aptitude(examiner, registered, motor_ok=False)
    services.register_result(examiner, registered.pk)
    registered.refresh_from_db()
    assert registered.state == ExamineeState.FAILED
    assert Application.objects.get(pk=registered.application_id).state == ApplicationState.FAILED
    assert AuditEvent.objects.get(action="exams.examinee.fail").detail["reason"] == "適性試験が不合格"


def test_a_missing_result_is_named_and_nothing_changes(examiner, registered):
    passed_aptitude(examiner, registered)
    with pytest.raises(Conflict) as refused:
        services.register_result(examiner, registered.pk)
    assert refused.value.code == "results_missing" and "学科試験" in refused.value.message
    registered.refresh_from_db()
    assert registered.state == ExamineeState.REGISTERED


def test_a_sheet_waiting_for_a_person_blocks_the_decision(examiner, registered, sheet):
    passed_aptitude(examiner, registered)
    waiting = sheet(registered, state="needs_review")
    with pytest.raises(Conflict) as refused:
        services.register_result(examiner, registered.pk)
    assert refused.value.code == "sheet_needs_review" and waiting.scan_id in refused.value.message


def test_the_latest_scored_sheet_decides_the_written_test(examiner, registered, sheet):
    passed_aptitude(examiner, registered)
    sheet(registered, passed=True)
    sheet(registered, passed=False)
    services.register_result(examiner, registered.pk)
    registered.refresh_from_db()
    assert registered.state == ExamineeState.FAILED


def test_a_counter_clerk_may_not_register_results(clerk, registered, expect_one_denial):
    with expect_one_denial("exams.register_pass", "exams.examinee.pass"), pytest.raises(NotPermitted):
        services.register_result(clerk, registered.pk)


def test_the_result_is_atomic_with_the_application(examiner, registered, sheet):
    passed_aptitude(examiner, registered)
    sheet(registered)
    Application.objects.filter(pk=registered.application_id).update(state=ApplicationState.WITHDRAWN)
    with pytest.raises(Conflict):
        services.register_result(examiner, registered.pk)
    registered.refresh_from_db()
    assert registered.state == ExamineeState.REGISTERED and not HistoryEvent.objects.exists()


# --- 不正 (規程第6条・第7条) ----------------------------------------------------------------------------


@pytest.fixture
def stopped(examiner, registered):
    return services.stop_exam(examiner, registered.pk, reason="カンニングペーパーの使用")


@pytest.fixture
def passed(examiner, registered, sheet):
    passed_aptitude(examiner, registered)
    sheet(registered)
    return services.register_result(examiner, registered.pk)


def test_stopping_a_test_records_who_reported_and_fails_the_application(examiner, registered):
    before = last_seq()
    services.stop_exam(examiner, registered.pk, reason="カンニングペーパーの使用")
    registered.refresh_from_db()
    assert registered.state == ExamineeState.STOPPED and registered.reported_by == examiner.actor_name
    assert registered.report_reason == "カンニングペーパーの使用"
    assert Application.objects.get(pk=registered.application_id).state == ApplicationState.FAILED
    assert events(before) == [("exams.examinee.stop", "ok"), ("counter.application.fail", "ok")]


def test_stopping_needs_a_reason(examiner, registered):
    with pytest.raises(InvalidInput) as refused:
        services.stop_exam(examiner, registered.pk, reason="  ")
    assert refused.value.field == "reason"


def test_only_an_examiner_stops_a_test(clerk, registered, expect_one_denial):
    with expect_one_denial("exams.stop_exam", "exams.examinee.stop"), pytest.raises(NotPermitted):
        services.stop_exam(clerk, registered.pk, reason="不正")


def test_the_chief_bars_a_stopped_examinee_for_up_to_a_year(chief, stopped, applicant, today, make_application,
                                                             examiner):
    before = last_seq()
    until = today + timedelta(days=180)
    services.cancel_pass_and_bar(chief, stopped.pk, reason="替え玉受験の企て", bar_until=until)
    bar = ExamBar.objects.get()
    assert (bar.starts_on, bar.until, bar.reported_by, bar.decided_by) == (
        today, until, "akashi_examiner", chief.actor_name)
    assert events(before) == [("exams.bar.decide", "ok")]
    assert HistoryEvent.objects.get(event_type="exam.barred").legal_basis == "規程第7条"
    with pytest.raises(Conflict) as refused:
        services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
    assert refused.value.code == "exam_bar"
    with pytest.raises(Conflict) as twice:
        services.cancel_pass_and_bar(chief, stopped.pk, reason="再度", bar_until=until)
    assert twice.value.code == "already_decided"


def test_a_bar_longer_than_a_year_is_refused_naming_the_limit(chief, stopped, today):
    limit = exam_bar_last_day(today).value
    with pytest.raises(InvalidInput) as refused:
        services.cancel_pass_and_bar(chief, stopped.pk, reason="不正", bar_until=limit + timedelta(days=1))
    assert refused.value.code == "bar_too_long" and wareki(limit) in refused.value.message
    services.cancel_pass_and_bar(chief, stopped.pk, reason="不正", bar_until=limit)
    assert ExamBar.objects.get().until == limit


def test_a_stopped_examinee_is_barred_with_an_end_date(chief, stopped):
    with pytest.raises(InvalidInput) as missing:
        services.cancel_pass_and_bar(chief, stopped.pk, reason="不正")
    assert missing.value.field == "bar_until" and not ExamBar.objects.exists()


def test_the_one_who_reported_never_decides(make_operator, registered, expect_one_denial):
    both = make_operator("akashi_both", ["examiner", "decision"], CENTRE, decision_level="section_head")
    services.stop_exam(both, registered.pk, reason="不正")
    with expect_one_denial("separation_of_duties", "exams.bar.decide"), pytest.raises(NotPermitted) as refused:
        services.cancel_pass_and_bar(both, registered.pk, reason="不正", bar_until=registered.exam_date
                                     + timedelta(days=30))
    assert refused.value.code == "separation_of_duties" and "別の「決定」の担当者" in refused.value.message
    assert not ExamBar.objects.exists()


def test_the_database_refuses_a_bar_decided_by_its_reporter(applicant, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExamBar.objects.create(person=applicant, prefecture_id="28", starts_on=today, until=today + timedelta(days=1),
                               reason="x", reported_by="same", decided_by="same")


def test_a_pass_found_fraudulent_is_reported_then_cancelled_by_the_chief(other_examiner, chief, passed):
    services.report_fraud(other_examiner, passed.pk, reason="替え玉受験が判明")
    before = last_seq()
    services.cancel_pass_and_bar(chief, passed.pk, reason="替え玉受験")
    passed.refresh_from_db()
    assert passed.state == ExamineeState.PASS_CANCELLED
    assert Application.objects.get(pk=passed.application_id).state == ApplicationState.PASS_CANCELLED
    assert events(before) == [("exams.examinee.cancel_pass", "ok"), ("counter.application.cancel_pass", "ok")]
    assert not ExamBar.objects.exists()
    assert HistoryEvent.objects.filter(event_type="exam.pass_cancelled").exists()


def test_a_pass_is_not_cancelled_without_a_report(chief, passed):
    with pytest.raises(Conflict) as refused:
        services.cancel_pass_and_bar(chief, passed.pk, reason="不正")
    assert refused.value.code == "no_report"


def test_an_examiner_may_not_cancel_a_pass(other_examiner, examiner, passed, expect_one_denial):
    services.report_fraud(other_examiner, passed.pk, reason="不正")
    with expect_one_denial("exams.cancel_pass", "exams.examinee.cancel_pass"), pytest.raises(NotPermitted):
        services.cancel_pass_and_bar(examiner, passed.pk, reason="不正")


def test_a_fraud_is_reported_after_a_pass_only(examiner, registered):
    with pytest.raises(Conflict) as refused:
        services.report_fraud(examiner, registered.pk, reason="不正")
    assert refused.value.code == "not_passed"


# --- reads and the 合格者発表 ---------------------------------------------------------------------


def test_the_pass_board_shows_passed_numbers_only(examiner, passed, make_application, today, make_device,
                                                  expect_one_denial):
    failing = services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
    passed_aptitude(examiner, failing, motor_ok=False)
    services.register_result(examiner, failing.pk)
    board = make_device("pass_board")
    assert services.pass_board(board, CENTRE, today) == [passed.examinee_number]
    event = AuditEvent.objects.get(seq=last_seq())
    assert (event.action, event.detail) == ("exams.pass_board.read",
                                            {"centre": CENTRE, "exam_date": today.isoformat(), "passed": 1})
    omr = make_device("omr")
    with expect_one_denial("exams.view_pass_board", "exams.pass_board.read"), pytest.raises(NotPermitted):
        services.pass_board(omr, CENTRE, today)


def test_the_days_list_is_the_centres_in_number_order_and_audited(examiner, make_application, today):
    for _ in range(3):
        services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
    services.register_examinee(examiner, make_application().pk, centre="28-101", exam_date=today)
    rows = services.examinees_of_day(examiner, CENTRE, today)
    assert [e.examinee_number for e in rows] == [1, 2, 3]
    event = AuditEvent.objects.get(seq=last_seq())
    assert event.action == "exams.examinee.list" and event.detail["ids"] == [e.pk for e in rows]


def test_another_prefecture_cannot_list_a_hyogo_centre(osaka_examiner, today, expect_one_denial):
    with expect_one_denial("exams.view_examinees", "exams.examinee.list"), pytest.raises(NotPermitted):
        services.examinees_of_day(osaka_examiner, CENTRE, today)


def test_reading_an_examinee_is_audited_with_the_person(clerk, registered):
    services.read_examinee(clerk, registered.pk)
    event = AuditEvent.objects.get(seq=last_seq())
    assert (event.action, event.person_id) == ("exams.examinee.read", registered.person_id)
