"""The execution of a decided 取消・停止 (規程第34条–第37条, 第43条, 第46条第1項): the 出頭通知, the 処分書
handed over at the counter with the licence 取消 or 停止中 and the card taken or held, 執行不能 after the
20 days with a 処分手配 raised automatically and released by the execution, the 停止処分者講習 shortening
the period through the law engine, and the held card given back on the last day."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.dispositions.conftest import decided, in_days, register

from menkyo.alerts.models import Alert, AlertState
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.dispositions import execution as services
from menkyo.dispositions.models import Case, CaseState, Execution
from menkyo.registry.models import HistoryEvent, Licence
from menkyo.violations.models import Assessment

pytestmark = pytest.mark.django_db
BATCH = SystemActor("task:dispositions.search_expired")


def travel(monkeypatch, days):
    day = in_days(days)
    monkeypatch.setattr(services, "today", lambda: day)


def summoned(case, officer, days=3):
    return services.summon_for_execution(officer, case, appear_on=in_days(days), place="兵庫県警察本部運転免許課")


def test_a_summons_sets_the_appearance_day_and_the_twenty_day_search(licence, officer):
    case = decided(licence)
    execution = summoned(case, officer)
    assert case.state == CaseState.AWAITING_EXECUTION
    assert (execution.appear_on, execution.search_until) == (in_days(3), in_days(3 + 19))
    assert AuditEvent.objects.filter(action="dispositions.case.summon", object_id=str(case.pk)).exists()
    assert HistoryEvent.objects.filter(event_type="disposition_case.summon", legal_basis="規程第34条").exists()


def test_a_summons_for_a_day_before_the_notice_is_refused_and_changes_nothing(licence, officer):
    case = decided(licence)
    with pytest.raises(InvalidInput) as caught:
        services.summon_for_execution(officer, case, appear_on=in_days(-1), place="本部")
    assert caught.value.field == "appear_on"
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED


def test_a_clerk_executes_a_suspension_and_the_card_is_held(licence, officer, clerk):
    case = decided(licence, days=60)
    summoned(case, officer, 0)
    execution = services.execute_disposition(clerk, case)
    licence.refresh_from_db()
    assert (case.state, licence.status, execution.card_handling) == (CaseState.EXECUTED, "suspended", "held")
    assert (execution.starts_on, execution.ends_on) == (in_days(0), in_days(59))
    assert AuditEvent.objects.filter(action="dispositions.case.execute", actor="hyogo_clerk").exists()
    assert HistoryEvent.objects.get(event_type="disposition_case.execute").legal_basis == "規程第34条"


def test_a_revocation_executed_takes_the_card_and_sets_the_end_of_the_disqualification(licence, clerk):
    case = decided(licence, "revocation", days=None, years=1)
    execution = services.execute_disposition(clerk, case)
    licence.refresh_from_db()
    assert (licence.status, execution.card_handling) == ("revoked", "returned")
    assert execution.disqualified_until == in_days(0).replace(year=in_days(0).year + 1) - timedelta(days=1)


def test_a_card_not_presented_needs_its_reason(licence, clerk):
    case = decided(licence)
    with pytest.raises(InvalidInput) as caught:
        services.execute_disposition(clerk, case, card_presented=False)
    assert caught.value.code == "card_not_presented"
    execution = services.execute_disposition(clerk, case, card_presented=False, reason="紛失")
    assert execution.card_handling == "not_presented"


def test_handing_over_at_the_hearing_needs_a_hearing_today(licence, clerk):
    case = decided(licence)
    with pytest.raises(InvalidInput) as caught:
        services.execute_disposition(clerk, case, at_hearing=True)
    assert caught.value.field == "at_hearing"


def test_another_prefectures_clerk_and_a_decider_may_not_execute(licence, make_operator, commission):
    case = decided(licence)
    osaka = make_operator("osaka_clerk", ["counter"], "27-001")
    for actor in (osaka, commission):
        with pytest.raises(NotPermitted):
            services.execute_disposition(actor, case)
    assert AuditEvent.objects.filter(action="dispositions.case.execute", outcome="denied").count() == 2


def test_the_batch_marks_a_no_show_unexecutable_after_twenty_days_and_raises_a_disposition_alert(
        licence, officer):
    case = decided(licence)
    summoned(case, officer, 0)
    assert services.unexecutable_due(BATCH, in_days(19)) == 0
    assert services.unexecutable_due(BATCH, in_days(20)) == 1
    case.refresh_from_db()
    alert = Alert.objects.get(person=licence.person)
    assert (case.state, alert.kind, alert.state) == (CaseState.UNEXECUTABLE, "disposition", AlertState.ACTIVE)
    assert (alert.requesting_affiliation.code, alert.case_owner.username) == ("28-001", "hyogo_case")
    assert AuditEvent.objects.filter(action="alerts.alert.register").exists()


def test_the_daily_task_runs_once_per_day(licence, officer):
    case = decided(licence)
    summoned(case, officer, 0)
    day = in_days(25).isoformat()
    first, second = services.search_expired.call(day), services.search_expired.call(day)
    assert (first["result"], second["status"]) == ({"unexecutable": 1, "suspensions_ended": 0}, "skipped_done")


def test_an_operator_may_not_mark_a_case_unexecutable(licence, officer):
    case = decided(licence)
    summoned(case, officer, 0)
    with pytest.raises(NotPermitted):
        services.mark_unexecutable(officer, case, day=in_days(30))


def test_executing_an_unexecutable_case_releases_its_disposition_alert(licence, officer, clerk):
    case = decided(licence, "revocation", days=None, years=1)
    summoned(case, officer, 0)
    services.unexecutable_due(BATCH, in_days(21))
    case.refresh_from_db()
    services.execute_disposition(clerk, case)
    alert = Alert.objects.get(person=licence.person)
    assert (case.state, alert.state, alert.released_by) == (CaseState.EXECUTED, AlertState.RELEASED, "hyogo_clerk")
    assert AuditEvent.objects.filter(action="alerts.alert.release_executed", actor="hyogo_clerk").exists()


def test_a_course_graded_excellent_shortens_a_sixty_day_suspension_by_thirty_days(licence, clerk, monkeypatch):
    case = decided(licence, days=60)
    services.execute_disposition(clerk, case)
    travel(monkeypatch, 1)
    execution = services.record_course_result(clerk, case, grade="優", course_ended_on=in_days(1))
    assert (execution.course_days_reduced, execution.ends_on, execution.original_ends_on) == (
        30, in_days(29), in_days(59))
    assert AuditEvent.objects.filter(action="judgement.rules.assess", detail__channel="dispositions.course").exists()
    assert HistoryEvent.objects.get(event_type="disposition_case.course").legal_basis == "規程第43条"


def test_a_course_result_outside_the_suspension_is_refused(licence, clerk):
    case = decided(licence, days=60)
    services.execute_disposition(clerk, case)
    with pytest.raises(InvalidInput) as caught:
        services.record_course_result(clerk, case, grade="優", course_ended_on=in_days(5))
    assert caught.value.field == "course_ended_on"
    with pytest.raises(InvalidInput):
        services.record_course_result(clerk, case, grade="秀", course_ended_on=in_days(0))


def test_the_held_card_is_given_back_from_the_last_day_and_the_licence_is_valid_again(licence, clerk, monkeypatch):
    case = decided(licence, days=30)
    services.execute_disposition(clerk, case)
    with pytest.raises(Conflict) as caught:
        services.release_card(clerk, case)
    assert caught.value.code == "too_early"
    travel(monkeypatch, 29)
    execution = services.release_card(clerk, case)
    assert execution.card_released_on == in_days(29)
    assert Licence.objects.get(pk=licence.pk).status == "valid"


def test_the_queue_shows_the_actors_prefecture_only(licence, officer, clerk, make_operator):
    case = decided(licence)
    assert [c.pk for c in services.executions_due(clerk)["pending"]] == [case.pk]
    assert services.executions_due(make_operator("osaka_clerk", ["counter"], "27-001"))["pending"] == []


@pytest.mark.parametrize(("action", "call"), [
    ("dispositions.case.summon", lambda actor, case: services.summon_for_execution(
        actor, case, appear_on=in_days(1), place="本部")),
    ("dispositions.execution.course", lambda actor, case: services.record_course_result(
        actor, case, grade="優", course_ended_on=in_days(0))),
    ("dispositions.execution.release_card", lambda actor, case: services.release_card(actor, case)),
])
def test_a_decider_is_refused_each_execution_step_and_the_denial_is_audited(licence, commission, action, call):
    case = decided(licence)
    with pytest.raises(NotPermitted):
        call(commission, case)
    assert AuditEvent.objects.filter(action=action, actor="hyogo_commission", outcome="denied").exists()


def test_the_course_and_the_release_are_audited(licence, clerk, monkeypatch):
    case = decided(licence, days=30)
    services.execute_disposition(clerk, case)
    services.record_course_result(clerk, case, grade="優", course_ended_on=in_days(0))
    services.release_card(clerk, case)  # 優 leaves the first day only: the card is given back that day
    for action in ("dispositions.execution.course", "dispositions.execution.release_card"):
        assert AuditEvent.objects.filter(action=action, actor="hyogo_clerk", outcome="ok").exists()



@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_the_execution_locks_the_case_and_the_licence_and_no_shared_row(licence, clerk, locked_tables):
    """Two clerks at once: the second waits on the case's row, then finds it 執行済 (illegal_transition)."""
    case = decided(licence)
    locked = locked_tables(lambda: services.execute_disposition(clerk, case))
    assert {"dispositions_case", "registry_licence", "dispositions_execution"} <= locked
    assert not locked & {"core_prefecture", "core_affiliation", "accounts_operator", "alerts_alert"}
    with pytest.raises(Conflict) as caught:
        services.execute_disposition(clerk, case)
    assert caught.value.code == "illegal_transition"


def test_the_daily_job_ends_the_registers_suspension_after_its_last_day_while_the_card_stays_held(licence, clerk):
    case = decided(licence, days=30)
    services.execute_disposition(clerk, case)
    assert services.suspensions_ended(BATCH, in_days(29)) == 0
    assert services.suspensions_ended(BATCH, in_days(30)) == 1
    assert Licence.objects.get(pk=licence.pk).status == "valid"
    assert services.execution_of(case).card_held
    assert HistoryEvent.objects.get(event_type="disposition_case.suspension_ended").legal_basis == "規程第36条"


def latest_assessment(licence):
    return Assessment.objects.filter(person=licence.person).latest("pk")


def test_an_executed_suspension_ends_the_points_before_it_and_counts_as_a_prior_disposition(licence, clerk):
    case = decided(licence, days=60)
    services.execute_disposition(clerk, case)
    latest = latest_assessment(licence)
    assert (latest.points, latest.action, latest.cause_id) == (0, "none", None)
    assert services.executed_dispositions([licence.person_id]) == {
        licence.person_id: [{"type": "suspension", "date": in_days(0).isoformat(), "days": 60}]}


def test_after_an_executed_suspension_four_points_are_judged_on_the_row_of_one_prior_disposition(licence, clerk):
    case = decided(licence, days=60)
    services.execute_disposition(clerk, case)
    Execution.objects.filter(case=case).update(starts_on=in_days(-100), ends_on=in_days(-41))  # served earlier
    register(licence, "signal_red", in_days(0))
    register(licence, "stop_sign", in_days(0))
    latest = latest_assessment(licence)
    assert (latest.points, latest.prior_dispositions, latest.action, latest.days) == (4, 1, "suspension", 60)


def test_an_executed_revocation_is_the_engines_revocation_event_and_the_driver_is_assessed_as_an_applicant(
        licence, clerk):
    services.execute_disposition(clerk, decided(licence, "revocation", days=None, years=1))
    assert services.executed_dispositions([licence.person_id])[licence.person_id] == [
        {"type": "revocation", "date": in_days(0).isoformat(), "disqualification_years": 1}]
    assert (latest_assessment(licence).points, latest_assessment(licence).action) == (0, "none")


def test_a_course_that_shortened_the_suspension_is_passed_with_the_days_taken_off(licence, clerk, monkeypatch):
    case = decided(licence, days=60)
    services.execute_disposition(clerk, case)
    travel(monkeypatch, 1)
    services.record_course_result(clerk, case, grade="優", course_ended_on=in_days(1))
    events = services.executed_dispositions([licence.person_id])[licence.person_id]
    assert events[1] == {"type": "suspension_course", "date": in_days(1).isoformat(), "days_reduced": 30}


def test_a_violation_during_the_suspension_adds_the_points_before_it_again(licence, clerk):
    """The engine's rule (施行令 別表第二 備考一, law-rules §2.1 R3): a violation during a 停止 brings the points before it back."""
    services.execute_disposition(clerk, decided(licence, days=60))
    register(licence, "signal_red", in_days(0))
    latest = latest_assessment(licence)
    assert (latest.points, latest.prior_dispositions, latest.action) == (17, 1, "revocation")


def test_an_inquiry_answers_the_points_the_running_suspension_and_no_disqualification(licence, clerk, make_actor,
                                                                                      client):
    services.execute_disposition(clerk, decided(licence, days=60))
    device = make_actor("inquiry", "own", "device")
    answer = client.post("/api/v1/inquiries", {"purpose": "捜査", "case_number": "R8-9",
                                               "licence_number": licence.number},
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {device.token}").json()
    (match,) = answer["matches"]
    assert match["records"]["points"][0].startswith("累積点数 0点")
    assert match["records"]["open_dispositions"] == [
        f"停止中（{wareki(in_days(0))}から{wareki(in_days(59))}まで、処分事案第{Case.objects.get().pk}号）"]
    assert match["records"]["disqualification"] == [] and match["sections_unavailable"] == []


def test_an_inquiry_answers_a_decided_case_not_yet_executed_and_after_a_revocation_the_disqualification(
        licence, clerk):
    from menkyo.inquiry.disclosure import RECORDS, Section

    case = decided(licence, "revocation", days=None, years=1)
    assert RECORDS[Section.OPEN_DISPOSITIONS].lines([licence.person_id]) == {
        licence.person_id: [f"処分事案第{case.pk}号 取消（欠格期間1年）：決定"]}
    execution = services.execute_disposition(clerk, case)
    assert RECORDS[Section.OPEN_DISPOSITIONS].lines([licence.person_id]) == {}
    assert RECORDS[Section.DISQUALIFICATION].lines([licence.person_id]) == {licence.person_id: [
        f"{wareki(execution.disqualified_until)}まで（{wareki(in_days(0))}の取消、処分事案第{case.pk}号）"]}


def test_an_inquiry_reads_the_case_lines_only_for_holders_the_search_flagged(licence, clerk, make_actor, client):
    """The search's own statement says who may have case lines (``open_case_any_sql``): a holder without a
    case costs no query per section, and a decided, then executed 取消 is still answered."""
    device = make_actor("inquiry", "own", "device")

    def ask():
        return client.post("/api/v1/inquiries", {"purpose": "窓口事務", "licence_number": licence.number},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {device.token}").json()

    with CaptureQueriesContext(connection) as before:
        assert ask()["matches"][0]["records"] == {"open_dispositions": [], "disqualification": []}
    case = decided(licence, "revocation", days=None, years=1)
    with CaptureQueriesContext(connection) as flagged:
        assert ask()["matches"][0]["records"]["open_dispositions"] == [f"処分事案第{case.pk}号 取消（欠格期間1年）：決定"]
    assert len(flagged) == len(before) + 2  # the two sections, one query each
    execution = services.execute_disposition(clerk, case)
    assert ask()["matches"][0]["records"] == {"open_dispositions": [], "disqualification": [
        f"{wareki(execution.disqualified_until)}まで（{wareki(in_days(0))}の取消、処分事案第{case.pk}号）"]}
