"""Completing a renewal (規程第16条): the 適性検査 (an exams sitting), the older driver's results, the lecture
and the fees, then the licence renewed in one transaction (new 交付年月日, expiry, colour, conditions,
history) with its card job — none for a マイナ免許証-only holder — and the hand-over of the first issue."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from tests.cards.conftest import STATION, next_business_day
from tests.documents.pdf import flat, pdf_text
from tests.photos import stored_photo
from tests.renewals import renewal_data, renewal_holder

from menkyo.audit.models import AuditEvent
from menkyo.cards import renewal, services
from menkyo.cards.models import CardJob, MynumberRewrite
from menkyo.core.errors import Conflict, NotPermitted
from menkyo.counter import renewal as counter_renewal
from menkyo.counter.models import Application
from menkyo.counter.services import record_payment
from menkyo.exams import services as exams
from menkyo.registry.models import HistoryEvent, Licence

pytestmark = pytest.mark.django_db

GOOD_EYES = {"acuity_both": Decimal("1.0"), "acuity_left": Decimal("0.8"), "acuity_right": Decimal("0.9"),
             "corrective_lenses": False, "colour_ok": True, "hearing_ok": True, "hearing_aid": False, "motor_ok": True}
POOR_EYES = {**GOOD_EYES, "acuity_both": Decimal("0.4"), "acuity_left": Decimal("0.3"),
             "acuity_right": Decimal("0.3")}


@pytest.fixture
def examiner(make_operator):
    return make_operator("akashi_examiner", ["examiner"], "28-002")


@pytest.fixture
def receive(centre_clerk):
    def run(licence, *, clerk=centre_clerk, **extra):
        application = counter_renewal.receive_renewal(clerk, renewal_data(licence, **extra))
        Application.objects.filter(pk=application.pk).update(photo=stored_photo(licence.person))
        application.refresh_from_db()
        return application
    return run


@pytest.fixture
def aptitude(examiner):
    def run(application, measurements=GOOD_EYES, centre="28-002"):
        examinee = exams.register_examinee(examiner, application.pk, centre=centre, exam_date=timezone.localdate())
        exams.record_aptitude(examiner, examinee.pk, measurements)
        exams.register_result(examiner, examinee.pk)
        application.refresh_from_db()
        return examinee
    return run


def pay(clerk, application, *codes):
    for number, code in enumerate(codes or ("renewal",), start=1):
        record_payment(clerk, application.pk, procedure_code=code, method="cash",
                       slip_number=f"R-{application.pk}-{number}")


def results(clerk, licence, *kinds):
    outcome = {"elderly_course": "completed", "cognitive_test": "no_concern", "driving_skill_test": "passed"}
    for kind in kinds:
        counter_renewal.register_elderly_check(clerk, {
            "licence_number": licence.number, "kind": kind, "result": outcome[kind], "certificate_number": "K-1",
            "taken_on": timezone.localdate() - timedelta(days=3)})


@pytest.fixture
def middle_aged(holder_data):
    return renewal_holder(holder_data, age=45)


@pytest.fixture
def ready(receive, aptitude, centre_clerk, middle_aged):
    """A 45-year-old 優良 holder's renewal with the 適性検査 passed, the lecture attended and the fees paid."""
    application = receive(middle_aged)
    aptitude(application)
    counter_renewal.record_lecture(centre_clerk, application.pk, mode="in_person")
    pay(centre_clerk, application, "renewal", "renewal_lecture_excellent")
    return application


def test_a_renewal_renews_the_licence_and_requests_its_card_in_one_step(centre_clerk, ready, middle_aged):
    job = renewal.renew_licence(centre_clerk, ready.pk)
    licence = Licence.objects.get(pk=middle_aged.pk)
    today = timezone.localdate()
    assert (licence.issue_date, licence.expiry_date.isoformat(), licence.colour) == (
        today, ready.eligibility["new_expiry"], "gold")
    assert (job.licence_id, job.handover_date, job.state, job.card_kind) == (licence.pk, today, "requested", "licence")
    ready.refresh_from_db()
    assert (ready.state, ready.licence_id) == ("issuing", licence.pk)
    history = HistoryEvent.objects.get(event_type="licence.renewed")
    assert history.legal_basis == "規程第16条" and history.changes["expiry_date"] == [
        middle_aged.expiry_date.isoformat(), licence.expiry_date.isoformat()]
    event = AuditEvent.objects.get(action="cards.licence.renew")
    assert event.detail["driver_class"] == "優良" and event.detail["legal_basis"] == "規程第16条"


def test_the_renewed_card_is_made_and_handed_over_with_the_pages_of_the_first_issue(centre_clerk, ready, produce):
    job = renewal.renew_licence(centre_clerk, ready.pk)
    produce(job)
    services.receive_card(centre_clerk, job.pk)
    services.hand_over_card(centre_clerk, job.pk, signature_confirmed=True)
    ready.refresh_from_db()
    assert ready.state == "issued"


def test_a_station_names_the_handover_date_which_becomes_the_issue_date(station_clerk, receive, aptitude,
                                                                         middle_aged):
    application = receive(middle_aged, clerk=station_clerk)
    aptitude(application, centre=STATION)
    counter_renewal.record_lecture(station_clerk, application.pk, mode="in_person")
    pay(station_clerk, application, "renewal", "renewal_lecture_excellent")
    day = next_business_day()
    job = renewal.renew_licence(station_clerk, application.pk, handover_date=day)
    assert (job.producing_centre_id, job.handover_office_id, job.handover_date) == ("28-002", STATION, day)
    assert Licence.objects.get(pk=middle_aged.pk).issue_date == day


def test_glasses_needed_at_the_aptitude_test_are_added_to_the_conditions(centre_clerk, receive, aptitude,
                                                                        middle_aged):
    application = receive(middle_aged)
    aptitude(application, {**GOOD_EYES, "corrective_lenses": True})
    counter_renewal.record_lecture(centre_clerk, application.pk, mode="in_person")
    pay(centre_clerk, application, "renewal", "renewal_lecture_excellent")
    renewal.renew_licence(centre_clerk, application.pk)
    assert "眼鏡等" in Licence.objects.get(pk=middle_aged.pk).conditions
    assert HistoryEvent.objects.get(event_type="licence.conditions_changed").legal_basis == "規程第16条第4項"


def test_glasses_no_longer_needed_are_lifted(centre_clerk, receive, aptitude, holder_data):
    holder = renewal_holder(holder_data, age=45, conditions=["眼鏡等"])
    application = receive(holder)
    aptitude(application)
    counter_renewal.record_lecture(centre_clerk, application.pk, mode="in_person")
    pay(centre_clerk, application, "renewal", "renewal_lecture_excellent")
    renewal.renew_licence(centre_clerk, application.pk)
    assert "眼鏡等" not in Licence.objects.get(pk=holder.pk).conditions
    assert HistoryEvent.objects.get(event_type="licence.conditions_changed").legal_basis == "規程第16条第3項"


def test_a_failed_aptitude_standard_blocks_the_renewal_naming_the_standard(centre_clerk, receive, aptitude,
                                                                          middle_aged):
    application = receive(middle_aged)
    aptitude(application, POOR_EYES)
    with pytest.raises(Conflict) as refused:
        renewal.renew_licence(centre_clerk, application.pk)
    assert refused.value.code == "aptitude_failed" and "視力" in refused.value.message
    assert Licence.objects.get(pk=middle_aged.pk).expiry_date == middle_aged.expiry_date


def test_a_renewal_missing_the_lecture_and_the_fees_is_refused_naming_them(centre_clerk, receive, aptitude,
                                                                          middle_aged):
    application = receive(middle_aged)
    aptitude(application)
    with pytest.raises(Conflict) as refused:
        renewal.renew_licence(centre_clerk, application.pk)
    assert refused.value.code == "renewal_incomplete"
    assert "更新時講習（30分）" in refused.value.message and "更新手数料" in refused.value.message
    assert not CardJob.objects.exists()


def test_a_76_year_olds_renewal_is_blocked_until_the_three_results_are_registered(centre_clerk, receive, aptitude,
                                                                                 holder_data):
    holder = renewal_holder(holder_data, age=76)
    violation = {"date": timezone.localdate() - timedelta(days=400), "code": "signal_red", "vehicle": "普通"}
    application = receive(holder, violations=[violation])
    aptitude(application)
    pay(centre_clerk, application)
    with pytest.raises(Conflict) as refused:
        renewal.renew_licence(centre_clerk, application.pk)
    for name in ("高齢者講習", "認知機能検査", "運転技能検査"):
        assert name in refused.value.message
    results(centre_clerk, holder, "elderly_course", "cognitive_test", "driving_skill_test")
    job = renewal.renew_licence(centre_clerk, application.pk)
    assert job is not None and Licence.objects.get(pk=holder.pk).colour == "blue"


def test_a_mynumber_only_holder_gets_no_card_job_and_the_record_is_to_be_rewritten(centre_clerk, receive, aptitude,
                                                                                  holder_data):
    holder = renewal_holder(holder_data, age=45, holding_form="mynumber")
    application = receive(holder)
    aptitude(application)
    counter_renewal.record_lecture(centre_clerk, application.pk, mode="online")
    pay(centre_clerk, application, "renewal", "renewal_lecture_online")
    assert renewal.renew_licence(centre_clerk, application.pk) is None
    assert not CardJob.objects.exists()
    assert HistoryEvent.objects.filter(event_type="licence.mynumber_rewrite_required").exists()
    assert AuditEvent.objects.get(action="cards.licence.renew").detail["card"] is False


def test_a_holder_of_both_gets_the_card_and_a_rewrite_of_the_record_that_does_not_hold_the_application(
        centre_clerk, receive, aptitude, holder_data):
    holder = renewal_holder(holder_data, age=45, holding_form="both")
    application = receive(holder)
    aptitude(application)
    counter_renewal.record_lecture(centre_clerk, application.pk, mode="online")
    pay(centre_clerk, application, "renewal", "renewal_lecture_online")
    assert renewal.renew_licence(centre_clerk, application.pk) is not None
    rewrite = MynumberRewrite.objects.get(licence=holder)
    assert rewrite.application is None and rewrite.cause == "renewal"


def test_another_office_may_not_complete_the_renewal(station_clerk, ready):
    with pytest.raises(NotPermitted):
        renewal.renew_licence(station_clerk, ready.pk)
    assert AuditEvent.objects.filter(action="cards.licence.renew", outcome="denied").exists()


def test_an_examiner_may_not_complete_the_renewal(examiner, ready, expect_one_denial):
    with expect_one_denial("cards.renew_licence", "cards.licence.renew"), pytest.raises(NotPermitted):
        renewal.renew_licence(examiner, ready.pk)


def test_an_application_that_is_not_a_renewal_is_refused(centre_clerk, centre_application):
    with pytest.raises(Conflict) as refused:
        renewal.renew_licence(centre_clerk, centre_application.pk)
    assert refused.value.code == "not_a_renewal"


# --- the 運転免許証等更新申請書 (規則別記様式第18) ------------------------------------------------------------


def test_the_renewal_form_is_pre_filled_with_the_answer_and_the_aptitude_result(centre_clerk, ready, middle_aged):
    rendered = renewal.renewal_form(centre_clerk, ready.pk)
    text = flat(pdf_text(rendered.pdf))
    assert "運転免許証等更新申請書" in text and middle_aged.number in text and "優良運転者講習30分" in text
    assert "合格" in text and rendered.filename.startswith("更新申請書-")
    event = AuditEvent.objects.get(action="documents.renewal_form.render")
    assert event.detail["legal_basis"] == "規程第16条" and event.detail["sha256"] == rendered.sha256


def test_an_application_that_is_not_a_renewal_has_no_renewal_form(centre_clerk, centre_application):
    with pytest.raises(Conflict) as refused:
        renewal.renewal_form(centre_clerk, centre_application.pk)
    assert refused.value.code == "document_not_applicable"


def test_a_reader_of_another_prefecture_may_not_print_the_renewal_form(make_operator, ready, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("counter.view_applications", "documents.renewal_form.render"), pytest.raises(NotPermitted):
        renewal.renewal_form(osaka, ready.pk)
