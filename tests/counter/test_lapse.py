"""失効後の再取得 at the counter (規程第3条; law-rules §5.6): the lapsed licence found by its number and marked
失効, the route the law engine gives (うっかり失効 aptitude only, やむを得ず失効 with its evidence, 6 months–1 year
without the 仮免許), the fee of the route, the licence back as a first issue with a new number; refusals
naming why (over 1 year, the reason ended over a month ago, not lapsed), and the 高齢者講習 of a 70-year-old."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from tests.photos import stored_photo
from tests.renewals import NO_TO_ALL, renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.cards import services as cards
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.models import Affiliation
from menkyo.counter import lapse, renewal
from menkyo.counter.models import Application
from menkyo.counter.services import application_form, fees_due, record_payment
from menkyo.exams import services as exams
from menkyo.registry.models import HistoryEvent, Licence
from menkyo.rules import licence_number

pytestmark = pytest.mark.django_db
UNKNOWN = licence_number({"commission_code": "63", "year": 2001, "serial": "999999", "reissues": 0})["number"]


def lapsed(holder: Licence, days_ago: int) -> Licence:
    """The holder's licence whose last day of validity was ``days_ago`` days before today (a weekday)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    Licence.objects.filter(pk=holder.pk).update(expiry_date=day)
    return Licence.objects.get(pk=holder.pk)


def data(licence, **extra):
    return {"licence_number": licence.number, "questionnaire": dict(NO_TO_ALL), "documents": ["licence"], **extra}


@pytest.fixture
def examiner(make_operator):
    return make_operator("akashi_examiner", ["examiner"], "28-002")


@pytest.fixture
def holder(holder_data):
    return lapsed(renewal_holder(holder_data, age=45), 60)


def sit_aptitude(examiner, application):
    examinee = exams.register_examinee(examiner, application.pk, centre="28-002", exam_date=timezone.localdate())
    exams.record_aptitude(examiner, examinee.pk, {"acuity_both": "1.0", "acuity_left": "0.8", "acuity_right": "0.8",
                                                   "colour_ok": True, "hearing_ok": True, "motor_ok": True})
    exams.register_result(examiner, examinee.pk)
    application.refresh_from_db()
    return examinee


def pay_all(clerk, application):
    for number, fee in enumerate(fees_due(application), start=1):
        record_payment(clerk, application.pk, procedure_code=fee.procedure, method="cash",
                       slip_number=f"L-{application.pk}-{number}")


def test_a_licence_lapsed_two_months_ago_is_received_for_the_aptitude_test_only(centre_clerk, holder):
    application = lapse.receive_lapsed_application(centre_clerk, data(holder))
    assert (application.application_type, application.route, application.licence_kind_id) == (
        "lapsed", "lapsed", "普通")
    assert application.eligibility["tests"] == ["aptitude"] and application.ledger_number
    assert Licence.objects.get(pk=holder.pk).status == "lapsed"
    assert HistoryEvent.objects.filter(event_type="licence.lapsed").exists()
    event = AuditEvent.objects.get(action="counter.lapsed.receive")
    assert event.detail["route"] == "lapsed" and event.detail["legal_basis"] == "規程第3条"
    assert [f.procedure for f in fees_due(application)] == ["exam_class1_ordinary_lapsed", "issue"]


def test_after_the_aptitude_test_the_licence_comes_back_as_a_first_issue_with_a_new_number(
        centre_clerk, examiner, holder):
    application = lapse.receive_lapsed_application(centre_clerk, data(holder))
    examinee = sit_aptitude(examiner, application)
    assert examinee.required_tests == ["aptitude"] and application.state == "passed"
    pay_all(centre_clerk, application)
    Application.objects.filter(pk=application.pk).update(photo=stored_photo(application.person))
    job = cards.issue_licence(centre_clerk, application.pk)
    licence = job.licence
    assert licence.number != holder.number and licence.status == "valid"
    held = list(licence.kinds.values_list("kind_id", "limitation", "acquired_on"))
    old = Licence.objects.get(pk=holder.pk).kinds.get()
    assert held == [("中型", "8t", old.acquired_on)]
    assert Licence.objects.get(pk=holder.pk).status == "lapsed"


def test_six_months_to_a_year_after_the_lapse_the_test_is_sat_without_a_provisional_licence(
        centre_clerk, examiner, holder_data):
    holder = lapsed(renewal_holder(holder_data, age=45), 250)
    application = lapse.receive_lapsed_application(centre_clerk, data(holder))
    assert (application.route, application.licence_kind_id) == ("lapsed_provisional", "普通")
    examinee = exams.register_examinee(examiner, application.pk, centre="28-002", exam_date=timezone.localdate())
    assert examinee.required_tests == ["aptitude", "written", "skill"]
    assert fees_due(application)[0].procedure == "exam_class1_ordinary_general"


def test_more_than_a_year_after_the_lapse_nothing_is_waived_and_nothing_is_written(centre_clerk, holder_data):
    holder = lapsed(renewal_holder(holder_data, age=45), 400)
    with pytest.raises(InvalidInput) as refused:
        lapse.receive_lapsed_application(centre_clerk, data(holder))
    assert refused.value.code == "lapse_too_old" and "新規の申請" in refused.value.message
    assert not Application.objects.exists() and Licence.objects.get(pk=holder.pk).status == "valid"
    assert AuditEvent.objects.get(action="judgement.rules.lapse").detail["outcome"] == "full_test"


def test_an_unavoidable_reason_within_a_month_of_its_end_is_received_with_its_evidence(centre_clerk, holder_data):
    holder = lapsed(renewal_holder(holder_data, age=45), 400)
    ended = timezone.localdate() - timedelta(days=10)
    application = lapse.receive_lapsed_application(centre_clerk, data(
        holder, unavoidable_reason="abroad", unavoidable_evidence="旅券（出入国記録）", reason_ended_on=ended))
    assert (application.route, application.lapse_reason, application.reason_ended_on) == (
        "lapsed_unavoidable", "abroad", ended)
    assert application.lapse_evidence == "旅券（出入国記録）"
    assert fees_due(application)[0].procedure == "exam_class1_ordinary_lapsed_unavoidable"


def test_a_reason_that_ended_more_than_a_month_ago_is_refused_naming_why(centre_clerk, holder):
    ended = timezone.localdate() - timedelta(days=45)
    with pytest.raises(InvalidInput) as refused:
        lapse.receive_lapsed_application(centre_clerk, data(
            holder, unavoidable_reason="illness", unavoidable_evidence="診断書", reason_ended_on=ended))
    assert refused.value.code == "unavoidable_not_applicable" and refused.value.field == "reason_ended_on"
    assert "1月を経過しています" in refused.value.message and "うっかり失効" in refused.value.message
    assert not Application.objects.exists()


@pytest.mark.parametrize(("extra", "field"), [
    ({"unavoidable_reason": "holiday"}, "unavoidable_reason"),
    ({"unavoidable_reason": "abroad", "reason_ended_on": timezone.localdate()}, "unavoidable_evidence"),
    ({"unavoidable_reason": "abroad", "unavoidable_evidence": "旅券"}, "reason_ended_on"),
    ({"unavoidable_reason": "abroad", "unavoidable_evidence": "旅" * 61, "reason_ended_on": timezone.localdate()},
     "unavoidable_evidence"),
    ({"questionnaire": {}}, "questionnaire"),
])
def test_bad_input_is_refused_on_its_field(centre_clerk, holder, extra, field):
    with pytest.raises(InvalidInput) as refused:
        lapse.receive_lapsed_application(centre_clerk, data(holder, **extra))
    assert refused.value.field == field and not Application.objects.exists()


def test_a_valid_licence_an_unknown_number_and_a_second_application_are_refused(centre_clerk, holder, holder_data):
    valid = renewal_holder(holder_data, age=50, name="有効 次郎")
    with pytest.raises(Conflict) as not_lapsed:
        lapse.receive_lapsed_application(centre_clerk, data(valid))
    assert not_lapsed.value.code == "not_lapsed" and "更新の申請" in not_lapsed.value.message
    with pytest.raises(NotFound):
        lapse.receive_lapsed_application(centre_clerk, data(holder, licence_number=UNKNOWN))
    lapse.receive_lapsed_application(centre_clerk, data(holder))
    with pytest.raises(Conflict) as again:
        lapse.receive_lapsed_application(centre_clerk, data(holder))
    assert again.value.code == "lapsed_open"


def test_a_70_year_old_gets_the_licence_only_with_the_elderly_course(centre_clerk, examiner, holder_data):
    holder = lapsed(renewal_holder(holder_data, age=72), 30)
    application = lapse.receive_lapsed_application(centre_clerk, data(holder))
    assert application.eligibility["requires"]["elderly_course"] is True
    sit_aptitude(examiner, application)
    pay_all(centre_clerk, application)
    Application.objects.filter(pk=application.pk).update(photo=stored_photo(application.person))
    with pytest.raises(Conflict) as refused:
        cards.issue_licence(centre_clerk, application.pk)
    assert refused.value.code == "elderly_course_missing" and "高齢者講習" in refused.value.message
    renewal.register_elderly_check(centre_clerk, {
        "licence_number": holder.number, "kind": "elderly_course", "result": "completed",
        "taken_on": timezone.localdate() - timedelta(days=5), "certificate_number": "K-9"})
    assert cards.issue_licence(centre_clerk, application.pk).licence.status == "valid"


def test_another_prefectures_clerk_may_not_receive_it(make_operator, holder, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-002")
    Affiliation.objects.filter(code="27-002").update(kind="licence_centre")
    with (expect_one_denial("counter.receive_lapsed_application", "counter.lapsed.receive"),
          pytest.raises(NotPermitted)):
        lapse.receive_lapsed_application(osaka, data(holder))


def test_the_application_form_of_a_lapsed_licence_is_printed(centre_clerk, holder):
    application = lapse.receive_lapsed_application(centre_clerk, data(holder))
    rendered = application_form(centre_clerk, application.pk)
    assert rendered.pdf.startswith(b"%PDF")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_the_intake_locks_the_person_and_not_the_office_every_application_shares(
        centre_clerk, holder, locked_tables):
    locked = locked_tables(lambda: lapse.receive_lapsed_application(centre_clerk, data(holder)))
    assert "registry_person" in locked and "core_affiliation" not in locked
