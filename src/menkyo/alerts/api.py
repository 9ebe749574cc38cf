"""Alerts API (手配, 規程第46条・第47条) and the hit notifications (第46条第4項).

Other police systems register alerts through it too (a 審査・照会 device may request, e.g. on a
処分執行不能 report); approval is always a second person's, on the page or with an operator session.
Every input error is 422 with ``error.field``; a wrong state is 409; another prefecture's alert 403.
"""

from ninja import Router, Status

from menkyo.alerts import services
from menkyo.alerts.models import Alert, Notification
from menkyo.alerts.schemas import AlertIn, AlertOut, NotificationOut, ReasonIn
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements

router = Router(tags=["alerts"])


def alert_out(alert: Alert, actor) -> AlertOut:
    return AlertOut(
        id=alert.pk, kind=alert.kind, kind_label=alert.get_kind_display(), state=alert.state,
        state_label=alert.get_state_display(), person_name=alert.person.name if alert.person_id else None,
        card_number=alert.card_number, requesting_affiliation=alert.requesting_affiliation_id,
        requesting_affiliation_name=str(alert.requesting_affiliation),
        case_owner=alert.case_owner.username if alert.case_owner_id else None, case_number=alert.case_number,
        reason=alert.reason, requested_by=alert.requested_by, requested_at=alert.requested_at,
        approved_by=alert.approved_by, rejected_by=alert.rejected_by, decided_at=alert.decided_at,
        decision_reason=alert.decision_reason, expiry_date=alert.expiry_date, review_date=alert.review_date,
        released_by=alert.released_by, released_at=alert.released_at, release_reason=alert.release_reason,
        transitions=[t.name for t in services.ALERTS.available(actor, alert) if t.name != "expire"],
    )


def notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.pk, alert_id=n.alert_id, kind=n.alert.kind, kind_label=n.alert.get_kind_display(),
        subject=n.alert.subject, hit_at=n.hit.hit_at, inquiry_id=n.hit.inquiry_id, inquirer=n.hit.actor,
        inquirer_affiliation=n.hit.affiliation_code, purpose=n.hit.purpose, read_at=n.read_at, read_by=n.read_by)


@router.get("/alerts", response={200: list[AlertOut], **ERRORS}, summary="手配の一覧（自県）")
def list_alerts(request, state: str = ""):
    """The alerts of the caller's prefecture, newest first; ``state`` filters (requested・active・…)."""
    return [alert_out(a, request.actor) for a in as_unprocessable(services.alerts_for, request.actor, state=state)]


@router.get("/alerts/review-due", response={200: list[AlertOut], **ERRORS}, summary="見直し期日の到来した手配")
def review_due(request):
    return [alert_out(a, request.actor) for a in services.review_due(request.actor)]


@router.post("/alerts", response={201: AlertOut, **ERRORS}, summary="手配登録の要請（規程第46条）")
@implements(services.request_alert)
def request_alert(request, payload: AlertIn):
    """Enter a 所属長's request; the alert is 申請中 until a second person approves it."""
    alert = as_unprocessable(services.request_alert, request.actor, **payload.dict())
    return Status(201, alert_out(services.load_alert(alert.pk), request.actor))


@router.get("/alerts/{alert_id}", response={200: AlertOut, **ERRORS}, summary="手配の閲覧")
def get_alert(request, alert_id: int):
    return alert_out(services.get_alert(request.actor, alert_id), request.actor)


@router.post("/alerts/{alert_id}/approve", response={200: AlertOut, **ERRORS}, summary="手配登録の承認（規程第46条）")
@implements(services.approve_alert)
def approve_alert(request, alert_id: int):
    """By a 審査・決定 operator who did not enter the request (403 ``separation_of_duties``); devices 403."""
    alert = as_unprocessable(services.approve_alert, request.actor, services.load_alert(alert_id))
    return alert_out(alert, request.actor)


@router.post("/alerts/{alert_id}/reject", response={200: AlertOut, **ERRORS}, summary="手配登録要請の却下")
@implements(services.reject_alert)
def reject_alert(request, alert_id: int, payload: ReasonIn):
    alert = as_unprocessable(services.reject_alert, request.actor, services.load_alert(alert_id), reason=payload.reason)
    return alert_out(alert, request.actor)


@router.post("/alerts/{alert_id}/release", response={200: AlertOut, **ERRORS}, summary="手配の解除（規程第47条）")
@implements(services.release_alert)
def release_alert(request, alert_id: int, payload: ReasonIn):
    alert = as_unprocessable(services.release_alert, request.actor, services.load_alert(alert_id), reason=payload.reason)
    return alert_out(alert, request.actor)


@router.get("/alert-notifications", response={200: list[NotificationOut], **ERRORS},
            summary="手配該当の通知（自所属・担当事案）")
def list_notifications(request, unread: bool = False):
    return [notification_out(n) for n in services.notifications_for(request.actor, unread_only=unread)]


@router.post("/alert-notifications/{notification_id}/read", response={200: NotificationOut, **ERRORS},
             summary="手配該当の通知を既読にする")
@implements(services.mark_notification_read)
def mark_notification_read(request, notification_id: int):
    return notification_out(services.mark_notification_read(request.actor, notification_id))
