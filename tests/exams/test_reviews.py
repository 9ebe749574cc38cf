"""The sittings of a 審査 (規程第9条・第9条の2): the tests come from ``rules.exam_standards.review_plan``
(限定解除 技能, 条件解除 適性 without the condition, 申請による条件 none), and a 条件解除審査 passes only
when the 適性試験 no longer calls for the condition."""

from datetime import date

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.counter.models import Application
from menkyo.exams import services
from menkyo.registry.services import register_holder

from .conftest import CENTRE, GOOD_EYES

pytestmark = pytest.mark.django_db

AT = "普通車はAT車に限る"


@pytest.fixture
def make_review(db, holder_data, today):
    licence = register_holder(SystemActor("test"), dict(holder_data, kinds={"普通": date(2018, 4, 1)},
                                                        conditions=["眼鏡等", AT]))

    def make(application_type, condition, kind="普通"):
        return Application.objects.create(
            office_id=CENTRE, prefecture_id="28", person_id=licence.person_id, licence_kind_id=kind, route="review",
            application_type=application_type, review_condition=condition, state="received", received_on=today,
            received_by="test", documents=["photo", "licence"])
    return make


def register(examiner, application, today):
    return services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)


def test_an_at_limitation_removal_takes_the_skill_test_only(examiner, make_review, today):
    examinee = register(examiner, make_review("limitation_removal", "at_futsuu"), today)
    assert examinee.required_tests == ["skill"]
    event = AuditEvent.objects.get(action="exams.examinee.register")
    assert (event.detail["tests"], event.detail["exempt"], event.detail["assumption"]) == (["skill"], [], True)


def test_a_passed_skill_test_passes_the_limitation_removal(examiner, make_review, today):
    application = make_review("limitation_removal", "at_futsuu")
    examinee = register(examiner, application, today)
    services.record_skill_test(examiner, examinee.pk, [{"item": "合図不履行", "points": 10}])
    examinee = services.register_result(examiner, examinee.pk)
    application.refresh_from_db()
    assert (examinee.state, application.state) == ("passed", "passed")
    assert AuditEvent.objects.filter(action="counter.application.pass", object_id=str(application.pk)).exists()


def test_a_failed_skill_test_fails_the_review_and_the_application_can_be_retaken(examiner, make_review, today):
    application = make_review("limitation_removal", "at_futsuu")
    examinee = register(examiner, application, today)
    services.record_skill_test(examiner, examinee.pk, [{"item": "脱輪", "points": 40}])
    services.register_result(examiner, examinee.pk)
    application.refresh_from_db()
    assert application.state == "failed"
    assert register(examiner, application, today).required_tests == ["skill"]


def test_a_glasses_removal_takes_the_aptitude_test_and_passes_without_lenses(examiner, make_review, today):
    application = make_review("condition_removal", "glasses")
    examinee = register(examiner, application, today)
    assert examinee.required_tests == ["aptitude"]
    services.record_aptitude(examiner, examinee.pk, GOOD_EYES)
    services.register_result(examiner, examinee.pk)
    application.refresh_from_db()
    assert application.state == "passed"


def test_a_glasses_removal_fails_when_the_standard_is_met_only_with_lenses(examiner, make_review, today):
    application = make_review("condition_removal", "glasses")
    examinee = register(examiner, application, today)
    services.record_aptitude(examiner, examinee.pk, {**GOOD_EYES, "corrective_lenses": True})
    services.register_result(examiner, examinee.pk)
    application.refresh_from_db()
    assert application.state == "failed"
    event = AuditEvent.objects.get(action="counter.application.fail", object_id=str(application.pk))
    assert "「眼鏡等」の条件がなお必要" in event.detail["reason"]


def test_a_condition_asked_for_takes_no_test_and_is_passed_on_registration(examiner, make_review, today):
    application = make_review("condition_removal", "glasses")
    application.application_type, application.review_condition = "condition_by_request", "at_futsuu"
    application.save()
    examinee = register(examiner, application, today)
    assert examinee.required_tests == []
    services.register_result(examiner, examinee.pk)
    application.refresh_from_db()
    assert application.state == "passed"


def test_a_test_the_review_does_not_take_is_refused(examiner, make_review, today):
    examinee = register(examiner, make_review("limitation_removal", "at_futsuu"), today)
    with pytest.raises(services.Conflict) as refused:
        services.record_aptitude(examiner, examinee.pk, GOOD_EYES)
    assert refused.value.code == "test_not_required"


def test_the_examiner_sees_what_the_review_changes_on_the_examinee_page(client, login_as, examiner, make_review,
                                                                         today):
    examinee = register(examiner, make_review("condition_removal", "glasses"), today)
    login_as(client, examiner)
    body = client.get(f"/exams/{examinee.pk}/").content.decode()
    assert "条件解除（変更）審査：「眼鏡等」の解除（その条件なしで適性試験の基準を満たすこと）" in body
    assert 'id="record-aptitude"' in body and 'id="record-skill"' not in body
