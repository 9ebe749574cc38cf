"""Renewal at the counter (規程第16条; 第17条の3・第17条の4): intake with the law engine's answer, the window
refused in 和暦, the older driver's results (counter and school terminal), the 更新時講習 and the fees."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.renewals import renewal_data, renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.models import Affiliation
from menkyo.core.wareki import wareki
from menkyo.counter import renewal, services
from menkyo.counter.models import Application, ElderlyCheck, LectureAttendance
from menkyo.registry.models import HistoryEvent, Licence
from menkyo.rules import licence_number
from menkyo.rules.dates import birthday_in, months_after, one_month_after, roll_forward

pytestmark = pytest.mark.django_db
UNKNOWN = licence_number({"commission_code": "63", "year": 2001, "serial": "999999", "reissues": 0})["number"]


@pytest.fixture
def elderly(holder_data):
    return renewal_holder(holder_data, age=76)


@pytest.fixture
def middle_aged(holder_data):
    return renewal_holder(holder_data, age=45, name="中年 一郎")


@pytest.fixture
def school_terminal(make_device, school):
    device = make_device("school")
    device.affiliation = school.affiliation
    device.save(update_fields=["affiliation"])
    return device


def check(licence, kind, result="completed", **extra):
    return {"licence_number": licence.number, "kind": kind, "result": result,
            "taken_on": timezone.localdate() - timedelta(days=10), "certificate_number": "K-1", **extra}


# --- intake ---------------------------------------------------------------------------------------


def test_a_renewal_in_the_window_is_received_with_the_law_engines_answer(centre_clerk, middle_aged):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    answer = application.eligibility
    assert (application.application_type, application.route, application.state) == ("renewal", "renewal", "received")
    assert application.ledger_number and application.licence_kind_id == "中型"  # 8t限定 (deemed)
    assert answer["driver_class"] == "優良" and answer["validity_years"] == 5 and answer["colour"] == "gold"
    assert answer["lecture_minutes"] == 30 and answer["requires"]["cognitive_test"] is False
    assert answer["trace"] and answer["fees"]["renewal"] > 0
    event = AuditEvent.objects.get(action="counter.renewal.receive")
    assert event.detail["driver_class"] == "優良" and event.detail["legal_basis"] == "規程第16条"
    assert "number" not in event.detail and HistoryEvent.objects.filter(event_type="application.received").exists()


def test_a_76_year_olds_renewal_requires_the_course_and_the_cognitive_test_and_no_lecture(centre_clerk, elderly):
    answer = renewal.receive_renewal(centre_clerk, renewal_data(elderly)).eligibility
    assert answer["requires"] == {"elderly_course": True, "cognitive_test": True, "driving_skill_test": False}
    assert answer["lecture_minutes"] == 0


def test_a_signal_violation_entered_from_the_inquiry_makes_a_76_year_old_take_the_driving_skill_test(
        centre_clerk, elderly):
    violation = {"date": timezone.localdate() - timedelta(days=400), "code": "signal_red", "vehicle": "普通"}
    answer = renewal.receive_renewal(centre_clerk, renewal_data(elderly, violations=[violation])).eligibility
    assert answer["requires"]["driving_skill_test"] is True and answer["driver_class"] == "一般"


def test_an_application_outside_the_window_is_refused_naming_its_first_and_last_day_in_wareki(centre_clerk,
                                                                                             middle_aged):
    Licence.objects.filter(pk=middle_aged.pk).update(expiry_date=one_month_after(
        birthday_in(timezone.localdate().year + 1, middle_aged.person.birth_date)))
    with pytest.raises(InvalidInput) as refused:
        renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    birthday = birthday_in(timezone.localdate().year + 1, middle_aged.person.birth_date)
    start, end = months_after(birthday, -1), roll_forward(one_month_after(birthday))
    assert refused.value.code == "outside_renewal_window" and "更新期間前" in refused.value.message
    assert f"更新期間（{wareki(start)}から{wareki(end)}まで）" in refused.value.message
    assert not Application.objects.exists()


def test_an_unknown_licence_number_is_404_and_a_second_open_renewal_is_refused(centre_clerk, middle_aged):
    with pytest.raises(NotFound):
        renewal.receive_renewal(centre_clerk, renewal_data(middle_aged, licence_number=UNKNOWN))
    renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    with pytest.raises(Conflict) as refused:
        renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    assert refused.value.code == "renewal_open"


def test_an_unanswered_questionnaire_item_is_refused_on_its_field(centre_clerk, middle_aged):
    data = renewal_data(middle_aged)
    del data["questionnaire"]["alcohol"]
    with pytest.raises(InvalidInput) as refused:
        renewal.receive_renewal(centre_clerk, data)
    assert refused.value.field == "questionnaire" and not Application.objects.exists()


def test_another_prefectures_clerk_may_not_receive_the_renewal(make_operator, middle_aged, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-002")
    Affiliation.objects.filter(code="27-002").update(kind="licence_centre")
    with expect_one_denial("counter.receive_renewal", "counter.renewal.receive"), pytest.raises(NotPermitted):
        renewal.receive_renewal(osaka, renewal_data(middle_aged))


# --- the older driver's results -----------------------------------------------------------------


def test_a_renewal_without_the_course_and_the_test_names_both_as_missing(centre_clerk, elderly):
    application = renewal.receive_renewal(centre_clerk, renewal_data(elderly))
    problems = [r.problem for r in renewal.elderly_status(application)]
    assert problems[0].startswith("高齢者講習の結果が登録されていません") and problems[1].startswith("認知機能検査の結果")


def test_the_counter_registers_the_course_and_the_cognitive_test_and_they_fulfil_the_renewal(centre_clerk, elderly):
    application = renewal.receive_renewal(centre_clerk, renewal_data(elderly))
    course = renewal.register_elderly_check(centre_clerk, check(elderly, "elderly_course"))
    renewal.register_elderly_check(centre_clerk, check(elderly, "cognitive_test", "no_concern"))
    status = renewal.elderly_status(application)
    assert [r.fulfilled_by is not None for r in status] == [True, True] and status[0].fulfilled_by == course
    event = AuditEvent.objects.filter(action="counter.elderly_check.register").first()
    assert event.detail["kind"] == "elderly_course" and event.detail["legal_basis"] == "規程第17条の3"
    assert HistoryEvent.objects.filter(event_type="elderly_check.registered").count() == 2


def test_a_cognitive_test_showing_concern_blocks_the_renewal_with_its_reason(centre_clerk, elderly):
    application = renewal.receive_renewal(centre_clerk, renewal_data(elderly))
    renewal.register_elderly_check(centre_clerk, check(elderly, "cognitive_test", "concern"))
    assert "認知症のおそれあり" in renewal.elderly_status(application)[1].problem


def test_every_driving_skill_test_attempt_is_kept_and_the_latest_pass_counts(centre_clerk, elderly):
    violation = {"date": timezone.localdate() - timedelta(days=400), "code": "signal_red"}
    application = renewal.receive_renewal(centre_clerk, renewal_data(elderly, violations=[violation]))
    renewal.register_elderly_check(centre_clerk, check(elderly, "driving_skill_test", "failed"))
    assert "合格していません（1回受検" in renewal.elderly_status(application)[2].problem
    passed = renewal.register_elderly_check(centre_clerk, check(elderly, "driving_skill_test", "passed",
                                                                taken_on=timezone.localdate()))
    assert renewal.elderly_status(application)[2].fulfilled_by == passed
    assert ElderlyCheck.objects.filter(kind="driving_skill_test").count() == 2
    assert AuditEvent.objects.filter(action="counter.elderly_check.register").last().detail["legal_basis"] == \
        "規程第17条の4"


def test_a_result_with_the_wrong_kind_of_result_or_a_future_date_is_refused(centre_clerk, elderly):
    with pytest.raises(InvalidInput) as wrong:
        renewal.register_elderly_check(centre_clerk, check(elderly, "cognitive_test", "passed"))
    with pytest.raises(InvalidInput) as future:
        renewal.register_elderly_check(centre_clerk, check(elderly, "elderly_course",
                                                           taken_on=timezone.localdate() + timedelta(days=1)))
    with pytest.raises(InvalidInput) as no_number:
        renewal.register_elderly_check(centre_clerk, check(elderly, "elderly_course", certificate_number=""))
    assert (wrong.value.field, future.value.field, no_number.value.field) == ("result", "taken_on",
                                                                               "certificate_number")
    assert not ElderlyCheck.objects.exists()


def test_a_school_registers_through_its_terminal_the_results_of_its_own_courses(school_terminal, school, elderly):
    registered = renewal.register_elderly_check(school_terminal, check(elderly, "elderly_course"))
    assert registered.school == school
    with pytest.raises(InvalidInput) as other:
        renewal.register_elderly_check(school_terminal, check(elderly, "elderly_course", school="99S99"))
    assert other.value.code == "other_school"


def test_a_kiosk_may_not_register_results(make_device, elderly, expect_one_denial):
    kiosk = make_device("kiosk")
    with (expect_one_denial("counter.register_elderly_check", "counter.elderly_check.register"),
          pytest.raises(NotPermitted)):
        renewal.register_elderly_check(kiosk, check(elderly, "elderly_course"))


def test_the_results_are_read_newest_first_and_the_read_is_audited(centre_clerk, elderly):
    renewal.register_elderly_check(centre_clerk, check(elderly, "elderly_course"))
    licence, rows = renewal.elderly_checks(centre_clerk, elderly.number)
    assert licence == elderly and len(rows) == 1
    assert AuditEvent.objects.filter(action="counter.elderly_check.list").exists()


# --- lecture and fees ---------------------------------------------------------------------------


def test_the_lecture_is_recorded_in_person_with_the_minutes_of_the_class(centre_clerk, middle_aged):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    lecture = renewal.record_lecture(centre_clerk, application.pk, mode="in_person")
    assert (lecture.minutes, lecture.mode) == (30, "in_person")
    assert AuditEvent.objects.get(action="counter.lecture.record").detail["legal_basis"] == "規程第16条"
    with pytest.raises(Conflict):
        renewal.record_lecture(centre_clerk, application.pk, mode="in_person")


def test_an_online_lecture_is_refused_for_a_card_only_holder_naming_why(centre_clerk, middle_aged):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    with pytest.raises(InvalidInput) as refused:
        renewal.record_lecture(centre_clerk, application.pk, mode="online")
    assert refused.value.code == "online_not_allowed" and "マイナ免許証" in refused.value.message
    assert not LectureAttendance.objects.exists()


def test_a_mynumber_holder_may_take_the_lecture_online_and_pays_the_online_fee(centre_clerk, holder_data):
    holder = renewal_holder(holder_data, age=45, holding_form="mynumber")
    application = renewal.receive_renewal(centre_clerk, renewal_data(holder))
    renewal.record_lecture(centre_clerk, application.pk, mode="online")
    assert [fee.procedure for fee in services.fees_due(application)] == ["renewal", "renewal_lecture_online"]


def test_an_elderly_holder_has_no_lecture_and_pays_only_the_renewal_fee(centre_clerk, elderly):
    application = renewal.receive_renewal(centre_clerk, renewal_data(elderly))
    with pytest.raises(Conflict) as refused:
        renewal.record_lecture(centre_clerk, application.pk, mode="in_person")
    assert refused.value.code == "no_lecture"
    assert [fee.procedure for fee in services.fees_due(application)] == ["renewal"]


def test_the_renewal_fee_is_recorded_with_the_amount_of_the_holding_form(centre_clerk, holder_data):
    holder = renewal_holder(holder_data, age=45, holding_form="mynumber")
    application = renewal.receive_renewal(centre_clerk, renewal_data(holder))
    payment = services.record_payment(centre_clerk, application.pk, procedure_code="renewal", method="cash",
                                      slip_number="R-0001")
    assert payment.amount == application.eligibility["fees"]["renewal"]


def test_the_status_names_every_step_still_missing(centre_clerk, middle_aged):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    blockers = renewal.renewal_status(application).blockers
    assert blockers[0] == "適性検査の合格が登録されていません" and "更新時講習（30分）" in blockers[1]
    assert any("更新手数料" in b for b in blockers)


def test_an_examiner_may_not_record_the_lecture(make_operator, centre_clerk, middle_aged, expect_one_denial):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    examiner = make_operator("akashi_examiner", ["examiner"], "28-002")
    with expect_one_denial("counter.record_lecture", "counter.lecture.record"), pytest.raises(NotPermitted):
        renewal.record_lecture(examiner, application.pk, mode="in_person")
    assert not LectureAttendance.objects.exists()


def test_an_inquiry_officer_may_not_read_the_results(make_operator, elderly, expect_one_denial):
    inquiry = make_operator("hyogo_inquiry", ["inquiry"], "28-001")
    with (expect_one_denial("counter.view_elderly_checks", "counter.elderly_check.list"),
          pytest.raises(NotPermitted)):
        renewal.elderly_checks(inquiry, elderly.number)


# --- 特例更新 (規程第17条) ---------------------------------------------------------------------------


@pytest.fixture
def next_year(middle_aged):
    """The middle-aged holder's licence expires a year later: today is before the window."""
    Licence.objects.filter(pk=middle_aged.pk).update(expiry_date=one_month_after(
        birthday_in(timezone.localdate().year + 1, middle_aged.person.birth_date)))
    return Licence.objects.get(pk=middle_aged.pk)


def test_an_early_renewal_for_a_stay_abroad_is_received_and_judged_from_the_application_date(centre_clerk,
                                                                                            next_year):
    application = renewal.receive_renewal(centre_clerk, renewal_data(
        next_year, early_reason="abroad", early_evidence="旅券（出国予定の航空券）"))
    assert (application.early_reason, application.early_evidence) == ("abroad", "旅券（出国予定の航空券）")
    answer = application.eligibility
    assert answer["early_renewal"] is True and any(s["step"] == "early_renewal" for s in answer["trace"])
    event = AuditEvent.objects.filter(action="counter.renewal.receive").get()
    assert event.detail["early_reason"] == "abroad" and event.detail["legal_basis"] == "規程第17条"
    assert HistoryEvent.objects.filter(event_type="application.received", legal_basis="規程第17条").exists()


def test_before_the_window_without_a_reason_the_refusal_says_an_early_renewal_needs_one(centre_clerk, next_year):
    with pytest.raises(InvalidInput) as refused:
        renewal.receive_renewal(centre_clerk, renewal_data(next_year))
    assert "特例更新の理由と確認書類" in refused.value.message


@pytest.mark.parametrize(("extra", "field"), [
    ({"early_reason": "holiday"}, "early_reason"), ({"early_reason": "abroad"}, "early_evidence"),
    ({"early_reason": "abroad", "early_evidence": "旅" * 61}, "early_evidence"),
])
def test_a_bad_early_reason_or_missing_evidence_is_refused_on_its_field(centre_clerk, next_year, extra, field):
    with pytest.raises(InvalidInput) as refused:
        renewal.receive_early_renewal(centre_clerk, renewal_data(next_year, **extra))
    assert refused.value.field == field and not Application.objects.exists()


def test_an_early_reason_in_the_window_is_refused_as_an_ordinary_renewal(centre_clerk, middle_aged):
    with pytest.raises(InvalidInput) as refused:
        renewal.receive_renewal(centre_clerk, renewal_data(middle_aged, early_reason="illness",
                                                           early_evidence="診断書"))
    assert refused.value.code == "early_renewal_in_window" and not Application.objects.exists()
