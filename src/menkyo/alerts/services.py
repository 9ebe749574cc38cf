"""手配 (alerts, 規程第46条・第47条): request, approve or reject, release, expire; hits and notifications.

- **Request** (第46条第2項): staff enter a 所属長's request — the kind, the subject (a licence number:
  the holder for the person kinds, the card itself for 盗品等免許証手配), the reason, the requesting
  office, the case owner and number, the expiry and review dates. The alert waits, 申請中.
- **Approve / reject** (第46条第3項): a second person (「審査」「決定」, never the one who entered the
  request, never a device) registers it (登録済) or rejects it with a reason.
- **Release** (第47条): with a reason; **expire**: the daily batch :func:`expire_alerts`.
- **Hits** (第46条第4項): the inquiry's search on the primary tells whether its answer has any active alert
  (:func:`any_active_sql`, in the search's statement); only then does the inquiry find them for the
  persons and card numbers of the answer (:func:`active_alerts`, before its transaction), and :func:`record_hits` stores
  an :class:`AlertHit` per alert found and a :class:`Notification` to the requesting office and the
  case owner.

Every state change goes through :data:`ALERTS` (``menkyo.core.workflow``): locked, audited, refused
in Japanese when the alert has left the state.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from menkyo.accounts.models import Operator
from menkyo.alerts.actions import Action
from menkyo.alerts.models import (
    CASE_NUMBER_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Alert,
    AlertHit,
    AlertKind,
    AlertState,
    Notification,
)
from menkyo.alerts.permissions import (
    APPROVE_ALERT,
    EXPIRE_ALERT,
    LIST_ALERTS,
    REGISTER_DISPOSITION_ALERT,
    REGISTER_REVOCATION_ALERT,
    RELEASE_ALERT,
    RELEASE_EXECUTED_ALERT,
    REQUEST_ALERT,
    VIEW_ALERTS,
    VIEW_NOTIFICATIONS,
)
from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.actors import is_system
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import DateParseError, parse_date
from menkyo.core.workflow import Transition, Workflow
from menkyo.registry.models import Licence
from menkyo.registry.services import parse_licence_number
from menkyo.registry.text import clean_text

#: The longest an alert stays registered before it must be requested again.
MAX_VALIDITY = timedelta(days=3 * 365)
#: The review date when none is given (capped at the expiry date).
DEFAULT_REVIEW = timedelta(days=180)
LIST_LIMIT = 200

S = AlertState
ALERTS = Workflow(
    name="alerts.alert", label_ja="手配", field="state", states=AlertState, transitions=[
        Transition("approve", source=(S.REQUESTED,), target=S.ACTIVE, rule=APPROVE_ALERT.name,
                   legal_basis=legal.KITEI_46, label_ja="承認（手配登録）", audit_action=Action.ALERT_APPROVE),
        Transition("reject", source=(S.REQUESTED,), target=S.REJECTED, rule=APPROVE_ALERT.name,
                   legal_basis=legal.KITEI_46, label_ja="却下", audit_action=Action.ALERT_REJECT,
                   requires_reason=True),
        Transition("release", source=(S.ACTIVE,), target=S.RELEASED, rule=RELEASE_ALERT.name,
                   legal_basis=legal.KITEI_47, label_ja="解除", audit_action=Action.ALERT_RELEASE,
                   requires_reason=True),
        Transition("expire", source=(S.ACTIVE,), target=S.EXPIRED, rule=EXPIRE_ALERT.name,
                   legal_basis=legal.KITEI_47, label_ja="期限切れ", audit_action=Action.ALERT_EXPIRE),
    ],
)
#: The release of a 処分手配 by the execution of its case (規程第47条), apart from :data:`ALERTS` so that
#: the alert's own pages never offer it: only ``dispositions`` applies it, in the execution's transaction.
EXECUTED_ALERTS = Workflow(
    name="alerts.alert_executed", label_ja="処分手配（処分の執行による解除）", field="state", states=AlertState,
    transitions=[
        Transition("release_executed", source=(S.ACTIVE,), target=S.RELEASED, rule=RELEASE_EXECUTED_ALERT.name,
                   legal_basis=legal.KITEI_47, label_ja="解除（処分の執行）", audit_action=Action.ALERT_RELEASE_EXECUTED,
                   requires_reason=True),
    ],
)

# What an inquirer is told on a hit, and must do (規程第45条第3項).
GUIDANCE = {
    AlertKind.DISPOSITION: ("処分手配に該当します。",
                            "法第104条の3第2項の出頭命令の措置を執り、免許証を保管し、手配元へ連絡してください。"),
    AlertKind.NOVICE_REVOCATION: ("初心運転者取消手配に該当します。", "取消処分の執行のため、直ちに手配元へ連絡してください。"),
    AlertKind.YOUTH_REVOCATION: ("若年運転者取消手配に該当します。", "取消処分の執行のため、直ちに手配元へ連絡してください。"),
    AlertKind.STOLEN_CARD: ("この免許証番号は盗品等免許証手配に該当します。",
                            "提示された免許証を確認・保管し、手配元へ連絡してください。"),
    AlertKind.OTHER: ("その他手配（所在確認）に該当します。", "手配元へ連絡してください（規程第45条第3項第2号）。"),
    AlertKind.UNFITNESS: ("取消等該当関連情報が登録されています。", "取消等の審査対象です。手配元へ連絡してください。"),
}


def today() -> date:
    return timezone.localdate()


# --- request -------------------------------------------------------------------------


def _kind(kind: str) -> str:
    value = (kind or "").strip()
    if value not in AlertKind.values:
        labels = "・".join(AlertKind.labels)
        if not value:
            raise InvalidInput(f"手配の区分を選んでください（{labels}）。", field="kind", code="kind_required")
        raise InvalidInput(f"手配の区分「{value[:20]}」はありません。{labels} から選んでください。", field="kind")
    return value


def _text(value: str, limit: int, *, field: str, label: str, required: bool = False) -> str:
    text = clean_text(value or "", limit, field=field, label=label)
    if required and not text:
        raise InvalidInput(f"{label}を入力してください。", field=field, code=f"{field}_required")
    return text


def _licence(number: str) -> Licence:
    if not (number or "").strip():
        raise InvalidInput("免許証番号を入力してください。", field="licence_number", code="licence_number_required")
    parsed = parse_licence_number(number, field="licence_number")
    licence = Licence.objects.filter(number=parsed).first()
    if licence is None:
        raise InvalidInput("この免許証番号の免許は登録されていません。", field="licence_number",
                           code="unknown_licence")
    return licence


def _affiliation(actor, code: str) -> Affiliation:
    code = (code or "").strip()
    if not code:
        if getattr(actor, "affiliation", None) is None:
            raise InvalidInput("要請所属を入力してください。", field="requesting_affiliation")
        return actor.affiliation
    found = Affiliation.objects.filter(code=code, active=True).select_related("prefecture").first()
    if found is None:
        raise InvalidInput(f"所属「{code[:8]}」はありません。", field="requesting_affiliation")
    if not is_system(actor) and found.prefecture_id != actor.prefecture_id:
        raise InvalidInput(f"要請所属は自県の所属を指定してください（{found}は他の都道府県の所属です）。",
                           field="requesting_affiliation", code="other_prefecture")
    return found


def _case_owner(actor, username: str, affiliation: Affiliation) -> Operator | None:
    username = (username or "").strip()
    if not username:
        return actor if getattr(actor, "actor_kind", "") == "operator" else None
    owner = Operator.objects.filter(username=username, is_active=True).select_related("affiliation").first()
    if owner is None:
        raise InvalidInput(f"事案担当者「{username[:40]}」という操作者はいません。", field="case_owner")
    if owner.prefecture_id != affiliation.prefecture_id:
        raise InvalidInput("事案担当者は要請所属と同じ都道府県の操作者を指定してください。", field="case_owner",
                           code="other_prefecture")
    return owner


def _date(value, *, field: str, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except DateParseError as exc:
        raise InvalidInput(f"{label}：{exc.message}", field=field) from None


def _dates(expiry, review) -> tuple[date, date]:
    now = today()
    expiry = _date(expiry, field="expiry_date", label="有効期限")
    if expiry is None:
        raise InvalidInput("有効期限を入力してください。", field="expiry_date", code="expiry_date_required")
    if expiry <= now:
        raise InvalidInput("有効期限は明日以降の日付を入力してください（過去の日付・今日は指定できません）。",
                           field="expiry_date", code="expiry_in_past")
    if expiry > now + MAX_VALIDITY:
        raise InvalidInput("有効期限は3年以内の日付を入力してください。", field="expiry_date", code="expiry_too_far")
    review = _date(review, field="review_date", label="見直し期日") or min(expiry, now + DEFAULT_REVIEW)
    if not now <= review <= expiry:
        raise InvalidInput("見直し期日は今日から有効期限までの日付を入力してください。", field="review_date")
    return expiry, review


def _refuse_duplicate(kind: str, licence: Licence) -> None:
    same = Alert.objects.filter(kind=kind, state__in=(S.REQUESTED, S.ACTIVE))
    same = same.filter(card_number=licence.number) if kind == AlertKind.STOLEN_CARD else same.filter(
        person_id=licence.person_id)
    existing = same.first()
    if existing is not None:
        raise Conflict(f"同じ区分の手配（手配番号 {existing.pk}、{existing.get_state_display()}）が既にあります。",
                       field="licence_number", code="duplicate_alert")


@procedure(legal.KITEI_46, rule=REQUEST_ALERT.name)
def request_alert(actor, *, kind: str, licence_number: str, reason: str, requesting_affiliation: str = "",
                  case_owner: str = "", case_number: str = "", expiry_date=None, review_date=None) -> Alert:
    """Enter a 所属長's request for an alert (手配登録の要請, 規程第46条第2項); it waits for approval.

    ``licence_number`` names the holder (処分・取消・その他手配・取消等該当関連情報) or, for a
    盗品等免許証手配, the stolen card itself. Bad input changes nothing (:class:`InvalidInput`).
    """
    authorize(actor, REQUEST_ALERT.name, getattr(actor, "affiliation", None), action=Action.ALERT_REQUEST)
    kind = _kind(kind)
    licence = _licence(licence_number)
    reason = _text(reason, TEXT_MAX_LENGTH, field="reason", label="手配の理由", required=True)
    case_number = _text(case_number, CASE_NUMBER_MAX_LENGTH, field="case_number", label="事案番号")
    affiliation = _affiliation(actor, requesting_affiliation)
    owner = _case_owner(actor, case_owner, affiliation)
    expiry, review = _dates(expiry_date, review_date)
    _refuse_duplicate(kind, licence)
    stolen = kind == AlertKind.STOLEN_CARD
    with transaction.atomic():
        alert = Alert.objects.create(
            kind=kind, person=None if stolen else licence.person, card_number=licence.number if stolen else "",
            prefecture_id=affiliation.prefecture_id, requesting_affiliation=affiliation, case_owner=owner,
            case_number=case_number, reason=reason, requested_by=actor.actor_name,
            expiry_date=expiry, review_date=review)
        record(actor, Action.ALERT_REQUEST, object_type="alert", object_id=alert.pk, person_id=alert.person_id,
               subject_prefecture=alert.prefecture_id,
               detail={"kind": kind, "requesting_affiliation": affiliation.code, "legal_basis": str(legal.KITEI_46)})
    return alert


# --- approve, reject, release, expire --------------------------------------------------


def _refuse(actor, alert: Alert, action: str, message: str, code: str) -> None:
    record(actor, action, object_type="alert", object_id=alert.pk, person_id=alert.person_id,
           subject_prefecture=alert.prefecture_id, outcome=Outcome.DENIED, detail={"rule": code})
    raise NotPermitted(message, code=code)


def _check_decider(actor, alert: Alert, transition: Transition) -> None:
    """A person decides, and never on a request they entered themselves (separation of duties)."""
    authorize(actor, transition.rule, alert, action=transition.audit_action, person_id=alert.person_id)
    if getattr(actor, "actor_kind", "") == "device":
        _refuse(actor, alert, transition.audit_action,
                "手配登録の承認・却下は操作者（人）が行います。端末からはできません。", "device_cannot_decide")
    if transition.name == "approve" and alert.requested_by == actor.actor_name:
        _refuse(actor, alert, transition.audit_action,
                "自分が要請を入力した手配は承認できません。別の「審査」「決定」の担当者が承認してください。",
                "separation_of_duties")


@procedure(legal.KITEI_46, rule=APPROVE_ALERT.name)
def approve_alert(actor, alert: Alert) -> Alert:
    """Register a requested alert (手配登録, 規程第46条第3項): a second person, not the requester."""
    _check_decider(actor, alert, ALERTS.transition("approve"))
    if alert.expiry_date <= today():
        raise Conflict("有効期限が過ぎているため承認できません。却下して、改めて要請してください。",
                       field="expiry_date", code="expired_request")
    ALERTS.apply(actor, alert, "approve", reason="", approved_by=actor.actor_name, decided_at=timezone.now())
    return alert


@procedure(legal.KITEI_46, rule=APPROVE_ALERT.name)
def reject_alert(actor, alert: Alert, *, reason: str) -> Alert:
    """Reject a requested alert with a reason (規程第46条第3項: 「必要があると認めるとき」 only)."""
    _check_decider(actor, alert, ALERTS.transition("reject"))
    reason = _text(reason, TEXT_MAX_LENGTH, field="reason", label="却下の理由")
    ALERTS.apply(actor, alert, "reject", reason=reason, decision_reason=reason, decided_at=timezone.now(),
                 rejected_by=actor.actor_name)
    return alert


@procedure(legal.KITEI_47, rule=RELEASE_ALERT.name)
def release_alert(actor, alert: Alert, *, reason: str) -> Alert:
    """Release an active alert (手配解除, 規程第47条): it no longer answers inquiries."""
    reason = _text(reason, TEXT_MAX_LENGTH, field="reason", label="解除の理由")
    ALERTS.apply(actor, alert, "release", reason=reason, release_reason=reason, released_by=actor.actor_name,
                 released_at=timezone.now())
    return alert


@procedure(legal.KITEI_46_1, rule=REGISTER_DISPOSITION_ALERT.name)
def register_disposition_alert(actor, *, person, affiliation: Affiliation, case_owner: Operator | None,
                               case_number: str, reason: str) -> Alert:
    """Register a 処分手配 for a case whose execution failed (規程第46条第1項: on the 執行不能通報書 the
    免許課長 「処分手配の登録を行うものとする」): active at once, no second person — the article leaves no
    discretion and the case was decided by two persons. Called by ``dispositions`` in its transaction."""
    authorize(actor, REGISTER_DISPOSITION_ALERT.name, affiliation, action=Action.ALERT_REGISTER,
              person_id=person.pk)
    return _active_at_once(actor, AlertKind.DISPOSITION, person, affiliation, case_owner, case_number, reason,
                           legal.KITEI_46_1)


#: The 取消手配 kinds a disposition registers at once (規程第41条の2第2項, 第41条の2の2第2項).
REVOCATION_KINDS = (AlertKind.NOVICE_REVOCATION, AlertKind.YOUTH_REVOCATION)


def register_revocation_alert(actor, *, kind: str, person, affiliation: Affiliation, case_owner: Operator | None,
                              case_number: str, reason: str, basis: legal.LegalBasis) -> Alert:
    """Register a 初心運転者取消手配 / 若年運転者取消手配 (規程第41条の2第2項, 第41条の2の2第2項: 「速やかに…手配登録を
    行うものとする」): active at once, as the 処分手配 — the 公安委員会 decided the 取消 and the person did not appear.
    Called by ``dispositions`` in its transaction; one active 手配 of the kind per person."""
    authorize(actor, REGISTER_REVOCATION_ALERT.name, affiliation, action=Action.ALERT_REGISTER, person_id=person.pk)
    if kind not in REVOCATION_KINDS:
        raise InvalidInput("取消手配の区分は初心運転者取消手配か若年運転者取消手配です。", field="kind")
    existing = Alert.objects.filter(kind=kind, person=person, state__in=(S.REQUESTED, S.ACTIVE)).first()
    if existing is not None:
        raise Conflict(f"同じ区分の手配（手配番号 {existing.pk}）が既にあります。", code="duplicate_alert")
    return _active_at_once(actor, kind, person, affiliation, case_owner, case_number, reason, basis)


def _active_at_once(actor, kind: str, person, affiliation: Affiliation, case_owner: Operator | None,
                    case_number: str, reason: str, basis: legal.LegalBasis) -> Alert:
    now = timezone.now()
    alert = Alert.objects.create(
        kind=kind, person=person, prefecture_id=affiliation.prefecture_id,
        requesting_affiliation=affiliation, case_owner=case_owner, case_number=case_number[:CASE_NUMBER_MAX_LENGTH],
        reason=reason[:TEXT_MAX_LENGTH], state=S.ACTIVE, requested_by=actor.actor_name, decided_at=now,
        expiry_date=today() + MAX_VALIDITY, review_date=today() + DEFAULT_REVIEW)
    record(actor, Action.ALERT_REGISTER, object_type="alert", object_id=alert.pk, person_id=person.pk,
           subject_prefecture=alert.prefecture_id,
           detail={"kind": alert.kind, "requesting_affiliation": affiliation.code, "automatic": True,
                   "legal_basis": str(basis)})
    return alert


@procedure(legal.KITEI_47, rule=RELEASE_EXECUTED_ALERT.name)
def release_executed_alert(actor, alert: Alert, *, reason: str) -> Alert:
    """Release the 処分手配 of a case executed at the counter (規程第47条: the need is gone)."""
    EXECUTED_ALERTS.apply(actor, alert, "release_executed", reason=reason, release_reason=reason[:TEXT_MAX_LENGTH],
                 released_by=actor.actor_name, released_at=timezone.now())
    return alert


def expire_due(actor, day: date) -> int:
    """Move every active alert whose expiry date is before ``day`` to 期限切れ; how many."""
    expired = 0
    for alert in Alert.objects.filter(state=S.ACTIVE, expiry_date__lt=day).order_by("pk"):
        ALERTS.apply(actor, alert, "expire", reason=f"有効期限（{alert.expiry_date.isoformat()}）の経過",
                     released_by=actor.actor_name, released_at=timezone.now())
        expired += 1
    return expired


@batch_task("alerts.expire", key=lambda day: f"alerts.expire:{day}")
def expire_alerts(actor, day: str) -> dict:
    """The daily batch: expire the alerts past their expiry date on ``day`` (ISO date); restartable."""
    return {"expired": expire_due(actor, date.fromisoformat(day))}


# --- reading ---------------------------------------------------------------------------


def _listed(actor, action: str, rows: list, detail: dict) -> list:
    """A list that names persons is a read of their data: one audit event with the ids shown."""
    record(actor, action, object_type=rows[0]._meta.model_name if rows else "",
           detail={**detail, "ids": [row.pk for row in rows]})
    return rows


def alerts_for(actor, *, state: str = "") -> list[Alert]:
    """The alerts of ``actor``'s prefecture, newest first (at most :data:`LIST_LIMIT`)."""
    authorize(actor, LIST_ALERTS.name, action=Action.ALERT_LIST)
    found = Alert.objects.visible_to(actor, "view").select_related("person", "requesting_affiliation")
    if state:
        if state not in AlertState.values:
            raise InvalidInput(f"状態「{state[:20]}」はありません。", field="state")
        found = found.filter(state=state)
    return _listed(actor, Action.ALERT_LIST, list(found[:LIST_LIMIT]), {"state": state})


def review_due(actor, day: date | None = None) -> list[Alert]:
    """Active alerts of ``actor``'s prefecture whose review date has come (見直し期日の到来)."""
    authorize(actor, LIST_ALERTS.name, action=Action.ALERT_LIST)
    due = Alert.objects.visible_to(actor, "view").filter(state=S.ACTIVE, review_date__lte=day or today())
    due = list(due.select_related("person", "requesting_affiliation").order_by("review_date", "pk")[:LIST_LIMIT])
    return _listed(actor, Action.ALERT_LIST, due, {"review_due": True})


def load_alert(pk: int) -> Alert:
    """One alert for a transition (the transition checks the permission), or :class:`NotFound`."""
    alert = Alert.objects.select_related("person", "requesting_affiliation", "case_owner").filter(pk=pk).first()
    if alert is None:
        raise NotFound(f"手配 {pk} は見つかりません。")
    return alert


def get_alert(actor, pk: int) -> Alert:
    """One alert, for ``actor`` of its prefecture; the read is audited (it names a person)."""
    alert = load_alert(pk)
    authorize(actor, VIEW_ALERTS.name, alert, action=Action.ALERT_READ, person_id=alert.person_id)
    record(actor, Action.ALERT_READ, object_type="alert", object_id=alert.pk, person_id=alert.person_id,
           subject_prefecture=alert.prefecture_id)
    return alert


def hits_of(alert: Alert) -> list[AlertHit]:
    return list(alert.hits.all()[:LIST_LIMIT])


# --- hits and notifications (第46条第4項) ----------------------------------------------


@dataclass(frozen=True)
class Hit:
    """What an inquiry's answer carries about one alert found."""

    alert_id: int
    hit_id: int
    kind: str
    kind_label: str
    message: str
    action: str
    requesting_affiliation: str
    case_number: str


def _active_ids(subjects: dict[int, list[str]]) -> list[int]:
    """The ids of the active, unexpired alerts of these persons or on these card numbers.

    Every inquiry answer asks this and nearly every answer has no hit, so it is one indexed
    query in plain SQL: building the same query with the ORM cost the inquiry more than
    PostgreSQL's lookup did (bench/inquiry).
    """
    persons, numbers = list(subjects), [n for ns in subjects.values() for n in ns]
    marks = ", ".join(["%s"] * len(persons))
    sql = (f"SELECT id FROM {connection.ops.quote_name(Alert._meta.db_table)} WHERE state = %s AND expiry_date >= %s"
           f" AND ((kind <> %s AND person_id IN ({marks}))")
    params = [S.ACTIVE.value, connection.ops.adapt_datefield_value(today()), AlertKind.STOLEN_CARD.value, *persons]
    if numbers:
        sql += f" OR (kind = %s AND card_number IN ({', '.join(['%s'] * len(numbers))}))"
        params += [AlertKind.STOLEN_CARD.value, *numbers]
    with connection.cursor() as cursor:
        cursor.execute(sql + ")", params)
        return [row[0] for row in cursor.fetchall()]


def any_active_sql(on, person: str, number: str) -> tuple[str, list]:
    """An SQL ``EXISTS`` over an active, unexpired alert on the person whose id is the column ``person``
    or on the card whose number is the column ``number``, and its parameters.

    For a statement that reads the persons and their licences (the inquiry's search): it tells in
    the same statement whether an answer has hits at all, and only then are they looked up
    (:func:`active_alerts`, the same condition). The stolen-card kind is written into the SQL,
    not bound, so that a prepared statement still uses the partial index on card numbers.
    """
    stolen = AlertKind.STOLEN_CARD.value  # a constant of the model, never input
    table = on.ops.quote_name(Alert._meta.db_table)
    return (f"EXISTS (SELECT 1 FROM {table} a WHERE a.state = %s AND a.expiry_date >= %s"
            f" AND ((a.kind <> '{stolen}' AND a.person_id = {person}) OR (a.kind = '{stolen}' AND a.card_number = {number})))",
            [S.ACTIVE.value, on.ops.adapt_datefield_value(today())])


def active_alerts(subjects: dict[int, list[str]]) -> list[Alert]:
    """The active, unexpired alerts of these persons or on these card numbers (one query when none).

    ``subjects`` maps each matched person to the licence (card) numbers shown for them.
    """
    ids = _active_ids(subjects) if subjects else []
    if not ids:
        return []
    return list(Alert.objects.filter(pk__in=ids).select_related("requesting_affiliation__prefecture").order_by("pk"))


def _owner_of(alert: Alert, subjects: dict[int, list[str]]) -> list[int]:
    if alert.kind != AlertKind.STOLEN_CARD:
        return [alert.person_id]
    return [pid for pid, numbers in subjects.items() if alert.card_number in numbers]


def record_hits(actor, *, inquiry_id: int, purpose: str, alerts: list[Alert],
                subjects: dict[int, list[str]]) -> dict[int, list[Hit]]:
    """Record the hits of one inquiry answer (規程第46条第4項): person id → the hits on that person.

    ``alerts`` are the answer's :func:`active_alerts` for the same ``subjects``. Each gets an
    :class:`AlertHit` and a :class:`Notification` to the requesting office and the case owner.
    Called inside the inquiry's transaction.
    """
    if not alerts:
        return {}
    affiliation = getattr(getattr(actor, "affiliation", None), "code", "")
    hits = AlertHit.objects.bulk_create([
        AlertHit(alert=a, inquiry_id=inquiry_id, actor=actor.actor_name, affiliation_code=affiliation,
                 purpose=purpose[:20]) for a in alerts])
    Notification.objects.bulk_create([
        Notification(hit=h, alert=h.alert, affiliation_id=h.alert.requesting_affiliation_id,
                     case_owner_id=h.alert.case_owner_id) for h in hits])
    answer: dict[int, list[Hit]] = {}
    for hit in hits:
        alert = hit.alert
        message, action = GUIDANCE[alert.kind]
        view = Hit(alert.pk, hit.pk, alert.kind, alert.get_kind_display(), message, action,
                   str(alert.requesting_affiliation), alert.case_number)
        for person_id in _owner_of(alert, subjects):
            answer.setdefault(person_id, []).append(view)
    return answer


def notifications_for(actor, *, unread_only: bool = False) -> list[Notification]:
    """The hit notifications for ``actor``'s office and ``actor``'s own cases, newest first."""
    authorize(actor, VIEW_NOTIFICATIONS.name, action=Action.NOTIFICATION_LIST)
    found = Notification.objects.addressed_to(actor).select_related(
        "alert__person", "alert__requesting_affiliation__prefecture", "hit", "affiliation")
    if unread_only:
        found = found.filter(read_at__isnull=True)
    return _listed(actor, Action.NOTIFICATION_LIST, list(found[:LIST_LIMIT]), {"unread_only": unread_only})


@procedure(legal.KITEI_46_4, rule=VIEW_NOTIFICATIONS.name)
def mark_notification_read(actor, pk: int) -> Notification:
    """Mark a hit notification as read (通報の受領, 規程第46条第4項); reading it twice changes nothing."""
    authorize(actor, VIEW_NOTIFICATIONS.name, action=Action.NOTIFICATION_READ)
    notification = Notification.objects.addressed_to(actor).select_related("alert__person", "hit").filter(pk=pk).first()
    if notification is None:
        raise NotFound(f"通知 {pk} は見つかりません（自所属あて・自分の担当事案の通知のみ扱えます）。")
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        notification.read_at, notification.read_by = timezone.now(), actor.actor_name
        notification.save(update_fields=["read_at", "read_by"])
        record(actor, Action.NOTIFICATION_READ, object_type="notification", object_id=notification.pk,
               person_id=notification.alert.person_id, subject_prefecture=notification.alert.prefecture_id,
               detail={"alert": notification.alert_id})
    return notification


#: Other apps' notices shown in the inbox below the hits: callables ``(actor) -> dict | None`` (``title``,
#: ``rows`` of ``(due, label, name, href)``, ``link``, ``link_label``), registered in their ``ready()`` —
#: alerts imports none of them (the dispositions app's deadline notices, ADR 0016 part 7).
INBOX_SECTIONS: list = []
