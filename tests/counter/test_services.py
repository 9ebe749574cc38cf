"""Receiving applications (規程第3条・第4条・第57条・第58条), fees and the 申請（届出）簿."""

from datetime import date

import pytest
from django.db import connection

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.models import Serial
from menkyo.counter import services
from menkyo.counter.models import Application, ExamBar, FeePayment
from menkyo.registry.models import HistoryEvent, Person

from .conftest import APPLICATION_DAY

pytestmark = pytest.mark.django_db


def receive(actor, data, day=APPLICATION_DAY):
    return services.receive_application(actor, data, received_on=day)


def test_a_new_applicant_is_entered_in_the_register_and_the_offices_ledger(centre_clerk, new_applicant):
    application = receive(centre_clerk, new_applicant)
    assert application.state == "received"
    assert (application.ledger_date, application.ledger_serial) == (APPLICATION_DAY, 1)
    assert application.ledger_number == "20261127-0001"
    assert application.person.name == "明石 花子" and not application.person.licences.exists()
    assert application.eligibility["eligible"] is True
    event = AuditEvent.objects.filter(action="counter.application.receive").get()
    assert event.person_id == application.person_id and event.detail["ledger"] == "20261127-0001"
    assert "明石" not in str(event.detail)
    assert HistoryEvent.objects.filter(person=application.person, event_type="application.received",
                                       legal_basis="規程第4条").exists()


def test_the_ledger_numbers_each_offices_day_from_one(centre_clerk, station_clerk, new_applicant):
    first = receive(centre_clerk, new_applicant)
    second = receive(centre_clerk, {**new_applicant, "name": "明石 次郎", "name_kana": "アカシ ジロウ"})
    at_station = receive(station_clerk, {**new_applicant, "name": "生田 一郎", "name_kana": "イクタ イチロウ"})
    next_day = receive(centre_clerk, {**new_applicant, "name": "明石 三郎", "name_kana": "アカシ サブロウ"},
                       day=date(2026, 11, 30))
    assert [a.ledger_serial for a in (first, second, at_station, next_day)] == [1, 2, 1, 1]


def test_a_yes_in_the_questionnaire_routes_the_applicant_to_the_aptitude_review(centre_clerk, new_applicant):
    answers = {**new_applicant["questionnaire"], "lost_consciousness": True}
    application = receive(centre_clerk, {**new_applicant, "questionnaire": answers})
    assert application.aptitude_review is True and application.state == "received"


@pytest.mark.parametrize(("answers", "message"), [
    (None, "質問票の5項目すべて"),
    ({"lost_consciousness": False}, "質問票の第2項"),
    ({"nonsense": True}, "質問票の項目「nonsense」"),
])
def test_an_incomplete_questionnaire_is_refused_and_nothing_is_written(centre_clerk, new_applicant, answers, message):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**new_applicant, "questionnaire": answers})
    assert refused.value.field == "questionnaire" and message in refused.value.message
    assert not Application.objects.exists() and not Person.objects.filter(name="明石 花子").exists()


def test_missing_documents_are_named_and_nothing_is_written(centre_clerk, new_applicant):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**new_applicant, "documents": ["photo"]})
    assert refused.value.field == "documents"
    assert "本人確認書類" in refused.value.message and "住民票の写し" in refused.value.message
    assert not Application.objects.exists()


def test_a_foreign_applicant_needs_the_residence_card_and_from_october_2025_the_resident_record(
        centre_clerk, new_applicant):
    foreigner = {**new_applicant, "honseki": "", "nationality": "ベトナム", "documents": ["photo", "identity"]}
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, foreigner)
    assert "在留カード等" in refused.value.message and "住民票の写し" in refused.value.message
    before = {**foreigner, "birth_date": date(2007, 1, 5)}
    with pytest.raises(InvalidInput) as refused_before:
        receive(centre_clerk, before, day=date(2025, 9, 30))
    assert "在留カード等" in refused_before.value.message and "住民票" not in refused_before.value.message


def test_an_applicant_living_in_another_prefecture_is_sent_to_their_own(centre_clerk, new_applicant):
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**new_applicant, "postal_code": "5300001", "address": "大阪府大阪市北区梅田1丁目1番"})
    assert refused.value.field == "address"


def test_an_under_age_applicant_is_not_accepted_without_the_disadvantage_explained(centre_clerk, new_applicant):
    young = {**new_applicant, "birth_date": date(2010, 1, 1)}
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, young)
    assert refused.value.field == "disadvantage_explained" and "規程第57条" in refused.value.message
    assert "受験できる年齢に達していません" in refused.value.message
    assert not Application.objects.exists()


def test_after_the_explanation_an_insisting_applicant_is_kept_as_not_accepted_with_the_reasons(
        centre_clerk, new_applicant):
    young = {**new_applicant, "birth_date": date(2010, 1, 1), "disadvantage_explained": True}
    application = receive(centre_clerk, young)
    assert application.state == "not_accepted" and application.ledger_serial is None
    assert [r["code"] for r in application.refusal_reasons] == ["under_age"]
    assert "第88条" in application.refusal_reasons[0]["reference"]
    event = AuditEvent.objects.filter(action="counter.application.not_accept").get()
    assert event.detail["refusals"] == ["under_age"] and event.detail["legal_basis"] == "規程第58条"


def test_a_person_barred_after_fraud_is_not_accepted_until_the_bar_ends(centre_clerk, new_applicant):
    first = receive(centre_clerk, new_applicant)
    ExamBar.objects.create(person=first.person, prefecture_id="28", starts_on=date(2026, 11, 1),
                           until=date(2027, 4, 30), reason="替え玉受験", reported_by="a", decided_by="b")
    again = {"application_type": "provisional", "route": "direct", "licence_kind": "普通仮", "person_id": first.person_id,
             "questionnaire": new_applicant["questionnaire"], "documents": new_applicant["documents"],
             "disadvantage_explained": True}
    application = receive(centre_clerk, again)
    assert application.state == "not_accepted"
    assert application.refusal_reasons[0]["code"] == "exam_bar"
    assert "令和9年4月30日まで" in application.refusal_reasons[0]["message"]


def test_a_school_graduate_brings_a_registered_certificate_which_is_used_once(centre_clerk, graduate):
    application = receive(centre_clerk, graduate)
    assert application.graduation_certificate.number == "A-0001"
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**graduate, "name_kana": "アカシ ハナコ"})
    assert refused.value.field == "graduation_certificate" and "既に他の申請" in refused.value.message


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_intake_locks_the_certificate_and_not_the_school_every_graduate_shares(centre_clerk,
                                                                                              graduate,
                                                                                              locked_tables):
    locked = locked_tables(lambda: receive(centre_clerk, graduate))
    assert "counter_graduationcertificate" in locked and "counter_drivingschool" not in locked


def test_an_expired_or_mismatched_certificate_is_refused(centre_clerk, graduate):
    with pytest.raises(InvalidInput) as expired:
        receive(centre_clerk, graduate, day=date(2027, 10, 1))
    assert "有効期間（令和9年9月30日まで）" in expired.value.message
    with pytest.raises(InvalidInput) as mismatched:
        receive(centre_clerk, {**graduate, "name": "明石 花代"})
    assert "一致しません" in mismatched.value.message


def test_a_holder_adds_a_kind_found_by_licence_number(centre_clerk, new_applicant, holder_data):
    from menkyo.core.actors import SystemActor
    from menkyo.registry.services import register_holder

    licence = register_holder(SystemActor("test"), holder_data)
    data = {"application_type": "additional", "route": "direct", "licence_kind": "大自二",
            "licence_number": licence.number, "questionnaire": new_applicant["questionnaire"],
            "documents": ["photo", "licence"]}
    application = receive(centre_clerk, data)
    assert application.person_id == licence.person_id and application.state == "received"
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, {**data, "application_type": "new"})
    assert refused.value.field == "application_type"


def test_a_provisional_holder_applies_for_a_direct_test_found_by_the_provisional_number(centre_clerk, new_applicant):
    from menkyo.core.actors import SystemActor
    from menkyo.registry.services import register_provisional_licence

    first = receive(centre_clerk, new_applicant)
    provisional = register_provisional_licence(SystemActor("test"), first.person_id, "普通仮",
                                               issue_date=date(2026, 11, 1))
    data = {"application_type": "new", "route": "direct", "licence_kind": "普通",
            "provisional_number": provisional.number, "questionnaire": new_applicant["questionnaire"],
            "documents": ["photo", "identity", "resident_record", "provisional_licence", "road_practice"]}
    application = receive(centre_clerk, data)
    assert application.person_id == first.person_id and application.state == "received"
    assert Person.objects.count() == 1
    with pytest.raises(NotFound) as unknown:
        receive(centre_clerk, {**data, "provisional_number": "632600000060"})
    assert unknown.value.field == "provisional_number" and "有効な仮免許は登録されていません" in unknown.value.message


def test_only_a_licence_centre_or_a_police_station_receives_applications(make_operator, new_applicant):
    division = make_operator("division_counter", ["counter"], "28-001")
    with pytest.raises(InvalidInput) as refused:
        receive(division, new_applicant)
    assert refused.value.field == "office"


def test_an_inquiry_operator_is_refused_and_the_refusal_audited(make_operator, new_applicant, expect_one_denial):
    operator = make_operator("akashi_inquiry", ["inquiry"], "28-002")
    with expect_one_denial("counter.receive_application", "counter.application.receive"):
        with pytest.raises(NotPermitted):
            receive(operator, new_applicant)


def test_a_fee_is_recorded_at_the_law_engines_amount_once_per_slip(centre_clerk, new_applicant):
    application = receive(centre_clerk, new_applicant)
    payment = services.record_payment(centre_clerk, application.pk, procedure_code="provisional_issue",
                                      method="cash", slip_number="F-2026-0001")
    assert (payment.amount, payment.label) == (1100, "仮免許証の交付")
    assert AuditEvent.objects.filter(action="counter.payment.record", detail__amount=1100).exists()
    with pytest.raises(InvalidInput) as duplicate:
        services.record_payment(centre_clerk, application.pk, procedure_code="provisional_issue", method="cash",
                                slip_number="F-2026-0001")
    assert duplicate.value.field == "slip_number"
    with pytest.raises(InvalidInput) as unknown:
        services.record_payment(centre_clerk, application.pk, procedure_code="nonsense", method="cash",
                                slip_number="F-2026-0002")
    assert unknown.value.field == "procedure_code"
    assert FeePayment.objects.count() == 1


def test_a_withdrawn_application_takes_no_fee_and_cannot_be_withdrawn_twice(centre_clerk, new_applicant):
    application = receive(centre_clerk, new_applicant)
    services.withdraw_application(centre_clerk, application.pk, reason="本人の申出")
    with pytest.raises(Conflict):
        services.withdraw_application(centre_clerk, application.pk, reason="本人の申出")
    with pytest.raises(Conflict):
        services.record_payment(centre_clerk, application.pk, procedure_code="provisional_issue", method="cash",
                                slip_number="F-1")


def test_the_ledger_lists_the_days_applications_of_an_office_in_order(centre_clerk, new_applicant):
    receive(centre_clerk, new_applicant)
    receive(centre_clerk, {**new_applicant, "name": "明石 次郎", "name_kana": "アカシ ジロウ"})
    receive(centre_clerk, {**new_applicant, "name": "明石 三郎", "name_kana": "アカシ サブロウ",
                           "birth_date": date(2010, 1, 1), "disadvantage_explained": True})
    rows = services.ledger(centre_clerk, "28-002", APPLICATION_DAY)
    assert [(r.ledger_serial, r.state) for r in rows] == [(1, "received"), (2, "received"), (None, "not_accepted")]
    assert AuditEvent.objects.filter(action="counter.application.list").get().detail["ids"] == [r.pk for r in rows]


def test_osaka_staff_cannot_read_a_hyogo_application(centre_clerk, make_operator, new_applicant, expect_one_denial):
    application = receive(centre_clerk, new_applicant)
    osaka = make_operator("kadoma_counter", ["counter"], "27-002")
    with expect_one_denial("counter.view_applications", "counter.application.read"):
        with pytest.raises(NotPermitted):
            services.read_application(osaka, application.pk)


def test_a_ledger_whose_series_is_new_continues_after_the_numbers_already_in_it(centre_clerk, new_applicant):
    """The day's series row is gone (a register restored from elsewhere): the ledger goes on from its
    highest number instead of handing number 1 out twice (core.serials)."""
    first = receive(centre_clerk, new_applicant)
    Serial.objects.filter(series__startswith="ledger:").delete()
    second = receive(centre_clerk, {**new_applicant, "name": "明石 次郎", "name_kana": "アカシ ジロウ"})
    assert (first.ledger_serial, second.ledger_serial) == (1, 2)


def test_the_fees_due_are_the_exam_fee_of_the_kind_and_route_and_the_issue_fee(centre_clerk, graduate):
    application = receive(centre_clerk, graduate)
    due = services.fees_due(application, day=APPLICATION_DAY)
    assert [(f.label, f.amount, f.paid) for f in due][1:] == [("免許証の交付（新規取得）", 2350, False)]
    assert due[0].amount == 1900 and due[0].procedure == "exam_class1_ordinary_school"
    services.record_payment(centre_clerk, application.pk, procedure_code=due[0].procedure, method="cash",
                            slip_number="F-9")
    assert services.fees_due(application, day=APPLICATION_DAY)[0].paid


def test_a_fee_the_table_does_not_price_is_listed_with_the_reason(centre_clerk, new_applicant):
    application = receive(centre_clerk, new_applicant)  # 普通仮 by a direct test: UNCONFIRMED in the table
    exam, issue = services.fees_due(application, day=APPLICATION_DAY)
    assert exam.amount is None and "受験手数料" in exam.note
    assert (issue.label, issue.amount) == ("仮免許証の交付", 1100)


def test_a_direct_test_for_a_kind_with_a_provisional_licence_needs_a_valid_one(centre_clerk, new_applicant):
    from menkyo.core.actors import SystemActor
    from menkyo.registry.services import register_provisional_licence

    first = receive(centre_clerk, new_applicant)  # the 普通仮 application of the same person
    direct = {"application_type": "new", "route": "direct", "licence_kind": "普通", "person_id": first.person_id,
              "questionnaire": new_applicant["questionnaire"],
              "documents": [*new_applicant["documents"], "provisional_licence"]}
    with pytest.raises(InvalidInput) as refused:
        receive(centre_clerk, direct)
    assert "有効な普通仮免許（仮運転免許）を受けていません" in refused.value.message
    register_provisional_licence(SystemActor("test"), first.person_id, "普通仮", issue_date=date(2026, 11, 1))
    assert receive(centre_clerk, direct).state == "received"
