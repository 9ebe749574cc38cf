"""若年運転者期間に係る免許の取消し (規程第41条の2の2) and the 取消手配 (第41条の2第2項, 第41条の2の2第2項): a
``young_driver`` case decided 取消 is executed with the 若年運転者取消処分書 — the 特例取得免許 removed (中型 kept by one
who was 20), the kinds kept on a new card, the licence 取消 when none is kept; the generic execution refuses it; one
who missed the 意見の聴取 30 days after its notice is registered as 若年運転者取消手配 (初心運転者取消手配 for a 再試験),
by 「審査」 or the daily job, and the execution releases it; the page, the API and the PDF."""

from datetime import date

import pytest
from tests.dispositions.conftest import in_days
from tests.dispositions.test_applicants import sent_notice

from menkyo.alerts.models import Alert
from menkyo.audit.models import AuditEvent
from menkyo.cards.models import CardJob
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import execution, revocation_alerts, young_revocations
from menkyo.dispositions.models import (
    Case,
    CaseState,
    CaseType,
    Hearing,
    RevocationAlert,
    YoungRevocation,
)
from menkyo.dispositions.young_revocation_papers import young_paper
from menkyo.registry.models import HistoryEvent, Licence, LicenceKind, LicenceKindHeld, Person
from menkyo.rules.dates import roll_forward
from menkyo.violations import courses
from menkyo.violations.models import Assessment, CourseNotice

pytestmark = pytest.mark.django_db


def young_case(officer, licence, *, special=("大型",), born=date(2005, 6, 10), kind="young_driver_course",
               result="expire", case_type=CaseType.YOUNG_DRIVER, add=True):
    """A 若年運転者講習 notice for ``special`` (added to the licence unless ``add`` is false) recorded 期限経過, the case
    it opened decided 取消 (written directly: the decision is part 2's). The holder's 普通 of 2000 is 中型（8t限定）."""
    Person.objects.filter(pk=licence.person_id).update(birth_date=born)
    for code in special if add else ():
        LicenceKindHeld.objects.create(licence=licence, kind=LicenceKind.objects.get(code=code),
                                       acquired_on=in_days(-200))
    notice = sent_notice(officer, licence)
    CourseNotice.objects.filter(pk=notice.pk).update(kind=kind, licence_kind=special[0])
    notice.refresh_from_db()
    courses.record_course_result(officer, notice, result=result, on=in_days(0))
    case = Case.objects.get(person=licence.person, case_type=case_type)
    Case.objects.filter(pk=case.pk).update(state=CaseState.DECIDED, kind="revocation", decided_kind="revocation",
                                           decided_on=in_days(0), decided_level="commission",
                                           decided_by="hyogo_commission")
    case.refresh_from_db()
    return case


def missed(case, officer, served):
    return Hearing.objects.create(case=case, kind="opinion_hearing", hearing_date=in_days(-20), place="本部",
                                  notice_served=served, attendance="absent", scheduled_by=officer.username)


def open_day():
    """A 交付予定日 the licence division (28-001, not a centre) may name: the next open day after today."""
    return roll_forward(in_days(1))


def fresh(licence):
    return Licence.objects.get(pk=licence.pk)


def test_the_special_kind_is_revoked_and_the_kinds_kept_go_on_a_new_card(officer, licence):
    case = young_case(officer, licence)
    assert [c.pk for c in young_revocations.young_cases(officer)] == [case.pk]
    done = young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert done.kinds_revoked == ["大型"] and done.kinds_kept == ["中型（8t限定）"] and done.ground == "not_attended"
    assert done.registered_on == in_days(0) and CardJob.objects.get(pk=done.card_job_id).licence_id == licence.pk
    assert fresh(licence).status == "valid" and [h.kind_id for h in fresh(licence).kinds.all()] == ["中型"]
    case.refresh_from_db()
    assert case.state == "executed"
    assert AuditEvent.objects.filter(action="dispositions.young_revocation.revoke", outcome="ok").exists()
    assert HistoryEvent.objects.get(event_type="disposition_case.young_revocation").legal_basis == "規程第41条の2の2"
    assert young_paper(officer, case).pdf.startswith(b"%PDF")


def test_the_licence_is_revoked_when_only_special_kinds_are_held(officer, licence):
    LicenceKindHeld.objects.filter(licence=licence).delete()
    case = young_case(officer, licence, special=("大二",))
    done = young_revocations.revoke_young_driver_licence(officer, case)
    assert done.kinds_kept == [] and done.card_job is None and fresh(licence).status == "revoked"


def test_a_medium_licence_is_kept_by_one_who_was_twenty_when_the_criterion_was_met(officer, licence):
    case = young_case(officer, licence, special=("中型",), born=date(1980, 5, 17), add=False)
    with pytest.raises(Conflict, match="現に受けていません") as refused:
        young_revocations.revoke_young_driver_licence(officer, case)
    assert refused.value.code == "kind_not_held" and fresh(licence).kinds.count() == 1


def test_an_undecided_case_is_not_executed_and_the_generic_execution_refuses_a_young_case(officer, clerk, licence):
    case = young_case(officer, licence)
    Case.objects.filter(pk=case.pk).update(state=CaseState.REVIEW)
    case.refresh_from_db()
    with pytest.raises(Conflict, match="取消しの決定"):
        young_revocations.revoke_young_driver_licence(officer, case)
    Case.objects.filter(pk=case.pk).update(state=CaseState.DECIDED)
    case.refresh_from_db()
    with pytest.raises(Conflict, match="特例取得免許だけ") as refused:
        execution.execute_disposition(clerk, case)
    assert refused.value.code == "own_execution" and fresh(licence).status == "valid"


def test_a_missing_card_needs_a_reason_and_a_second_execution_is_refused(officer, licence):
    case = young_case(officer, licence)
    with pytest.raises(InvalidInput, match="提出がないときは"):
        young_revocations.revoke_young_driver_licence(officer, case, card_presented=False)
    assert not YoungRevocation.objects.exists()
    young_revocations.revoke_young_driver_licence(officer, case, card_presented=False, reason="紛失",
                                                  handover_date=open_day())
    with pytest.raises(Conflict):
        young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())


def test_another_prefecture_and_the_decision_role_may_not_execute(officer, osaka_officer, commission, licence):
    case = young_case(officer, licence)
    for actor in (osaka_officer, commission):
        with pytest.raises(NotPermitted):
            young_revocations.revoke_young_driver_licence(actor, case)
    assert AuditEvent.objects.filter(action="dispositions.young_revocation.revoke", outcome="denied").count() == 2


def test_the_youth_alert_is_registered_30_days_after_the_notice_and_released_by_the_execution(officer, licence):
    case = young_case(officer, licence)
    missed(case, officer, served=in_days(-30))
    with pytest.raises(Conflict, match="30日を経過していません") as early:
        revocation_alerts.register_revocation_alert(officer, case)
    assert early.value.code == "not_due"
    done = revocation_alerts.register_revocation_alert(officer, case, day=in_days(1))
    assert (done.alert.kind, done.alert.state, done.due_from) == ("youth_revocation", "active", in_days(1))
    assert HistoryEvent.objects.get(event_type="disposition_case.revocation_alert").legal_basis == "規程第41条の2の2第2項"
    with pytest.raises(Conflict, match="登録済み"):
        revocation_alerts.register_revocation_alert(officer, case, day=in_days(1))
    young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert Alert.objects.get(pk=done.alert_id).state == "released"


def test_an_attended_hearing_gives_no_alert(officer, licence):
    case = young_case(officer, licence)
    Hearing.objects.create(case=case, kind="opinion_hearing", hearing_date=in_days(-20), place="本部",
                           notice_served=in_days(-40), attendance="attended", scheduled_by=officer.username)
    with pytest.raises(Conflict) as refused:
        revocation_alerts.register_revocation_alert(officer, case)
    assert refused.value.code == "attended" and not Alert.objects.exists()


def test_a_retest_not_taken_and_decided_gets_the_novice_alert_from_the_daily_job(officer, licence):
    case = young_case(officer, licence, special=("中型",), kind="retest", result="absent", case_type=CaseType.RETEST,
                      add=False)
    missed(case, officer, served=in_days(-40))
    outcome = revocation_alerts.revocation_alerts.call(in_days(0).isoformat())
    assert outcome["result"]["registered"] == 1
    alert = RevocationAlert.objects.get(case=case).alert
    assert (alert.kind, alert.requesting_affiliation_id, alert.case_owner.username) == (
        "novice_revocation", "28-001", officer.username)
    revocation_alerts.revocation_alerts.call(in_days(0).isoformat())  # the same day again: nothing more
    assert RevocationAlert.objects.count() == 1


def test_the_other_prefecture_may_not_register_an_alert(officer, osaka_officer, licence):
    case = young_case(officer, licence)
    missed(case, officer, served=in_days(-40))
    with pytest.raises(NotPermitted):
        revocation_alerts.register_revocation_alert(osaka_officer, case)
    assert not Alert.objects.exists()


def test_the_api_and_the_page_execute_register_and_print(client, login_as, officer, licence):
    case = young_case(officer, licence)
    missed(case, officer, served=in_days(-40))
    login_as(client, officer)
    assert [c["case_id"] for c in client.get("/api/v1/young-revocations").json()["items"]] == [case.pk]
    assert [c["case_id"] for c in client.get("/api/v1/revocation-alerts").json()["items"]] == [case.pk]
    listed = client.get("/dispositions/young-drivers/").content.decode()
    assert f"第{case.pk}号" in listed and "若年運転者講習の期限経過" in listed
    page = client.get(f"/dispositions/young-drivers/{case.pk}/").content.decode()
    assert "young-form" in page and "alert-form" in page
    alert = client.post(f"/api/v1/disposition-cases/{case.pk}/revocation-alert", {}, content_type="application/json")
    assert alert.status_code == 201 and alert.json()["kind"] == "youth_revocation"
    again = client.post(f"/api/v1/disposition-cases/{case.pk}/revocation-alert", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_registered"
    bad = client.post(f"/api/v1/disposition-cases/{case.pk}/young-revocation", {"card_presented": False},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "card_not_presented"
    done = client.post(f"/api/v1/disposition-cases/{case.pk}/young-revocation",
                       {"handover_date": open_day().isoformat()}, content_type="application/json")
    assert done.status_code == 201 and done.json()["kinds_revoked"] == ["大型"] and done.json()["card_job_id"]
    pdf = client.get(f"/api/v1/young-revocations/{case.pk}/revocation.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    shown = client.get(f"/dispositions/young-drivers/{case.pk}/").content.decode()
    assert "young-paper" in shown and "若年運転者取消手配" in shown and "card-job" in shown


def test_the_page_posts_the_alert_and_shows_a_refusal_in_japanese(client, login_as, officer, licence):
    case = young_case(officer, licence)
    missed(case, officer, served=in_days(-5))
    login_as(client, officer)
    answer = client.post(f"/dispositions/young-drivers/{case.pk}/alert/", follow=True).content.decode()
    assert "30日を経過していません" in answer and not Alert.objects.exists()



def test_meeting_the_criterion_again_after_the_course_opens_a_case_executed_on_that_ground(officer, licence):
    """令第39条の2の2: the engine's ``revocation_required`` after an attended 若年運転者講習 opens the case (once)."""
    Person.objects.filter(pk=licence.person_id).update(birth_date=date(2005, 6, 10))
    LicenceKindHeld.objects.create(licence=licence, kind=LicenceKind.objects.get(code="大型"), acquired_on=in_days(-200))
    notice = sent_notice(officer, licence)
    # 受講済 written directly: recording it re-assesses the driver, and the register has no 特例 flag to tell the
    # engine the 大型 is a 特例取得免許 (ADR 0016 part 9, left).
    CourseNotice.objects.filter(pk=notice.pk).update(kind="young_driver_course", licence_kind="大型", state="attended",
                                                     result_on=in_days(-30))
    assessment = Assessment.objects.create(
        person=licence.person, as_of=in_days(0), points=3, prior_dispositions=0, action="none", created_by="test",
        result={"young_driver": [{"kind": "大型", "revocation_required": True, "met_again_on": in_days(-3).isoformat()}]})
    case = young_revocations.on_assessed(officer, assessment)
    assert case.case_type == CaseType.YOUNG_DRIVER and "令第39条の2の2" in case.proposal_reason
    assert young_revocations.on_assessed(officer, assessment) is None
    assert HistoryEvent.objects.filter(event_type="disposition_case.open", legal_basis="規程第41条の2の2").exists()
    Case.objects.filter(pk=case.pk).update(state=CaseState.DECIDED, kind="revocation", decided_kind="revocation")
    case.refresh_from_db()
    done = young_revocations.revoke_young_driver_licence(officer, case, handover_date=open_day())
    assert (done.ground, done.met_on, done.kinds_revoked) == ("met_again", in_days(-3), ["大型"])
