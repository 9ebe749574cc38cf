"""Alerts (手配, 規程第46条・第47条): request, approve/reject with separation of duties, release, expiry,
hits on inquiries with their notifications."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.alerts import services
from menkyo.alerts.models import Alert, AlertHit, AlertState, Notification
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.core.models import TaskRun
from menkyo.inquiry.services import make_inquiry

pytestmark = pytest.mark.django_db


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def test_the_workflow_names_a_registered_rule_for_every_transition():
    assert services.ALERTS.check() == []
    assert set(services.ALERTS.transitions) == {"approve", "reject", "release", "expire"}


# --- request ------------------------------------------------------------------------------


def test_a_request_waits_for_approval_and_is_audited(requester, request_data, hyogo_licence):
    alert = services.request_alert(requester, **request_data)
    assert alert.state == AlertState.REQUESTED and alert.person_id == hyogo_licence.person_id
    assert (alert.requesting_affiliation_id, alert.prefecture_id, alert.case_owner) == ("28-001", "28", requester)
    assert alert.requested_by == requester.actor_name and alert.approved_by == ""
    event = last_event()
    assert (event.action, event.object_id, event.detail["legal_basis"]) == ("alerts.alert.request", str(alert.pk),
                                                                            "規程第46条")


def test_a_stolen_card_alert_is_on_the_card_number_not_the_person(requester, request_data, hyogo_licence):
    alert = services.request_alert(requester, **{**request_data, "kind": "stolen_card"})
    assert alert.person_id is None and alert.card_number == hyogo_licence.number
    assert alert.subject == f"免許証 {hyogo_licence.number}"


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"kind": "指名手配"}, "kind", "invalid_input"),
    ({"kind": ""}, "kind", "kind_required"),
    ({"reason": "  "}, "reason", "reason_required"),
    ({"reason": "あ" * 201}, "reason", "too_long"),
    ({"licence_number": ""}, "licence_number", "licence_number_required"),
    ({"licence_number": "123456789012"}, "licence_number", None),
    ({"expiry_date": None}, "expiry_date", "expiry_date_required"),
    ({"expiry_date": "2020-01-01"}, "expiry_date", "expiry_in_past"),
    ({"expiry_date": "令和元年5月1日"}, "expiry_date", "expiry_in_past"),
    ({"expiry_date": "2100-01-01"}, "expiry_date", "expiry_too_far"),
    ({"expiry_date": "あした"}, "expiry_date", "invalid_input"),
    ({"requesting_affiliation": "27-001"}, "requesting_affiliation", "other_prefecture"),
    ({"requesting_affiliation": "99-999"}, "requesting_affiliation", "invalid_input"),
    ({"case_owner": "nobody"}, "case_owner", "invalid_input"),
    ({"case_number": "x" * 31}, "case_number", "too_long"),
])
def test_bad_input_is_refused_in_japanese_on_its_field_and_changes_nothing(requester, request_data, change,
                                                                           field, code):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.request_alert(requester, **{**request_data, **change})
    assert refused.value.field == field and (code is None or refused.value.code == code)
    assert any("\u3040" <= c <= "\u30ff" for c in refused.value.message)  # Japanese
    assert not Alert.objects.exists() and AuditEvent.objects.count() == before


def test_a_case_owner_of_another_prefecture_is_refused(requester, request_data, osaka_counter):
    with pytest.raises(InvalidInput) as refused:
        services.request_alert(requester, **{**request_data, "case_owner": osaka_counter.username})
    assert refused.value.code == "other_prefecture"


def test_a_second_alert_of_the_same_kind_on_the_same_person_is_a_conflict(requested, requester, request_data):
    with pytest.raises(Conflict) as refused:
        services.request_alert(requester, **request_data)
    assert refused.value.code == "duplicate_alert" and Alert.objects.count() == 1


def test_a_counter_clerk_may_not_request_and_the_denial_is_audited(hyogo_counter, request_data,
                                                                   expect_one_denial):
    with expect_one_denial("alerts.request_alert", "alerts.alert.request"), pytest.raises(NotPermitted):
        services.request_alert(hyogo_counter, **request_data)
    assert not Alert.objects.exists()


def test_an_osaka_holder_may_be_the_subject_of_a_hyogo_alert(requester, request_data, osaka_licence):
    alert = services.request_alert(requester, **{**request_data, "licence_number": osaka_licence.number})
    assert alert.prefecture_id == "28" and alert.person_id == osaka_licence.person_id


# --- approve and reject -------------------------------------------------------------------


def test_a_second_person_approves_and_the_alert_is_active(requested, approver):
    services.approve_alert(approver, requested)
    requested.refresh_from_db()
    assert requested.state == AlertState.ACTIVE and requested.approved_by == approver.actor_name
    event = last_event()
    assert (event.action, event.detail["from"], event.detail["to"], event.detail["legal_basis"]) == (
        "alerts.alert.approve", "requested", "active", "規程第46条")


def test_the_requester_can_never_approve_their_own_request(make_operator, request_data):
    both = make_operator("both_roles", ["case_officer", "inquiry"], "28-001")
    alert = services.request_alert(both, **request_data)
    with pytest.raises(NotPermitted) as refused:
        services.approve_alert(both, alert)
    assert refused.value.code == "separation_of_duties" and "自分が要請" in refused.value.message
    alert.refresh_from_db()
    assert alert.state == AlertState.REQUESTED
    event = last_event()
    assert (event.action, event.outcome, event.detail) == ("alerts.alert.approve", "denied",
                                                           {"rule": "separation_of_duties"})


def test_the_database_refuses_an_approver_who_is_the_requester(requested):
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.filter(pk=requested.pk).update(approved_by=requested.requested_by)


def test_a_device_cannot_approve(requested, make_actor):
    device = make_actor("case_officer", "own", "device")
    with pytest.raises(NotPermitted) as refused:
        services.approve_alert(device, requested)
    assert refused.value.code == "device_cannot_decide"


def test_an_inquiry_operator_may_not_approve(requested, make_operator, expect_one_denial):
    other = make_operator("another_inquirer", ["inquiry"], "28-001")
    with expect_one_denial("alerts.approve_alert", "alerts.alert.approve"), pytest.raises(NotPermitted):
        services.approve_alert(other, requested)


def test_an_osaka_case_officer_may_not_approve_a_hyogo_alert(requested, make_operator):
    osaka = make_operator("osaka_officer", ["case_officer"], "27-001")
    with pytest.raises(NotPermitted) as refused:
        services.approve_alert(osaka, requested)
    assert "他の都道府県" in refused.value.message


def test_a_rejection_needs_a_reason_and_ends_the_request(requested, approver):
    with pytest.raises(InvalidInput) as refused:
        services.reject_alert(approver, requested, reason=" ")
    assert refused.value.field == "reason"
    services.reject_alert(approver, requested, reason="所在確認の必要性が認められない")
    requested.refresh_from_db()
    assert (requested.state, requested.rejected_by, requested.approved_by) == (
        AlertState.REJECTED, approver.actor_name, "")
    assert last_event().action == "alerts.alert.reject"


def test_an_approved_alert_cannot_be_approved_again(active, make_operator):
    other = make_operator("second_approver", ["decision"], "28-001", decision_level="section_head")
    with pytest.raises(Conflict) as refused:
        services.approve_alert(other, active)
    assert refused.value.code == "illegal_transition" and "登録済" in refused.value.message


# --- release and expiry -------------------------------------------------------------------


def test_release_needs_a_reason_and_ends_the_alert(active, requester):
    with pytest.raises(InvalidInput):
        services.release_alert(requester, active, reason="")
    services.release_alert(requester, active, reason="所在判明（出頭済み）")
    active.refresh_from_db()
    assert (active.state, active.release_reason, active.released_by) == (
        AlertState.RELEASED, "所在判明（出頭済み）", requester.actor_name)
    assert (last_event().action, last_event().detail["legal_basis"]) == ("alerts.alert.release", "規程第47条")


def test_a_requested_alert_cannot_be_released(requested, requester):
    with pytest.raises(Conflict):
        services.release_alert(requester, requested, reason="不要")


def test_the_expiry_batch_expires_only_alerts_past_their_date_once(active, requester, request_data,
                                                                   osaka_licence):
    other = services.request_alert(requester, **{**request_data, "licence_number": osaka_licence.number})
    Alert.objects.filter(pk=active.pk).update(expiry_date=timezone.localdate() - timedelta(days=1))
    day = timezone.localdate().isoformat()
    first = services.expire_alerts.call(day)
    again = services.expire_alerts.call(day)
    assert first["result"] == {"expired": 1} and again["status"] == "skipped_done"
    assert Alert.objects.get(pk=active.pk).state == AlertState.EXPIRED
    assert Alert.objects.get(pk=other.pk).state == AlertState.REQUESTED
    assert TaskRun.objects.get(key=f"alerts.expire:{day}").status == "done"
    assert AuditEvent.objects.filter(action="alerts.alert.expire", actor="system:task:alerts.expire").count() == 1


def test_a_person_cannot_expire_an_alert(active, approver):
    with pytest.raises(NotPermitted):
        services.ALERTS.apply(approver, active, "expire", reason="")


def test_review_due_lists_active_alerts_whose_review_date_has_come(active, requester):
    assert services.review_due(requester) == []
    assert services.review_due(requester, active.review_date) == [active]


def test_lists_are_scoped_to_the_prefecture(active, requester, make_operator):
    osaka = make_operator("osaka_inquirer", ["inquiry"], "27-001")
    assert services.alerts_for(requester) == [active]
    assert services.alerts_for(osaka) == []
    assert services.alerts_for(requester, state="released") == []


# --- hits and notifications ----------------------------------------------------------------


def inquire(actor, licence, purpose="交通取締り"):
    return make_inquiry(actor, purpose=purpose, licence_number=licence.number)


def test_an_inquiry_on_a_wanted_person_is_a_hit_recorded_and_notified(active, hyogo_licence, make_operator,
                                                                      requester):
    inquirer = make_operator("station_inquirer", ["inquiry"], "28-002")
    result = inquire(inquirer, hyogo_licence)
    (hit,) = result.matches[0].hits
    assert (hit.alert_id, hit.kind, hit.kind_label) == (active.pk, "other", "その他手配")
    assert "手配元へ連絡" in hit.action
    stored = AlertHit.objects.get()
    assert (stored.alert, stored.inquiry_id, stored.actor, stored.affiliation_code, stored.purpose) == (
        active, result.inquiry.pk, inquirer.actor_name, "28-002", "交通取締り")
    notification = Notification.objects.get()
    assert (notification.affiliation_id, notification.case_owner, notification.read_at) == (
        "28-001", requester, None)
    assert AuditEvent.objects.get(action="inquiry.holder.inquire").detail["alert_hits"] == [active.pk]


def test_a_requested_rejected_or_released_alert_is_no_hit(requested, approver, hyogo_licence, requester):
    assert inquire(requester, hyogo_licence).matches[0].hits == []
    services.approve_alert(approver, requested)
    assert len(inquire(requester, hyogo_licence).matches[0].hits) == 1
    services.release_alert(requester, requested, reason="所在判明")
    assert inquire(requester, hyogo_licence).matches[0].hits == []
    assert AlertHit.objects.count() == 1


def test_an_alert_past_its_expiry_is_no_hit_even_before_the_batch_runs(active, hyogo_licence, requester):
    Alert.objects.filter(pk=active.pk).update(expiry_date=timezone.localdate() - timedelta(days=1))
    assert inquire(requester, hyogo_licence).matches[0].hits == []


def test_a_stolen_card_is_hit_by_its_number(requester, approver, request_data, hyogo_licence):
    alert = services.request_alert(requester, **{**request_data, "kind": "stolen_card"})
    services.approve_alert(approver, alert)
    (hit,) = inquire(requester, hyogo_licence).matches[0].hits
    assert hit.kind == "stolen_card" and "保管" in hit.action
    by_name = make_inquiry(requester, purpose="交通取締り", name_kana="ヤマダ タロウ", birth_date="1980-05-17")
    assert [h.alert_id for h in by_name.matches[0].hits] == [alert.pk]


def test_the_inbox_shows_the_office_and_the_case_owner_their_notifications(active, hyogo_licence, requester,
                                                                           make_operator):
    inquire(requester, hyogo_licence)
    colleague = make_operator("same_office", ["case_officer"], "28-001")
    elsewhere = make_operator("other_office", ["case_officer"], "28-002")
    assert len(services.notifications_for(colleague)) == 1
    assert services.notifications_for(elsewhere) == []
    (notification,) = services.notifications_for(requester)
    services.mark_notification_read(colleague, notification.pk)
    assert last_event().action == "alerts.notification.read"
    notification.refresh_from_db()
    assert notification.read_by == colleague.actor_name and notification.read_at is not None
    assert services.notifications_for(requester, unread_only=True) == []
    listed = last_event()
    assert (listed.action, listed.detail) == ("alerts.notification.list", {"unread_only": True, "ids": []})


def test_a_case_owner_in_another_office_is_notified_too(make_operator, request_data, approver, hyogo_licence):
    owner = make_operator("owner_at_station", ["inquiry"], "28-002")
    entering = make_operator("entering", ["inquiry"], "28-001")
    alert = services.request_alert(entering, **{**request_data, "case_owner": owner.username})
    services.approve_alert(approver, alert)
    inquire(entering, hyogo_licence)
    assert [n.alert_id for n in services.notifications_for(owner)] == [alert.pk]


def test_marking_someone_elses_notification_is_not_found(active, hyogo_licence, requester, make_operator):
    inquire(requester, hyogo_licence)
    elsewhere = make_operator("other_office", ["case_officer"], "28-002")
    from menkyo.core.errors import NotFound
    with pytest.raises(NotFound):
        services.mark_notification_read(elsewhere, Notification.objects.get().pk)


def test_a_shell_command_may_request_for_any_office(request_data):
    alert = services.request_alert(SystemActor("test"), **{**request_data, "requesting_affiliation": "27-001"})
    assert alert.prefecture_id == "27" and alert.case_owner is None


def test_the_alerts_command_expires_once_per_day_and_counts_review_due(active):
    import io

    from django.core.management import call_command

    Alert.objects.filter(pk=active.pk).update(expiry_date=timezone.localdate() - timedelta(days=1),
                                              review_date=timezone.localdate() - timedelta(days=2))
    out = io.StringIO()
    call_command("alerts", "review-due", stdout=out)
    assert out.getvalue().strip() == "28 1"
    call_command("alerts", "expire", stdout=out)
    call_command("alerts", "expire", stdout=out)
    assert "ran {'expired': 1}" in out.getvalue() and "skipped_done" in out.getvalue()
    assert Alert.objects.get(pk=active.pk).state == AlertState.EXPIRED
