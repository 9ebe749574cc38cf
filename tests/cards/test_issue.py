"""Issue (規程第13条): a passed application becomes a licence in the register and a card job — at a centre for
the same day, at a station for its 交付予定日 with the card made at the 試験場 — after the 取得時講習 check."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from tests.cards.conftest import CENTRE, STATION, next_business_day

from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.cards.models import CARD_JOB, CardJob
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.models import Affiliation
from menkyo.counter.models import APPLICATION, Application, DrivingSchool, GraduationCertificate
from menkyo.exams.models import AptitudeResult, CourseCertificate, Examinee
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceKindHeld, Person, ProvisionalLicence

pytestmark = pytest.mark.django_db


def actions(since=0):
    return [(e.action, e.outcome) for e in AuditEvent.objects.filter(seq__gt=since).order_by("seq")]


def last_seq():
    event = AuditEvent.objects.order_by("-seq").first()
    return event.seq if event else 0


def nothing_written(application):
    application.refresh_from_db()
    return (application.state == "passed" and not CardJob.objects.exists() and not Licence.objects.exists()
            and not CourseCertificate.objects.exists())


def test_the_workflows_name_registered_rules():
    assert CARD_JOB.check() == [] and APPLICATION.check() == []
    assert set(CARD_JOB.transitions) == {"produce", "send", "make_ready", "hand_over", "hold", "resume", "keep",
                                         "return_kept"}


def test_at_a_centre_the_licence_is_registered_and_the_card_requested_for_today(centre_clerk, centre_application,
                                                                                course, applicant):
    before = last_seq()
    job = services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course)
    today = timezone.localdate()
    assert (job.state, job.card_kind, job.producing_centre_id, job.handover_office_id, job.handover_date) == (
        "requested", "licence", CENTRE, CENTRE, today)
    assert re.fullmatch(rf"{CENTRE}-{today:%y%m%d}-0001", job.slip_number)
    licence = job.licence
    assert (licence.person_id, licence.issue_date, licence.number[:2]) == (applicant.pk, today, "63")
    assert [(k.kind_id, k.acquired_on) for k in licence.kinds.all()] == [("普通", today)]
    centre_application.refresh_from_db()
    assert centre_application.state == "issuing" and centre_application.licence_id == licence.pk
    certificate = CourseCertificate.objects.get()
    assert (certificate.course, certificate.number, certificate.exemption) == ("普通車講習", "KS-0001", "")
    assert actions(before) == [("registry.licence.issue", "ok"), ("exams.course_certificate.check", "ok"),
                               ("counter.application.start_issue", "ok"), ("cards.licence.issue", "ok")]
    event = AuditEvent.objects.get(action="cards.licence.issue")
    assert (event.object_id, event.person_id, event.subject_prefecture_code) == (str(job.pk), applicant.pk, "28")
    assert event.detail == {"application": centre_application.pk, "type": "new", "kind": "普通",
                            "slip_number": job.slip_number, "producing_centre": CENTRE, "handover_office": CENTRE,
                            "handover_date": today.isoformat(), "legal_basis": "規程第13条"}


def test_at_a_station_the_card_is_made_at_the_centre_for_the_handover_date(station_clerk, station_application,
                                                                          course):
    day = next_business_day()
    job = services.issue_licence(station_clerk, station_application.pk, course_certificates=course, handover_date=day)
    assert (job.producing_centre_id, job.handover_office_id, job.handover_date) == (CENTRE, STATION, day)
    assert job.slip_number.startswith(f"{STATION}-") and job.sent_to_station
    assert job.licence.issue_date == day  # the 交付年月日 printed on the card


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_the_issue_locks_the_application_and_applicant_and_not_the_office(centre_clerk,
                                                                                         centre_application, course,
                                                                                         locked_tables):
    locked = locked_tables(lambda: services.issue_licence(centre_clerk, centre_application.pk,
                                                          course_certificates=course))
    assert {"counter_application", "registry_person"} <= locked and "core_affiliation" not in locked


def test_a_station_is_served_by_the_first_licence_centre_of_its_prefecture(station_clerk, station_application,
                                                                          course):
    Affiliation.objects.create(code="28-009", prefecture_id="28", kind="licence_centre", name="但馬運転免許センター")
    job = services.issue_licence(station_clerk, station_application.pk, course_certificates=course,
                                 handover_date=next_business_day())
    assert job.producing_centre_id == CENTRE


def test_slip_numbers_follow_each_other_per_office_and_day(centre_clerk, make_application, applicant, holder_data,
                                                           course, centre_job):
    other = Person.objects.create(**registry.clean_person(dict(holder_data, name="明石 次郎", name_kana="アカシ ジロウ")))
    second = services.issue_licence(centre_clerk, make_application(other).pk, course_certificates=course)
    assert centre_job.slip_number.endswith("-0001") and second.slip_number.endswith("-0002")


@pytest.mark.parametrize(("given", "code"), [
    (None, "handover_date_required"),
    (0, "not_a_business_day"),  # today
    ("saturday", "not_a_business_day"),
    (-1, "not_a_business_day"),
])
def test_a_station_names_a_business_day_after_today(station_clerk, station_application, course, given, code):
    today = timezone.localdate()
    if given == "saturday":
        day = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    else:
        day = None if given is None else today + timedelta(days=given)
    with pytest.raises(InvalidInput) as refused:
        services.issue_licence(station_clerk, station_application.pk, course_certificates=course, handover_date=day)
    assert (refused.value.field, refused.value.code) == ("handover_date", code)
    assert nothing_written(station_application)


def test_a_centre_names_no_other_handover_date(centre_clerk, centre_application, course):
    with pytest.raises(InvalidInput) as refused:
        services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course,
                               handover_date=next_business_day())
    assert refused.value.field == "handover_date" and "規程第13条第2項" in refused.value.message
    assert nothing_written(centre_application)


# --- 取得時講習 (第13条第7項) ---------------------------------------------------------------------------


@pytest.mark.parametrize(("certificates", "code"), [
    ([], "course_certificate_required"),
    ([{"course": "二輪車講習", "number": "X1", "completed_on": date(2026, 11, 1)}], "wrong_course"),
    ([{"course": "普通車講習", "number": " ", "completed_on": date(2026, 11, 1)}], "certificate_number_required"),
    ([{"course": "普通車講習", "number": "X1", "completed_on": None}], "completed_on_invalid"),
    ([{"course": "普通車講習", "number": "X1", "completed_on": date(2100, 1, 1)}], "completed_on_invalid"),
    ([{"course": "普通車講習", "number": "X" * 21, "completed_on": date(2026, 11, 1)}], "too_long"),
])
def test_without_a_valid_course_certificate_nothing_is_issued(centre_clerk, centre_application, certificates, code):
    before = last_seq()
    with pytest.raises(InvalidInput) as refused:
        services.issue_licence(centre_clerk, centre_application.pk, course_certificates=certificates)
    assert (refused.value.field, refused.value.code) == ("course_certificates", code)
    assert any("\u3040" <= c <= "\u30ff" for c in refused.value.message)
    assert nothing_written(centre_application) and last_seq() == before


def _graduate(centre_application, applicant, passed_on):
    affiliation = Affiliation.objects.create(code="28-S01", prefecture_id="28", kind="driving_school",
                                             name="明石自動車教習所")
    school = DrivingSchool.objects.create(code="28S01", name="明石自動車教習所", prefecture_id="28",
                                          affiliation=affiliation)
    GraduationCertificate.objects.create(
        school=school, number="A-0001", kind_id="普通", name=applicant.name, name_kana=applicant.name_kana,
        birth_date=applicant.birth_date, passed_on=passed_on, registered_by="test", application=centre_application)


def test_a_graduate_within_the_year_needs_no_course_certificate(centre_clerk, centre_application, applicant):
    _graduate(centre_application, applicant, timezone.localdate() - timedelta(days=300))
    services.issue_licence(centre_clerk, centre_application.pk)
    certificate = CourseCertificate.objects.get()
    assert certificate.exemption == "卒業証明書（明石自動車教習所 A-0001）" and certificate.number == ""
    assert AuditEvent.objects.get(action="exams.course_certificate.check").detail == {
        "courses": ["普通車講習"], "exempted": True, "legal_basis": "規程第13条第7項"}


def test_a_graduate_whose_certificate_is_over_a_year_old_shows_the_course_certificate(centre_clerk,
                                                                                     centre_application, applicant):
    _graduate(centre_application, applicant, timezone.localdate() - timedelta(days=400))
    with pytest.raises(InvalidInput) as refused:
        services.issue_licence(centre_clerk, centre_application.pk)
    assert refused.value.code == "course_certificate_required"


def test_a_kind_without_a_course_takes_no_certificate(centre_clerk, make_application, applicant, course):
    application = make_application(applicant, kind="大特")
    with pytest.raises(InvalidInput) as refused:
        services.issue_licence(centre_clerk, application.pk, course_certificates=course)
    assert refused.value.code == "course_not_required"
    job = services.issue_licence(centre_clerk, application.pk)
    assert job.licence.kinds.get().kind_id == "大特" and not CourseCertificate.objects.exists()


# --- kinds of application ---------------------------------------------------------------------------


def test_an_additional_kind_is_added_to_the_current_licence(centre_clerk, make_application, system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, kinds={"普通": date(2018, 4, 1)}))
    application = make_application(licence.person, kind="大自二", application_type="additional")
    with pytest.raises(InvalidInput) as first_aid_missing:
        services.issue_licence(centre_clerk, application.pk, course_certificates=[
            {"course": "二輪車講習", "number": "NR-7", "completed_on": timezone.localdate()}])
    assert "応急救護処置講習" in first_aid_missing.value.message
    job = services.issue_licence(centre_clerk, application.pk, course_certificates=[
        {"course": "二輪車講習", "number": "NR-7", "completed_on": timezone.localdate()},
        {"course": "応急救護処置講習", "number": "FA-7", "completed_on": timezone.localdate()}])
    assert job.licence_id == licence.pk and Licence.objects.count() == 1
    assert [k.kind_id for k in LicenceKindHeld.objects.filter(licence=licence)] == ["普通", "大自二"]
    assert AuditEvent.objects.filter(action="registry.kind.add").count() == 1


def test_a_provisional_licence_gets_a_provisional_card(centre_clerk, make_application, applicant):
    application = make_application(applicant, kind="普通仮", application_type="provisional")
    job = services.issue_licence(centre_clerk, application.pk)
    provisional = ProvisionalLicence.objects.get()
    assert (job.card_kind, job.provisional_licence_id, job.licence_id) == ("provisional", provisional.pk, None)
    assert provisional.issue_date == timezone.localdate()
    application.refresh_from_db()
    assert application.state == "issuing" and application.licence_id is None


def test_the_conditions_of_the_aptitude_test_are_printed(centre_clerk, centre_application, applicant, course):
    examinee = Examinee.objects.create(application=centre_application, person=applicant, centre_id=CENTRE,
                                       prefecture_id="28", exam_date=timezone.localdate(), examinee_number=1,
                                       state="passed", registered_by="test")
    AptitudeResult.objects.create(examinee=examinee, acuity_both=0.9, acuity_left=0.7, acuity_right=0.7,
                                  corrective_lenses=True, passed=True, conditions=["眼鏡等"], recorded_by="test")
    job = services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course)
    assert job.licence.conditions == ["眼鏡等"]


def test_a_my_number_card_alone_is_not_issued_here(centre_clerk, centre_application, course):
    with pytest.raises(InvalidInput) as refused:
        services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course,
                               holding_form="mynumber")
    assert refused.value.field == "holding_form" and nothing_written(centre_application)


def test_both_forms_are_recorded_on_the_licence(centre_clerk, centre_application, course):
    job = services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course, holding_form="both")
    assert job.licence.holding_form == "both"


@pytest.mark.parametrize(("state", "application_type", "code"), [
    ("testing", "new", "not_passed"), ("issuing", "new", "not_passed"), ("withdrawn", "new", "not_passed"),
    ("passed", "limitation_removal", "type_not_issued_here"),
])
def test_only_a_passed_application_of_a_kind_issued_here_is_issued(centre_clerk, make_application, applicant,
                                                                   course, state, application_type, code):
    application = make_application(applicant, state=state, application_type=application_type)
    with pytest.raises(Conflict) as refused:
        services.issue_licence(centre_clerk, application.pk, course_certificates=course)
    assert refused.value.code == code and not CardJob.objects.exists()


def test_issuing_twice_is_a_conflict_and_creates_one_job(centre_clerk, centre_application, course, centre_job):
    with pytest.raises(Conflict) as refused:
        services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course)
    assert "免許証作成中" in refused.value.message and CardJob.objects.count() == 1 == Licence.objects.count()


# --- who and where --------------------------------------------------------------------------------


def test_another_office_may_not_issue_and_the_refusal_is_audited(station_clerk, centre_application, course,
                                                                  expect_one_denial):
    with expect_one_denial("other_office", "cards.licence.issue"), pytest.raises(NotPermitted) as refused:
        services.issue_licence(station_clerk, centre_application.pk, course_certificates=course)
    assert "明石運転免許試験場で受理したもの" in refused.value.message and nothing_written(centre_application)


@pytest.mark.parametrize(("username", "roles", "office"), [
    ("osaka_counter", ["counter"], "27-002"), ("akashi_examiner", ["examiner"], CENTRE),
    ("akashi_decision", ["decision"], CENTRE),
])
def test_the_rule_refuses_others_and_the_denial_is_audited(make_operator, centre_application, course,
                                                          expect_one_denial, username, roles, office):
    actor = make_operator(username, roles, office)
    with expect_one_denial("cards.issue_licence", "cards.licence.issue"), pytest.raises(NotPermitted):
        services.issue_licence(actor, centre_application.pk, course_certificates=course)
    assert nothing_written(centre_application)


def test_an_unknown_application_is_not_found(centre_clerk):
    with pytest.raises(services.NotFound):
        services.issue_licence(centre_clerk, 999)
    assert not Application.objects.exists()
