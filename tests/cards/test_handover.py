"""Routing and hand-over (規程第13条第2項・第4項–第6項) and the 交付停止 (第13条第6項ただし書, 第21条第1号)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.cards.models import CardJob, IssueHold
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.wareki import wareki
from menkyo.counter.models import Application
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db


def state(job):
    return CardJob.objects.get(pk=job.pk).state


# --- at a centre ---------------------------------------------------------------------------------


def test_at_a_centre_the_card_made_is_received_and_handed_over_the_same_day(centre_clerk, centre_job, produce):
    produce(centre_job)
    assert services.actions_for(centre_clerk, CardJob.objects.get()) == ["receive"]
    services.receive_card(centre_clerk, centre_job.pk)
    job = services.hand_over_card(centre_clerk, centre_job.pk, signature_confirmed=True)
    assert (job.state, job.handed_over_by, job.signature_confirmed) == ("handed_over", "akashi_counter", True)
    assert Application.objects.get().state == "issued"
    event = AuditEvent.objects.get(action="cards.job.hand_over")
    assert (event.outcome, event.detail["from"], event.detail["legal_basis"]) == ("ok", "ready", "規程第13条")
    assert AuditEvent.objects.filter(action="counter.application.issue", outcome="ok").count() == 1
    history = HistoryEvent.objects.get(event_type="card.handed_over")
    assert history.changes == {"card": [None, job.licence.number]} and history.audit_seq == event.seq


def test_without_the_signature_nothing_is_handed_over(centre_clerk, ready_centre_job):
    with pytest.raises(InvalidInput) as refused:
        services.hand_over_card(centre_clerk, ready_centre_job.pk, signature_confirmed=False)
    assert refused.value.field == "signature_confirmed" and "受領の署名" in refused.value.message
    assert state(ready_centre_job) == "ready" and Application.objects.get().state == "issuing"


def test_a_centre_card_is_not_sent(centre_clerk, centre_job, produce):
    produce(centre_job)
    with pytest.raises(Conflict) as refused:
        services.send_card(centre_clerk, centre_job.pk)
    assert refused.value.code == "not_sent"


def test_a_card_not_yet_made_cannot_be_received(centre_clerk, centre_job):
    with pytest.raises(Conflict) as refused:
        services.receive_card(centre_clerk, centre_job.pk)
    assert refused.value.code == "illegal_transition" and "作成待ち" in refused.value.message


def test_a_second_hand_over_of_the_same_card_is_a_conflict_and_writes_once(centre_clerk, make_operator,
                                                                           ready_centre_job):
    other = make_operator("akashi_counter_2", ["counter"], "28-002")
    stale = services.get_card_job(other, ready_centre_job.pk)  # the second counter's page shows 交付待ち
    services.hand_over_card(centre_clerk, ready_centre_job.pk, signature_confirmed=True)
    assert "hand_over" in services.actions_for(other, stale)
    with pytest.raises(Conflict) as refused:
        services.hand_over_card(other, stale.pk, signature_confirmed=True)
    assert refused.value.code == "illegal_transition" and "交付済" in refused.value.message
    assert AuditEvent.objects.filter(action="cards.job.hand_over", outcome="ok").count() == 1
    assert HistoryEvent.objects.filter(event_type="card.handed_over").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_the_hand_over_locks_the_card_and_the_application(centre_clerk, ready_centre_job):
    with CaptureQueriesContext(connection) as queries:
        services.hand_over_card(centre_clerk, ready_centre_job.pk, signature_confirmed=True)
    locked = [q["sql"] for q in queries.captured_queries if q["sql"].endswith("FOR UPDATE")]
    assert any("cards_cardjob" in sql for sql in locked) and any("counter_application" in sql for sql in locked)


# --- station → centre → station (第13条第4項–第6項) --------------------------------------------------------


def test_a_station_card_is_made_sent_received_and_handed_over_at_the_station(station_clerk, centre_clerk,
                                                                            station_job, produce):
    produce(station_job)
    assert services.actions_for(centre_clerk, CardJob.objects.get()) == ["send"]
    assert services.actions_for(station_clerk, CardJob.objects.get()) == []
    services.send_card(centre_clerk, station_job.pk)
    services.receive_card(station_clerk, station_job.pk)
    assert state(station_job) == "ready"
    CardJob.objects.filter(pk=station_job.pk).update(handover_date=timezone.localdate())  # the day has come
    services.hand_over_card(station_clerk, station_job.pk, signature_confirmed=True)
    assert state(station_job) == "handed_over"
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="cards.job.").order_by("seq")] == [
        "cards.job.fetch", "cards.job.produce", "cards.job.send", "cards.job.receive", "cards.job.hand_over"]


def test_a_card_that_arrived_early_is_not_handed_over_before_its_handover_date(station_clerk, centre_clerk,
                                                                               station_job, produce,
                                                                               expect_one_denial):
    """The card prints the 交付予定日 as its 交付年月日 (第13条第4項): handed over a day early, the
    licence would take effect (法第92条第1項) before the date it shows."""
    produce(station_job)
    services.send_card(centre_clerk, station_job.pk)
    services.receive_card(station_clerk, station_job.pk)
    with expect_one_denial("before_handover_date", "cards.job.hand_over"), pytest.raises(Conflict) as refused:
        services.hand_over_card(station_clerk, station_job.pk, signature_confirmed=True)
    assert f"交付予定日は{wareki(station_job.handover_date)}です" in refused.value.message
    assert state(station_job) == "ready"


def test_a_station_cannot_receive_before_the_centre_sends(station_clerk, station_job, produce):
    produce(station_job)
    with pytest.raises(Conflict) as refused:
        services.receive_card(station_clerk, station_job.pk)
    assert refused.value.code == "not_yet_sent" and state(station_job) == "produced"


def test_only_the_producing_centre_sends_and_the_refusal_is_audited(station_clerk, station_job, produce,
                                                                     expect_one_denial):
    produce(station_job)
    with expect_one_denial("other_office", "cards.job.send"), pytest.raises(NotPermitted) as refused:
        services.send_card(station_clerk, station_job.pk)
    assert "明石運転免許試験場が作成したもの" in refused.value.message and state(station_job) == "produced"


def test_only_the_handover_office_receives_and_hands_over(centre_clerk, station_job, produce, expect_one_denial):
    produce(station_job)
    services.send_card(centre_clerk, station_job.pk)
    with expect_one_denial("other_office", "cards.job.receive"), pytest.raises(NotPermitted) as refused:
        services.receive_card(centre_clerk, station_job.pk)
    assert "交付所属は生田警察署" in refused.value.message
    with expect_one_denial("other_office", "cards.job.hand_over"), pytest.raises(NotPermitted):
        services.hand_over_card(centre_clerk, station_job.pk, signature_confirmed=True)


@pytest.mark.parametrize(("username", "roles", "office"), [
    ("osaka_counter", ["counter"], "27-002"), ("akashi_examiner", ["examiner"], "28-002"),
])
def test_the_rule_refuses_others_a_hand_over_and_the_denial_is_audited(make_operator, ready_centre_job, username,
                                                                       roles, office, expect_one_denial):
    actor = make_operator(username, roles, office)
    with expect_one_denial("cards.hand_over_card", "cards.job.hand_over"), pytest.raises(NotPermitted):
        services.hand_over_card(actor, ready_centre_job.pk, signature_confirmed=True)
    assert state(ready_centre_job) == "ready"


def test_an_unknown_job_is_not_found(centre_clerk, db):
    with pytest.raises(NotFound):
        services.hand_over_card(centre_clerk, 999, signature_confirmed=True)


# --- 交付停止 (第21条第1号) ----------------------------------------------------------------------------


def test_a_hold_stops_a_card_waiting_and_its_release_lets_it_be_handed_over(officer, centre_clerk,
                                                                            ready_centre_job):
    hold = services.report_issue_hold(officer, ready_centre_job.person_id, reason="累積点数が拒否基準に該当")
    assert (hold.prefecture_id, hold.reported_by, hold.released_at) == ("28", "menkyo_officer", None)
    assert state(ready_centre_job) == "held"
    assert services.actions_for(centre_clerk, CardJob.objects.get()) == []
    report = AuditEvent.objects.get(action="cards.hold.report")
    assert (report.person_id, report.detail) == (ready_centre_job.person_id, {"legal_basis": "規程第21条"})
    assert AuditEvent.objects.get(action="cards.job.hold").detail["reason"] == "累積点数が拒否基準に該当"
    assert HistoryEvent.objects.filter(event_type="issue.held").count() == 1
    services.release_issue_hold(officer, hold.pk, reason="弁明により保留しないこととした")
    assert state(ready_centre_job) == "ready"
    assert AuditEvent.objects.filter(action__in=["cards.hold.release", "cards.job.resume"]).count() == 2
    services.hand_over_card(centre_clerk, ready_centre_job.pk, signature_confirmed=True)
    assert state(ready_centre_job) == "handed_over"


def test_a_card_made_after_the_hold_is_made_but_not_handed_over(officer, centre_clerk, centre_job, produce,
                                                               expect_one_denial):
    services.report_issue_hold(officer, centre_job.person_id, reason="拒否基準該当の通報")
    assert state(centre_job) == "requested"  # production goes on: the law stops the hand-over
    produce(centre_job)
    services.receive_card(centre_clerk, centre_job.pk)
    with expect_one_denial("issue_held", "cards.job.hand_over"), pytest.raises(Conflict) as refused:
        services.hand_over_card(centre_clerk, centre_job.pk, signature_confirmed=True)
    assert refused.value.code == "issue_held" and "規程第13条第6項ただし書" in refused.value.message
    assert state(centre_job) == "ready" and Application.objects.get().state == "issuing"


def test_the_hand_over_checks_the_hold_again_on_the_locked_card(officer, centre_clerk, ready_centre_job,
                                                                monkeypatch):
    """A hold reported between the service's first check and the lock is found under the lock."""
    services.report_issue_hold(officer, ready_centre_job.person_id, reason="通報")
    CardJob.objects.filter(pk=ready_centre_job.pk).update(state="ready")  # as if the hold came after the check

    class NoHoldYet:
        objects = type("Manager", (), {"active": staticmethod(lambda: IssueHold.objects.none())})()

    monkeypatch.setattr(services, "IssueHold", NoHoldYet)
    with pytest.raises(Conflict) as refused:
        services.hand_over_card(centre_clerk, ready_centre_job.pk, signature_confirmed=True)
    assert refused.value.code == "issue_held" and state(ready_centre_job) == "ready"
    assert Application.objects.get().state == "issuing"


def test_a_second_report_on_the_same_person_is_a_conflict(officer, centre_job):
    services.report_issue_hold(officer, centre_job.person_id, reason="通報")
    with pytest.raises(Conflict) as refused:
        services.report_issue_hold(officer, centre_job.person_id, reason="通報")
    assert refused.value.code == "duplicate_hold" and IssueHold.objects.count() == 1


def test_a_release_twice_is_a_conflict_and_a_report_needs_its_content(officer, centre_job):
    with pytest.raises(InvalidInput) as refused:
        services.report_issue_hold(officer, centre_job.person_id, reason="")
    assert refused.value.field == "reason" and not IssueHold.objects.exists()
    hold = services.report_issue_hold(officer, centre_job.person_id, reason="通報")
    services.release_issue_hold(officer, hold.pk, reason="解除")
    with pytest.raises(Conflict) as again:
        services.release_issue_hold(officer, hold.pk, reason="解除")
    assert again.value.code == "already_released"


def test_a_counter_clerk_may_not_report_a_hold_and_the_denial_is_audited(centre_clerk, centre_job,
                                                                          expect_one_denial):
    with expect_one_denial("cards.hold_issue", "cards.hold.report"), pytest.raises(NotPermitted):
        services.report_issue_hold(centre_clerk, centre_job.person_id, reason="通報")


def test_an_osaka_officer_may_not_release_a_hyogo_hold_and_the_denial_is_audited(officer, make_operator, centre_job,
                                                                                 expect_one_denial):
    hold = services.report_issue_hold(officer, centre_job.person_id, reason="通報")
    osaka = make_operator("osaka_officer", ["case_officer"], "27-001")
    with expect_one_denial("cards.hold_issue", "cards.hold.release"), pytest.raises(NotPermitted):
        services.release_issue_hold(osaka, hold.pk, reason="解除")


def test_the_active_holds_of_the_prefecture_are_listed_and_the_list_audited(officer, centre_job):
    hold = services.report_issue_hold(officer, centre_job.person_id, reason="通報")
    assert services.holds_for(officer) == [hold]
    assert AuditEvent.objects.filter(action="cards.job.list").last().detail == {"holds": [hold.pk]}


# --- documents' data ----------------------------------------------------------------------------


def test_the_slip_and_the_receipt_carry_what_the_forms_show(centre_clerk, station_job, produce):
    slip = services.slip_data(services.load_job(station_job.pk))
    assert (slip.slip_number, slip.licence_kind, slip.name, slip.producing_centre, slip.handover_office) == (
        station_job.slip_number, "普通", "明石 花子", "明石運転免許試験場", "生田警察署")
    assert slip.licence_number == station_job.licence.number and slip.fees == []
    produce(station_job, serial="AK-9")
    receipt = services.receipt_data(services.load_job(station_job.pk))
    assert (receipt.card_serial, receipt.handed_over_at, receipt.card_kind) == ("AK-9", None, "運転免許証")
