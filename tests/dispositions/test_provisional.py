"""仮停止 (規程第39条; 道路交通法第103条の2), its deadlines and its end, and the 危険性帯有 上申 (規程第29条):
services, the daily job, the queue, the notice PDF and the API."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from tests.dispositions.conftest import in_days

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import provisional as services
from menkyo.dispositions.models import (
    CardHandling,
    Case,
    CaseState,
    CaseType,
    Execution,
    ProvisionalState,
    ProvisionalSuspension,
)
from menkyo.dispositions.provisional_papers import provisional_notice
from menkyo.registry.models import Licence, LicenceStatus
from menkyo.rules import provisional_suspension as law

pytestmark = pytest.mark.django_db


def report(officer, licence, days_ago=2, **extra):
    data = {"licence_number": licence.number, "accident_on": in_days(-days_ago), "ground": "hit_and_run",
            "summary": "国道2号で歩行者をはねて逃走", "necessity": "救護義務違反の死傷事故", "instructed_by": "免許課長 山田"}
    return services.report_provisional_suspension(officer, **{**data, **extra})


def status(licence):
    return Licence.objects.get(pk=licence.pk).status


def test_a_provisional_suspension_within_five_days_suspends_the_licence_until_the_thirtieth_day(officer, licence):
    found = report(officer, licence, days_ago=4)
    assert status(licence) == LicenceStatus.SUSPENDED
    assert found.ends_on == in_days(-4) + timedelta(days=29)
    assert (found.papers_due, found.explanation_due) == (in_days(0), in_days(4))
    assert found.card_handling == CardHandling.HELD and found.office.code == "28-001"
    case = found.case
    assert (case.case_type, case.state, case.prefecture_id) == (CaseType.PROVISIONAL_SUSPENSION, CaseState.EXECUTED, "28")
    assert AuditEvent.objects.filter(action=services.Action.REPORT, object_id=str(found.pk)).exists()


def test_a_provisional_suspension_on_the_sixth_day_is_refused_naming_the_last_day_and_nothing_changes(officer, licence):
    with pytest.raises(InvalidInput) as refused:
        report(officer, licence, days_ago=5)
    assert refused.value.code == "too_late" and "5日以内" in refused.value.message
    assert status(licence) == LicenceStatus.VALID and not ProvisionalSuspension.objects.exists()
    assert not Case.objects.filter(case_type=CaseType.PROVISIONAL_SUSPENSION).exists()


def test_a_future_accident_day_an_unknown_ground_and_a_missing_instruction_are_refused(officer, licence):
    for extra, field in (({"accident_on": in_days(1)}, "accident_on"), ({"ground": "other"}, "ground"),
                         ({"instructed_by": " "}, "instructed_by")):
        with pytest.raises(InvalidInput) as refused:
            report(officer, licence, **extra)
        assert refused.value.field == field
    assert status(licence) == LicenceStatus.VALID


def test_a_second_provisional_suspension_of_a_suspended_driver_is_refused(officer, licence):
    report(officer, licence)
    with pytest.raises(Conflict) as refused:
        report(officer, licence)
    assert refused.value.code == "licence_not_valid"


def test_a_card_not_presented_needs_its_reason(officer, licence):
    with pytest.raises(InvalidInput) as refused:
        report(officer, licence, card_presented=False)
    assert refused.value.code == "card_not_presented"
    found = report(officer, licence, card_presented=False, reason="紛失")
    assert found.card_handling == CardHandling.NOT_PRESENTED


def test_another_prefectures_station_reports_and_keeps_the_case_and_may_not_touch_anothers(officer, osaka_officer,
                                                                                            licence):
    found = report(osaka_officer, licence)
    assert found.case.prefecture_id == "27"
    with pytest.raises(NotPermitted):
        services.record_explanation(officer, found, explained_on=in_days(0), explanation="弁明")


def test_the_explanation_within_five_days_is_recorded_and_a_later_day_is_refused(officer, licence):
    found = report(officer, licence)
    ProvisionalSuspension.objects.filter(pk=found.pk).update(imposed_on=in_days(-6), explanation_due=in_days(-2))
    found.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        services.record_explanation(officer, found, explained_on=in_days(-1), explanation="急いでいた")
    assert refused.value.code == "explanation_too_late"
    services.record_explanation(officer, found, explained_on=in_days(-3), explanation="急いでいた")
    assert ProvisionalSuspension.objects.get(pk=found.pk).explanation == "急いでいた"


def test_papers_sent_after_the_fifth_day_are_recorded_as_late(officer, licence):
    found = report(officer, licence, days_ago=4)
    ProvisionalSuspension.objects.filter(pk=found.pk).update(papers_due=in_days(-1), imposed_on=in_days(-3))
    found.refresh_from_db()
    services.record_papers_sent(officer, found, sent_on=in_days(0))
    assert found.papers_sent_on == in_days(0)
    event = AuditEvent.objects.filter(action=services.Action.PAPERS).get()
    assert "期限" in event.detail["reason"]
    with pytest.raises(Conflict):
        services.record_papers_sent(officer, found, sent_on=in_days(0))


def test_the_daily_job_ends_the_provisional_suspension_after_its_thirtieth_day(officer, licence):
    found = report(officer, licence, days_ago=1)
    call_command("dispositions", "provisional-ended", "--date", found.ends_on.isoformat())
    assert ProvisionalSuspension.objects.get(pk=found.pk).state == ProvisionalState.IN_FORCE
    call_command("dispositions", "provisional-ended", "--date", (found.ends_on + timedelta(days=1)).isoformat())
    ended = ProvisionalSuspension.objects.get(pk=found.pk)
    assert (ended.state, ended.end_reason) == (ProvisionalState.ENDED, "expired")
    assert status(licence) == LicenceStatus.VALID


def test_an_executed_suspension_ends_the_provisional_one_and_the_licence_stays_suspended(officer, licence):
    found = report(officer, licence, days_ago=1)
    today = timezone.localdate()
    case = Case.objects.create(prefecture_id="28", person=licence.person, state=CaseState.EXECUTED,
                               decided_kind="suspension", decided_days=60, opened_by="test")
    Execution.objects.create(case=case, executed_on=today, starts_on=today, ends_on=today + timedelta(days=59))
    assert services.provisional_due(SystemActor("test"), today + timedelta(days=1)) == {"expired": 0, "disposition": 1}
    assert ProvisionalSuspension.objects.get(pk=found.pk).end_reason == "disposition"
    assert status(licence) == LicenceStatus.SUSPENDED


def test_the_queue_marks_deadlines_at_risk_and_shows_only_the_own_prefecture(officer, osaka_officer, licence,
                                                                            holder_data):
    found = report(officer, licence, days_ago=4)
    rows = services.provisional_queue(officer)
    assert rows == [found]
    papers = services.deadlines(found)[1]
    assert papers.label == "関係書類の送付" and papers.at_risk and not papers.overdue
    assert services.provisional_queue(osaka_officer) == []


def test_the_notice_pdf_is_rendered_and_audited(officer, licence):
    found = report(officer, licence)
    rendered = provisional_notice(officer, found)
    assert rendered.pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=services.Action.PAPER).exists()


def test_the_rule_counts_the_first_day_and_marks_its_reading_unconfirmed():
    day = in_days(0)
    assert law.last_day(day) == day + timedelta(days=29) and law.papers_due(day) == day + timedelta(days=4)
    assert law.may_impose(day, day + timedelta(days=4)) and not law.may_impose(day, day + timedelta(days=5))
    assert law.rule(day).assumption


def test_a_danger_report_opens_a_non_points_case_in_the_drivers_home_prefecture(osaka_officer, licence):
    case = services.report_danger(osaka_officer, licence_number=licence.number, kind="suspension", days=90,
                                  summary="自転車の酒酔い運転")
    assert (case.case_type, case.prefecture_id, case.points_based, case.assessment_id) == ("danger", "28", False, None)
    assert case.state == CaseState.REVIEW and case.authority and case.hearing_kind not in ("", "none")
    with pytest.raises(Conflict) as again:
        services.report_danger(osaka_officer, licence_number=licence.number, kind="revocation", years=1,
                               summary="再度")
    assert again.value.code == "case_open"


def test_a_danger_suspension_over_the_laws_maximum_is_refused(officer, licence):
    with pytest.raises(InvalidInput) as refused:
        services.report_danger(officer, licence_number=licence.number, kind="suspension", days=181, summary="x")
    assert refused.value.field == "days" and not Case.objects.exists()


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_api_reports_a_provisional_suspension_and_answers_422_on_the_sixth_day(client, login_as, officer,
                                                                                   licence):
    login_as(client, officer)
    body = {"licence_number": licence.number, "accident_on": in_days(-5).isoformat(), "ground": "fatal_violation",
            "summary": "信号無視で死亡事故", "necessity": "死亡事故", "instructed_by": "免許課長"}
    late = post(client, "/api/v1/provisional-suspensions", body)
    assert late.status_code == 422 and late.json()["error"]["code"] == "too_late"
    done = post(client, "/api/v1/provisional-suspensions", {**body, "accident_on": in_days(-1).isoformat()})
    assert done.status_code == 201 and done.json()["state"] == "in_force"
    pk = done.json()["id"]
    listed = client.get("/api/v1/provisional-suspensions").json()["items"]
    assert [p["id"] for p in listed] == [pk]
    explained = post(client, f"/api/v1/provisional-suspensions/{pk}/explanation",
                     {"explained_on": in_days(0).isoformat(), "explanation": "反省"})
    assert explained.status_code == 200 and explained.json()["explained_on"] == in_days(0).isoformat()
    pdf = client.get(f"/api/v1/provisional-suspensions/{pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_api_opens_a_danger_case(client, login_as, officer, licence):
    login_as(client, officer)
    answer = post(client, "/api/v1/danger-reports", {"licence_number": licence.number, "kind": "revocation",
                                                      "years": 1, "summary": "著しい危険"})
    assert answer.status_code == 201 and answer.json()["authority"] == "commission"


def test_a_device_may_not_report(client, make_device, licence):
    device = make_device("terminal")
    answer = client.post("/api/v1/provisional-suspensions", {}, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert answer.status_code in (403, 422)


def test_an_early_hearing_marks_the_open_revocation_case_and_the_notice_is_then_served(officer, licence):
    from tests.dispositions.conftest import revocation_case

    from menkyo.dispositions import services as cases

    case = revocation_case(licence)
    marked = services.request_early_hearing(officer, licence_number=licence.number, reason="取消相当、早期処分")
    assert marked.pk == case.pk and marked.early_hearing_on == in_days(0) and "hyogo_case" in marked.preparers
    assert services.early_hearings(officer) == [marked]
    cases.schedule_hearing(officer, marked, hearing_date=in_days(7), place="警察署", notice_served=in_days(0))
    with pytest.raises(Conflict) as again:
        services.request_early_hearing(officer, licence_number=licence.number, reason="再度")
    assert again.value.code == "no_revocation_case"


def test_a_driver_under_a_provisional_suspension_is_not_an_early_hearing_target(officer, licence):
    from tests.dispositions.conftest import revocation_case

    revocation_case(licence)
    report(officer, licence)
    with pytest.raises(Conflict) as refused:
        services.request_early_hearing(officer, licence_number=licence.number, reason="早期")
    assert refused.value.code == "provisional_in_force"


def test_a_driver_without_a_revocation_case_is_refused_an_early_hearing(officer, licence):
    with pytest.raises(Conflict) as refused:
        services.request_early_hearing(officer, licence_number=licence.number, reason="早期")
    assert refused.value.code == "no_revocation_case"


def test_the_api_marks_an_early_hearing_and_answers_409_without_a_case(client, login_as, officer, licence):
    from tests.dispositions.conftest import revocation_case

    login_as(client, officer)
    missing = post(client, "/api/v1/early-hearings", {"licence_number": licence.number, "reason": "早期"})
    assert missing.status_code == 409 and missing.json()["error"]["code"] == "no_revocation_case"
    case = revocation_case(licence)
    done = post(client, "/api/v1/early-hearings", {"licence_number": licence.number, "reason": "早期"})
    assert done.status_code == 200 and (done.json()["case_id"], done.json()["hearing_kind"]) == (
        case.pk, "opinion_hearing")


def test_an_inquiry_answers_a_provisional_suspension_while_it_runs(officer, licence):
    from menkyo.core.wareki import wareki
    from menkyo.inquiry.disclosure import RECORDS, Section

    found = report(officer, licence, days_ago=2)
    assert RECORDS[Section.OPEN_DISPOSITIONS].lines([licence.person_id]) == {licence.person_id: [
        f"仮停止中（{wareki(found.imposed_on)}から{wareki(found.ends_on)}まで、処分事案第{found.case_id}号）"]}
    ProvisionalSuspension.objects.filter(pk=found.pk).update(state=ProvisionalState.ENDED)
    assert RECORDS[Section.OPEN_DISPOSITIONS].lines([licence.person_id]) == {}
