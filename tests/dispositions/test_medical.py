"""一定の病気等 (規程第26条–第27条の3): the receipt of a 医師の届出, the review, the 臨適通知 / 診断書提出命令 and its
result, the ``illness`` case a 不適 or a 不受検 opens (then part 2's review → 聴聞 → decision unchanged), the
queue with its deadlines, the papers and the API."""

from datetime import timedelta

import pytest
from tests.dispositions.conftest import in_days

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import medical as services
from menkyo.dispositions import services as cases
from menkyo.dispositions.medical_papers import medical_paper
from menkyo.dispositions.models import Case, CaseState, CaseType, MedicalMatter, MedicalState
from menkyo.registry.models import HistoryEvent, Licence, LicenceStatus
from menkyo.rules import medical as law

pytestmark = pytest.mark.django_db


def receive(actor, licence, **extra):
    data = {"licence_number": licence.number, "source": "doctor", "received_on": in_days(-3), "ground": "illness",
            "reporter": "神戸中央病院 医師 佐藤", "summary": "てんかん発作の疑い（運転中の意識消失）"}
    return services.receive_medical_report(actor, **{**data, **extra})


def ordered(officer, licence, due_in=14, **extra):
    matter = receive(officer, licence)
    data = {"order_kind": "temporary_test", "ordered_on": in_days(-2), "due_on": in_days(due_in),
            "place": "兵庫県運転免許試験場・指定医 田中"}
    return services.order_medical_test(officer, matter, **{**data, **extra})


def unfit(officer, matter, **extra):
    data = {"result": "unfit", "result_on": in_days(0), "note": "発作のおそれあり", "kind": "revocation", "years": 1}
    return services.record_medical_result(officer, matter, **{**data, **extra})


def test_a_doctors_report_opens_a_matter_under_review_in_the_drivers_home_prefecture(officer, licence):
    matter = receive(officer, licence)
    assert (matter.state, matter.prefecture_id, matter.office.code) == (MedicalState.RECEIVED, "28", "28-001")
    event = AuditEvent.objects.get(action=services.Action.RECEIVE)
    assert event.detail["legal_basis"] == "規程第26条の2" and event.detail["forwarded"] is False
    assert HistoryEvent.objects.filter(event_type="medical.receive", person=licence.person).exists()


def test_another_prefectures_receipt_is_sent_on_to_the_home_prefecture(osaka_officer, officer, licence):
    matter = receive(osaka_officer, licence)
    assert matter.prefecture_id == "28" and matter.office.code == "27-001"
    assert AuditEvent.objects.get(action=services.Action.RECEIVE).detail["forwarded"] is True
    with pytest.raises(NotPermitted):
        services.close_medical_matter(osaka_officer, matter, reason="不要")
    assert services.medical_queue(officer) == [matter] and services.medical_queue(osaka_officer) == []


def test_bad_receipts_are_refused_field_by_field_and_nothing_is_saved(officer, licence):
    for extra, field in (({"source": "rumour"}, "source"), ({"ground": "cold"}, "ground"),
                         ({"received_on": in_days(1)}, "received_on"), ({"reporter": " "}, "reporter"),
                         ({"licence_number": "999999999999"}, "licence_number")):
        with pytest.raises(InvalidInput) as refused:
            receive(officer, licence, **extra)
        assert refused.value.field == field
    assert not MedicalMatter.objects.exists()


def test_the_review_may_close_a_matter_needing_no_test_with_its_reason(officer, licence):
    matter = receive(officer, licence)
    with pytest.raises(InvalidInput):
        services.close_medical_matter(officer, matter, reason="")
    services.close_medical_matter(officer, matter, reason="主治医の所見では運転に支障なし")
    assert (matter.state, matter.close_reason) == (MedicalState.CLOSED, "主治医の所見では運転に支障なし")
    with pytest.raises(Conflict):
        services.order_medical_test(officer, matter, order_kind="temporary_test", ordered_on=in_days(0),
                                    due_on=in_days(7), place="試験場")


def test_a_temporary_test_notice_is_registered_with_its_day(officer, licence):
    matter = ordered(officer, licence)
    assert (matter.state, matter.order_kind, matter.due_on) == (MedicalState.ORDERED, "temporary_test", in_days(14))
    assert AuditEvent.objects.get(action=services.Action.ORDER).detail["legal_basis"] == "規程第26条の3第2項"
    assert [d.label for d in services.deadlines(matter)] == ["検査の期日・提出の期限"]


def test_an_order_with_a_day_not_after_the_notice_or_an_unknown_kind_is_refused(officer, licence):
    matter = receive(officer, licence)
    for extra, field in (({"due_on": in_days(-2)}, "due_on"), ({"order_kind": "letter"}, "order_kind"),
                         ({"ordered_on": in_days(-5)}, "ordered_on")):
        data = {"order_kind": "certificate", "ordered_on": in_days(-2), "due_on": in_days(5), "place": "主治医",
                **extra}
        with pytest.raises(InvalidInput) as refused:
            services.order_medical_test(officer, matter, **data)
        assert refused.value.field == field
    assert MedicalMatter.objects.get(pk=matter.pk).state == MedicalState.RECEIVED


def test_a_fit_result_closes_the_matter_and_opens_no_case(officer, licence):
    matter = ordered(officer, licence)
    services.record_medical_result(officer, matter, result="fit", result_on=in_days(0), note="異常なし")
    assert (matter.state, matter.result, matter.closed_on) == (MedicalState.CLOSED, "fit", in_days(0))
    assert matter.outcome["opens_case"] is False and not Case.objects.exists()


def test_an_unfit_result_opens_an_illness_case_for_the_commission_after_a_formal_hearing(officer, licence):
    matter = unfit(officer, ordered(officer, licence))
    case = matter.case
    assert matter.state == MedicalState.CASE_OPENED
    assert (case.case_type, case.state, case.points_based, case.assessment_id) == (
        CaseType.ILLNESS, CaseState.REVIEW, False, None)
    assert (case.kind, case.years, case.authority, case.hearing_kind) == (
        "revocation", 1, "commission", "formal_hearing")
    assert case.preparers == ["hyogo_case"] and "一定の病気等の事案" in case.proposal_reason
    event = AuditEvent.objects.get(action=services.Action.OPEN_CASE)
    assert event.detail["legal_basis"] == "規程第27条"
    assert any(step.get("assumption") for step in matter.outcome["trace"])


def test_a_suspension_of_ninety_days_goes_to_the_hq_and_a_shorter_one_to_an_explanation(officer, licence,
                                                                                        holder_data):
    case = unfit(officer, ordered(officer, licence), kind="suspension", days=90, years=None).case
    assert (case.authority, case.hearing_kind) == ("hq", "formal_hearing")
    Case.objects.filter(pk=case.pk).update(state=CaseState.STRUCK_OUT)
    short = unfit(officer, ordered(officer, licence), kind="suspension", days=60, years=None).case
    assert (short.authority, short.hearing_kind) == ("section_head", "explanation")


def test_an_unfit_result_without_a_proposal_or_with_a_refusal_for_a_holder_is_refused(officer, licence):
    matter = ordered(officer, licence)
    for extra in ({"kind": ""}, {"kind": "refusal"}):
        with pytest.raises(InvalidInput) as refused:
            unfit(officer, matter, **extra)
        assert refused.value.field == "kind" and "取消・停止" in refused.value.message
    assert MedicalMatter.objects.get(pk=matter.pk).state == MedicalState.ORDERED and not Case.objects.exists()


def test_not_taken_is_recorded_only_after_the_day_set_and_then_opens_a_case_under_27_3(officer, licence):
    matter = ordered(officer, licence, due_in=0)
    with pytest.raises(InvalidInput) as early:
        unfit(officer, matter, result="not_taken")
    assert early.value.code == "before_due"
    MedicalMatter.objects.filter(pk=matter.pk).update(due_on=in_days(-1))
    matter.refresh_from_db()
    unfit(officer, matter, result="not_taken", kind="suspension", days=30, years=None)
    assert matter.case.kind == "suspension"
    assert AuditEvent.objects.get(action=services.Action.OPEN_CASE).detail["legal_basis"] == "規程第27条の3"


def test_a_second_open_illness_case_of_the_same_driver_is_refused_and_the_matter_waits(officer, licence):
    unfit(officer, ordered(officer, licence))
    second = ordered(officer, licence)
    with pytest.raises(Conflict) as refused:
        unfit(officer, second)
    assert refused.value.code == "case_open"
    assert MedicalMatter.objects.get(pk=second.pk).state == MedicalState.ORDERED


def test_a_person_without_a_current_licence_is_offered_refusal_for_the_commission_or_deferral_for_the_section_head(officer, licence):
    matter = ordered(officer, licence)
    Licence.objects.filter(pk=licence.pk).update(status=LicenceStatus.REVOKED)
    case = unfit(officer, matter, kind="refusal", years=1).case
    assert (case.kind, case.authority, case.hearing_kind) == ("refusal", "commission", "explanation")
    Case.objects.filter(pk=case.pk).update(state=CaseState.STRUCK_OUT)
    second = ordered(officer, licence, due_in=0)
    MedicalMatter.objects.filter(pk=second.pk).update(due_on=in_days(-1))
    second.refresh_from_db()
    deferral = unfit(officer, second, result="not_taken", kind="deferral", days=90, years=None).case
    assert (deferral.kind, deferral.authority, deferral.hearing_kind) == ("deferral", "section_head", "explanation")


def test_the_illness_case_follows_the_ordinary_hearing_and_decision(officer, commission, licence):
    case = unfit(officer, ordered(officer, licence)).case
    hearing = cases.schedule_hearing(officer, case, hearing_date=in_days(8), place="県庁", notice_served=in_days(0))
    assert hearing.kind == "formal_hearing"
    type(hearing).objects.filter(pk=hearing.pk).update(hearing_date=in_days(0))  # the 期日 has come
    hearing.refresh_from_db()
    cases.record_hearing(officer, hearing, attendance="attended", statement="治療中")
    cases.submit_case(officer, Case.objects.get(pk=case.pk))
    decided = cases.decide_case(commission, Case.objects.get(pk=case.pk), reason="聴聞の結果")
    assert (decided.state, decided.decided_kind) == (CaseState.DECIDED, "revocation")


def test_a_result_before_any_order_is_refused(officer, licence):
    matter = receive(officer, licence)
    with pytest.raises(Conflict) as refused:
        unfit(officer, matter)
    assert refused.value.code == "not_ordered"


def test_the_queue_lists_open_matters_with_the_nearest_day_first_and_marks_the_risk(officer, licence, holder_data):
    later = ordered(officer, licence, due_in=10)
    soon = ordered(officer, licence, due_in=1)
    waiting = receive(officer, licence)
    closed = receive(officer, licence)
    services.close_medical_matter(officer, closed, reason="不要")
    assert services.medical_queue(officer) == [soon, later, waiting]
    assert services.deadlines(soon)[0].at_risk and not services.deadlines(later)[0].at_risk


def test_the_receipt_and_the_notice_are_rendered_and_audited_and_the_order_paper_needs_an_order(officer, licence):
    matter = receive(officer, licence)
    with pytest.raises(Conflict):
        medical_paper(officer, matter, "order")
    assert medical_paper(officer, matter, "receipt").pdf.startswith(b"%PDF")
    services.order_medical_test(officer, matter, order_kind="certificate_order", ordered_on=in_days(0),
                                due_on=in_days(30), place="主治医 神戸中央病院")
    rendered = medical_paper(officer, matter, "order")
    assert rendered.pdf.startswith(b"%PDF") and rendered.filename.startswith("診断書提出命令書")
    assert AuditEvent.objects.filter(action=services.Action.PAPER).count() == 2


def test_the_rule_offers_the_dispositions_by_result_and_marks_them_unconfirmed():
    day = in_days(0)
    assert law.outcome("unfit", False, day)["kinds"] == ["revocation", "suspension"]
    assert law.outcome("not_taken", True, day)["kinds"] == ["refusal", "deferral"]
    assert law.outcome("conditions", False, day)["opens_case"] is False
    assert law.rule(day).assumption and law.may_record_not_taken(day, day + timedelta(days=1))
    assert not law.may_record_not_taken(day, day)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_walks_a_report_to_an_unfit_case_and_answers_422_and_409(client, login_as, officer, licence):
    login_as(client, officer)
    body = {"licence_number": licence.number, "source": "doctor", "received_on": in_days(0).isoformat(),
            "ground": "dementia", "reporter": "医師 佐藤", "summary": "認知症の診断"}
    bad = post(client, "/api/v1/medical-matters", {**body, "ground": "flu"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "ground"
    done = post(client, "/api/v1/medical-matters", body)
    assert done.status_code == 201 and done.json()["state"] == "received"
    pk = done.json()["id"]
    early = post(client, f"/api/v1/medical-matters/{pk}/result", {"result": "fit", "result_on": in_days(0).isoformat()})
    assert early.status_code == 409
    order = post(client, f"/api/v1/medical-matters/{pk}/order", {"order_kind": "test_order", "ordered_on":
                 in_days(0).isoformat(), "due_on": in_days(20).isoformat(), "place": "指定医"})
    assert order.status_code == 200 and order.json()["deadlines"][0]["due"] == in_days(20).isoformat()
    assert [m["id"] for m in client.get("/api/v1/medical-matters").json()["items"]] == [pk]
    result = post(client, f"/api/v1/medical-matters/{pk}/result", {
        "result": "unfit", "result_on": in_days(0).isoformat(), "kind": "revocation", "years": 3})
    assert result.status_code == 200 and result.json()["state"] == "case_opened" and result.json()["case_id"]
    pdf = client.get(f"/api/v1/medical-matters/{pk}/order.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_device_may_not_receive_a_report(client, make_device):
    device = make_device("terminal")
    answer = client.post("/api/v1/medical-matters", {"licence_number": "1", "source": "doctor", "received_on":
                         "2026-01-01", "ground": "illness", "reporter": "x", "summary": "y"},
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert answer.status_code == 403


def test_a_clerks_receipt_and_an_osaka_officers_order_are_denied_and_audited(clerk, osaka_officer, officer, licence):
    with pytest.raises(NotPermitted):
        receive(clerk, licence)
    matter = receive(officer, licence)
    with pytest.raises(NotPermitted):
        services.order_medical_test(osaka_officer, matter, order_kind="certificate", ordered_on=in_days(0),
                                    due_on=in_days(7), place="主治医")
    assert AuditEvent.objects.filter(action=services.Action.RECEIVE, outcome="denied").exists()
    assert AuditEvent.objects.filter(action=services.Action.ORDER, outcome="denied").exists()
    assert MedicalMatter.objects.get(pk=matter.pk).state == MedicalState.RECEIVED


def test_the_queue_and_a_matter_take_a_fixed_number_of_queries(client, login_as, officer, licence,
                                                               django_assert_max_num_queries):
    for _ in range(3):
        ordered(officer, licence)
    pk = MedicalMatter.objects.first().pk
    login_as(client, officer)
    with django_assert_max_num_queries(11):
        assert client.get("/api/v1/medical-matters").status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get("/dispositions/medical/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/dispositions/medical/{pk}/").status_code == 200


def test_each_source_is_received_under_its_own_article(officer, licence):
    for source, article in (("report", "規程第26条"), ("station", "規程第26条の3"), ("criteria", "規程第26条の3第2項")):
        matter = receive(officer, licence, source=source)
        event = AuditEvent.objects.get(action=services.Action.RECEIVE, object_id=str(matter.pk))
        assert event.detail["legal_basis"] == article


def test_a_matter_of_a_driver_who_moved_is_handed_over_to_the_new_home_prefecture(officer, osaka_officer, licence):
    matter = ordered(officer, licence)
    with pytest.raises(Conflict) as still_here:
        services.hand_over_medical_matter(officer, matter)
    assert still_here.value.code == "not_moved"
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    services.hand_over_medical_matter(officer, matter, reason="大阪市へ転居")
    assert MedicalMatter.objects.get(pk=matter.pk).prefecture_id == "27"
    assert services.medical_queue(osaka_officer) == [matter] and services.medical_queue(officer) == []
    event = AuditEvent.objects.get(action=services.Action.HAND_OVER)
    assert (event.detail["from"], event.detail["to"], event.detail["legal_basis"]) == ("28", "27", "規程第26条の3第4項")
    unfit(osaka_officer, MedicalMatter.objects.get(pk=matter.pk))
    assert Case.objects.get().prefecture_id == "27"


def test_a_closed_matter_is_not_handed_over(officer, licence):
    matter = receive(officer, licence)
    services.close_medical_matter(officer, matter, reason="不要")
    Licence.objects.filter(pk=licence.pk).update(home_prefecture_id="27")
    with pytest.raises(Conflict) as refused:
        services.hand_over_medical_matter(officer, matter)
    assert refused.value.code == "not_open"
