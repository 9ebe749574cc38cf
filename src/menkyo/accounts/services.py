"""Operator and device management (操作者管理): the only place that changes them.

Every function checks permission first, validates, writes inside one
transaction and records an audit event. Permission: the 管理 role, and the
target (operator, device, or the affiliation chosen for a new one) must belong
to the actor's own prefecture.

Separation of duties (issue 7): no operator changes their own roles, password
(other than through :func:`change_password`, with the current one) or second
factor; 監査 is never combined with 管理 or with a role that changes records
(窓口・審査・決定); and an administrator who gives someone 決定・監査・管理 —
by changing roles or by creating an operator — only *requests* it
(:class:`RoleGrant`): a different administrator of the same prefecture approves
or rejects the request. A new operator asked for with such roles is created
with the other roles only, plus a pending grant for the rest.

Shell commands act as a :class:`~menkyo.core.actors.SystemActor`, which
:func:`menkyo.core.permissions.allowed` trusts fully: whoever can run
``menkyo`` on the server already administers the platform (database, keys,
settings), so a role check would protect nothing; lists show them every
prefecture. Their writes are still validated and audited like any other, under
the actor name ``system:<command>``, and they too cannot combine 監査 with 管理
or a record-changing role. Web and API callers are always operators or
devices and never pass this bypass.
"""

import re
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts.actions import Action
from menkyo.accounts.models import (
    APPROVAL_ROLES,
    OPERATOR_NAMES,
    RECORD_CHANGING_ROLES,
    Device,
    Operator,
    RoleGrant,
)
from menkyo.accounts.permissions import APPROVE_ROLE_GRANT, MANAGE_OPERATOR, MANAGE_OPERATORS
from menkyo.accounts.tokens import new_token
from menkyo.audit.recorder import record
from menkyo.core.actors import is_system
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.kana import normalise_kana
from menkyo.core.models import Affiliation, DecisionLevel, Prefecture, Role
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{2,31}$")
USERNAME_MESSAGE = (
    "ユーザー名は半角英小文字で始まり、半角英小文字・数字・「_」「.」「-」からなる"
    "3〜32文字で入力してください。"
)
# Devices act without a person at the keyboard, so they never hold roles that
# require a second factor (決定, 監査, 管理).
DEVICE_ROLES = (Role.COUNTER, Role.CASE_OFFICER, Role.INQUIRY)
# Single-purpose devices hold no role: what each may do is a rule naming its kind
# (core.permissions.add_rule(device_kinds=…)), so an OMR装置 can never take an application.
SINGLE_PURPOSE_DEVICE_KINDS = (
    Device.Kind.CARD_PRINTER, Device.Kind.OMR, Device.Kind.SCHOOL, Device.Kind.SCORING,
    Device.Kind.QUESTION_AUTHORING, Device.Kind.PASS_BOARD, Device.Kind.ONESTOP,
    Device.Kind.OTHER_SYSTEM,
)


APPROVAL_NEEDED = (
    "「決定」「監査」「管理」の役割の付与には、別の管理者の承認が必要です。役割付与申請を行ってください。"
)
SELF_ROLES = "自分自身の役割は変更できません。別の管理者に依頼してください。"


@dataclass(frozen=True)
class NewOperator:
    """A created operator and its initial password (shown once, never stored in clear);
    ``grant`` is the pending request for the roles that need a second admin's approval."""

    operator: Operator
    password: str
    grant: RoleGrant | None = None


@dataclass(frozen=True)
class NewDevice:
    """A registered device and its bearer token (shown once; only a hash is stored)."""

    device: Device
    token: str


# --- permission and lists ------------------------------------------------------


def _authorize_affiliation(actor, affiliation: Affiliation, *, action: str) -> None:
    """The actor may place operators and devices in ``affiliation`` (own prefecture)."""
    authorize(actor, MANAGE_OPERATOR.name, affiliation, action=action)


def operators_for(actor):
    """Operators the actor may see: their own prefecture's (all for the shell); 管理 only."""
    authorize(actor, MANAGE_OPERATORS.name, action=Action.OPERATOR_LIST)
    return Operator.objects.visible_to(actor, "manage").select_related(
        "affiliation__prefecture").order_by("username")


def devices_for(actor):
    """Devices the actor may see: their own prefecture's (all for the shell); 管理 only."""
    authorize(actor, MANAGE_OPERATORS.name, action=Action.DEVICE_LIST)
    return Device.objects.visible_to(actor, "manage").select_related(
        "affiliation__prefecture").order_by("name")


def affiliations_for(actor):
    """Affiliations the actor may assign to new operators and devices."""
    return Affiliation.objects.visible_to(actor, "assign").filter(active=True).select_related("prefecture")


def get_operator(pk) -> Operator:
    """The operator ``pk`` (any prefecture: the service that acts on it checks scope)."""
    operator = Operator.objects.select_related("affiliation").filter(pk=pk).first()
    if operator is None:
        raise NotFound("指定された操作者は存在しません。")
    return operator


def get_device(pk) -> Device:
    """The device ``pk`` (any prefecture: the service that acts on it checks scope)."""
    device = Device.objects.select_related("affiliation").filter(pk=pk).first()
    if device is None:
        raise NotFound("指定された端末は存在しません。")
    return device


# --- validation --------------------------------------------------------------


def _affiliation(value) -> Affiliation:
    if isinstance(value, Affiliation):
        return value
    affiliation = Affiliation.objects.filter(code=str(value or ""), active=True).first()
    if affiliation is None:
        raise InvalidInput(f"所属コード「{value}」は存在しません。", field="affiliation")
    return affiliation


def _roles(values, allowed=tuple(Role)) -> list[str]:
    """Validated role codes in canonical order; at least one."""
    codes = {str(v) for v in values or []}
    if not codes:
        raise InvalidInput("役割を1つ以上選択してください。", field="roles")
    for code in sorted(codes):
        if code not in Role.values:
            raise InvalidInput(f"役割コード「{code}」は存在しません。", field="roles")
        if code not in allowed:
            label = Role(code).label
            raise InvalidInput(f"端末には役割「{label}」を付与できません。", field="roles")
    return [role.value for role in Role if role.value in codes]


def _decision_level(roles: list[str], level: str | None) -> str:
    level = level or ""
    if level and level not in DecisionLevel.values:
        raise InvalidInput(f"決定権限コード「{level}」は存在しません。", field="decision_level")
    if Role.DECISION in roles and not level:
        raise InvalidInput("決定の役割には決定権限の指定が必要です。", field="decision_level")
    if Role.DECISION not in roles and level:
        raise InvalidInput(
            "決定権限は決定の役割を持つ操作者にのみ指定できます。", field="decision_level"
        )
    return level


def _username(value: str) -> str:
    username = (value or "").strip()
    if not USERNAME_RE.match(username):
        raise InvalidInput(USERNAME_MESSAGE, field="username")
    if Operator.objects.filter(username=username).exists():
        raise InvalidInput("このユーザー名は既に使われています。", field="username", code="duplicate")
    return username


def _check_combination(roles: list[str]) -> None:
    """監査 is never combined with 管理 or with a role that changes records."""
    if Role.AUDIT not in roles:
        return
    clash = [Role(code).label for code in roles if code == Role.ADMIN or code in RECORD_CHANGING_ROLES]
    if clash:
        raise InvalidInput(
            f"「監査」の役割は「{'」「'.join(clash)}」と同時に付与できません"
            "（監査する者は記録の変更や操作者の管理を行えません）。",
            field="roles", code="incompatible_roles",
        )


def needs_approval(actor, operator: Operator | None, roles, decision_level: str = "") -> bool:
    """A change to ``roles`` that adds 決定・監査・管理 (or changes the decision level of a
    決定 operator) needs a second administrator's approval; the shell's does not."""
    if is_system(actor):
        return False
    before = set(operator.roles) if operator is not None else set()
    if (set(roles) - before) & APPROVAL_ROLES:
        return True
    return (operator is not None and Role.DECISION in before and Role.DECISION in roles
            and (decision_level or "") != operator.decision_level)


def _refuse_self(actor, operator: Operator, action: str, message: str) -> None:
    """An operator never acts on their own roles, password or second factor (audited)."""
    if not _is_self(actor, operator):
        return
    record(actor, action, object_type="operator", object_id=operator.pk,
           subject_prefecture=operator.affiliation.prefecture_id, outcome=Outcome.DENIED,
           detail={"username": operator.username, "refused": "self"})
    raise NotPermitted(message, code="self_change")


def _display_name(value: str) -> str:
    name = (value or "").strip()
    if not name or len(name) > 40:
        raise InvalidInput("氏名を40文字以内で入力してください。", field="display_name")
    return name


def _check_password(password: str, operator: Operator, field: str = "password") -> None:
    """Django's password validators, with their messages in Japanese."""
    with translation.override("ja"):
        try:
            password_validation.validate_password(password, user=operator)
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages), field=field) from None


def generate_password() -> str:
    """A random initial password that passes the password policy."""
    return secrets.token_urlsafe(12)


# --- operators ---------------------------------------------------------------


def create_operator(
    actor,
    *,
    username: str,
    display_name: str,
    affiliation,
    roles,
    decision_level: str = "",
    password: str | None = None,
    reason: str = "",
) -> NewOperator:
    """Create an operator; without ``password`` a random initial one is generated.

    The password is the administrator's, so the operator must change it at
    first login. Roles that need approval (決定・監査・管理, asked for by an
    operator) are not given yet: the operator gets the other roles and a
    pending :class:`RoleGrant` for the full set (``reason`` is its reason).
    """
    authorize(actor, MANAGE_OPERATORS.name, action=Action.OPERATOR_CREATE)
    affiliation = _affiliation(affiliation)
    _authorize_affiliation(actor, affiliation, action=Action.OPERATOR_CREATE)
    roles = _roles(roles)
    level = _decision_level(roles, decision_level)
    _check_combination(roles)
    pending = needs_approval(actor, None, roles, level)
    granted = [code for code in roles if code not in APPROVAL_ROLES] if pending else roles
    operator = Operator(
        username=_username(username),
        display_name=_display_name(display_name),
        affiliation=affiliation,
        roles=granted,
        decision_level="" if pending else level,
        must_change_password=True,
    )
    password = password or generate_password()
    _check_password(password, operator)
    operator.set_password(password)
    grant = None
    with transaction.atomic():
        operator.save()
        detail = {"roles": granted, **({"requested_roles": roles} if pending else {})}
        _audit(actor, Action.OPERATOR_CREATE, operator, detail)
        if pending:
            grant = _request_grant(actor, operator, roles, level, (reason or "").strip() or "新規登録")
    return NewOperator(operator, password, grant)


def set_operator_roles(actor, operator: Operator, roles, decision_level: str = "") -> Operator:
    """Replace the operator's roles (and decision level) at once: removing roles, or adding
    窓口・審査・照会. Adding 決定・監査・管理 needs :func:`request_role_grant` (refused here
    with ``approval_required``), except from the shell. Never one's own roles."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.OPERATOR_ROLES_CHANGE)
    _refuse_self(actor, operator, Action.OPERATOR_ROLES_CHANGE, SELF_ROLES)
    roles = _roles(roles)
    level = _decision_level(roles, decision_level)
    _check_combination(roles)
    if needs_approval(actor, operator, roles, level):
        raise Conflict(APPROVAL_NEEDED, field="roles", code="approval_required")
    before = {"roles": list(operator.roles), "decision_level": operator.decision_level}
    with transaction.atomic():
        operator.roles, operator.decision_level = roles, level
        operator.save(update_fields=["roles", "decision_level"])
        after = {"roles": roles, "decision_level": level}
        _audit(actor, Action.OPERATOR_ROLES_CHANGE, operator, {"before": before, "after": after})
    return operator


def disable_operator(actor, operator: Operator, reason: str) -> Operator:
    """Stop the operator from logging in (their open sessions end at the next request)."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.OPERATOR_DISABLE)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("無効にする理由を入力してください。", field="reason")
    if _is_self(actor, operator):
        raise InvalidInput("自分自身を無効にすることはできません。", code="self_lockout")
    if not operator.is_active:
        raise Conflict("この操作者は既に無効です。")
    with transaction.atomic():
        operator.is_active = False
        operator.save(update_fields=["is_active"])
        _audit(actor, Action.OPERATOR_DISABLE, operator, {"reason": reason[:200]})
    return operator


def enable_operator(actor, operator: Operator) -> Operator:
    """Allow a disabled operator to log in again."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.OPERATOR_ENABLE)
    if operator.is_active:
        raise Conflict("この操作者は既に有効です。")
    with transaction.atomic():
        operator.is_active = True
        operator.save(update_fields=["is_active"])
        _audit(actor, Action.OPERATOR_ENABLE, operator, {})
    return operator


def set_operator_particulars(actor, operator: Operator, *, family_name_kana: str = "", birth_date=None,
                             address_prefecture: str = "", home_municipality: str = "") -> Operator:
    """Record what the inquiry review (照会履歴確認) compares lookups with: the operator's kana surname,
    birth date and home municipality (all optional; empty clears). Audited with field names only."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.OPERATOR_PARTICULARS)
    kana = normalise_kana(family_name_kana or "")
    if kana and not re.fullmatch(r"[ァ-ヴー]+", kana):
        raise InvalidInput("氏（カナ）はカタカナで入力してください。", field="family_name_kana")
    municipality = (home_municipality or "").strip()
    if len(kana) > 40 or len(municipality) > 40:
        raise InvalidInput("氏（カナ）と市区町村は40文字以内で入力してください。", field="home_municipality")
    if address_prefecture and not Prefecture.objects.filter(code=address_prefecture).exists():
        raise InvalidInput("都道府県コードが正しくありません（01〜47）。", field="address_prefecture")
    values = {"family_name_kana": kana, "birth_date": birth_date, "address_prefecture_id": address_prefecture or None,
              "home_municipality": municipality}
    with transaction.atomic():
        for name, value in values.items():
            setattr(operator, name, value)
        operator.save(update_fields=[name.removesuffix("_id") for name in values])
        _audit(actor, Action.OPERATOR_PARTICULARS, operator, {"fields": sorted(k for k, v in values.items() if v)})
    return operator


# --- role grants (a second administrator's approval) --------------------------------


def pending_grants_for(actor):
    """Pending role grants the actor may decide on: their own prefecture's; 管理 only."""
    authorize(actor, MANAGE_OPERATORS.name, action=Action.ROLE_GRANT_LIST)
    return (RoleGrant.objects.visible_to(actor, "manage").filter(state=RoleGrant.State.PENDING)
            .select_related("operator__affiliation", "requested_by").order_by("requested_at", "pk"))


def get_grant(pk) -> RoleGrant:
    """The role grant ``pk`` (any prefecture: the service that acts on it checks scope)."""
    grant = RoleGrant.objects.select_related("operator__affiliation", "requested_by").filter(pk=pk).first()
    if grant is None:
        raise NotFound("指定された役割付与申請は存在しません。")
    return grant


def request_role_grant(actor, operator: Operator, roles, decision_level: str = "", *, reason: str) -> RoleGrant:
    """Ask for ``operator``'s roles to become ``roles`` (adding 決定・監査・管理); nothing
    changes until a different administrator approves (:func:`approve_role_grant`)."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.ROLE_GRANT_REQUEST)
    _refuse_self(actor, operator, Action.ROLE_GRANT_REQUEST, SELF_ROLES)
    roles = _roles(roles)
    level = _decision_level(roles, decision_level)
    _check_combination(roles)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("申請理由を入力してください。", field="reason")
    if not needs_approval(actor, operator, roles, level):
        raise InvalidInput("この役割の変更には承認は不要です。役割の変更から行ってください。",
                           field="roles", code="no_approval_needed")
    with transaction.atomic():
        return _request_grant(actor, operator, roles, level, reason)


def _request_grant(actor, operator: Operator, roles, level: str, reason: str) -> RoleGrant:
    if RoleGrant.objects.filter(operator=operator, state=RoleGrant.State.PENDING).exists():
        raise Conflict("この操作者には承認待ちの役割付与申請が既にあります。", code="grant_pending")
    grant = RoleGrant.objects.create(
        operator=operator, roles=roles, decision_level=level, before_roles=list(operator.roles),
        before_decision_level=operator.decision_level, reason=reason[:200],
        requested_by=operator_or_none(actor),
    )
    _audit(actor, Action.ROLE_GRANT_REQUEST, operator, {
        "grant": grant.pk, "reason": grant.reason,
        "before": {"roles": grant.before_roles, "decision_level": grant.before_decision_level},
        "after": {"roles": roles, "decision_level": level},
    })
    return grant


def approve_role_grant(actor, grant: RoleGrant) -> RoleGrant:
    """Give the operator the requested roles. The approver is a 管理 operator of the same
    prefecture who neither requested the grant nor is its subject."""
    operator = grant.operator
    authorize(actor, APPROVE_ROLE_GRANT.name, grant, action=Action.ROLE_GRANT_APPROVE)
    _refuse_self(actor, operator, Action.ROLE_GRANT_APPROVE, "自分自身への役割付与申請は承認できません。")
    if isinstance(actor, Operator) and grant.requested_by_id == actor.pk:
        record(actor, Action.ROLE_GRANT_APPROVE, object_type="operator", object_id=operator.pk,
               subject_prefecture=operator.affiliation.prefecture_id, outcome=Outcome.DENIED,
               detail={"username": operator.username, "grant": grant.pk, "refused": "requester"})
        raise NotPermitted("自分が申請した役割付与は承認できません。別の管理者が承認してください。",
                           code="same_admin")
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().select_related("operator__affiliation").get(pk=grant.pk)
        operator = Operator.objects.select_for_update().select_related("affiliation").get(pk=grant.operator_id)
        _check_pending(grant)
        if (list(operator.roles), operator.decision_level) != (grant.before_roles, grant.before_decision_level):
            raise Conflict("申請後に操作者の役割が変更されたため承認できません。却下して申請し直してください。",
                           code="stale_grant")
        _check_combination(grant.roles)
        operator.roles, operator.decision_level = list(grant.roles), grant.decision_level
        operator.save(update_fields=["roles", "decision_level"])
        grant.state, grant.decided_by, grant.decided_at = RoleGrant.State.APPROVED, operator_or_none(actor), timezone.now()
        grant.save(update_fields=["state", "decided_by", "decided_at"])
        _audit(actor, Action.ROLE_GRANT_APPROVE, operator, {
            "grant": grant.pk, "requested_by": grant.requested_by.username if grant.requested_by else "",
            "before": {"roles": grant.before_roles, "decision_level": grant.before_decision_level},
            "after": {"roles": grant.roles, "decision_level": grant.decision_level},
        })
    return grant


def reject_role_grant(actor, grant: RoleGrant, *, reason: str) -> RoleGrant:
    """Refuse the request; the operator's roles stay as they are. The requester may
    withdraw their own request this way."""
    operator = grant.operator
    authorize(actor, APPROVE_ROLE_GRANT.name, grant, action=Action.ROLE_GRANT_REJECT)
    _refuse_self(actor, operator, Action.ROLE_GRANT_REJECT, "自分自身への役割付与申請は却下できません。")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("却下の理由を入力してください。", field="reason")
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().select_related("operator__affiliation").get(pk=grant.pk)
        _check_pending(grant)
        grant.state, grant.decided_by, grant.decided_at = RoleGrant.State.REJECTED, operator_or_none(actor), timezone.now()
        grant.decision_reason = reason[:200]
        grant.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
        _audit(actor, Action.ROLE_GRANT_REJECT, grant.operator, {
            "grant": grant.pk, "reason": grant.decision_reason,
            "withdrawn": isinstance(actor, Operator) and grant.requested_by_id == actor.pk,
        })
    return grant


def _check_pending(grant: RoleGrant) -> None:
    if grant.state != RoleGrant.State.PENDING:
        raise Conflict(f"この役割付与申請は既に{grant.get_state_display()}です。", code="grant_decided")


def operator_or_none(actor) -> Operator | None:
    return actor if isinstance(actor, Operator) else None


# --- passwords, second factor, lock-out -------------------------------------------


@dataclass(frozen=True)
class PasswordReset:
    """An operator whose password an administrator reset, and the one-time password."""

    operator: Operator
    password: str


def change_password(actor, *, current_password: str, new_password: str) -> Operator:
    """The operator changes their own password: the current one is required, the new one
    must pass the password policy and differ. Ends a forced change."""
    if not isinstance(actor, Operator):
        raise NotPermitted("パスワードを変更できるのはログイン中の操作者本人のみです。")
    if not actor.check_password(current_password or ""):
        record(actor, Action.PASSWORD_CHANGE, object_type="operator", object_id=actor.pk,
               subject_prefecture=actor.affiliation.prefecture_id, outcome=Outcome.DENIED,
               detail={"username": actor.username, "refused": "current_password"})
        raise InvalidInput("現在のパスワードが正しくありません。", field="current_password")
    if new_password == current_password:
        raise InvalidInput("新しいパスワードには現在と異なるものを指定してください。", field="new_password")
    _check_password(new_password or "", actor, field="new_password")
    forced = actor.must_change_password
    with transaction.atomic():
        actor.set_password(new_password)
        actor.must_change_password = False
        actor.save(update_fields=["password", "must_change_password"])
        _audit(actor, Action.PASSWORD_CHANGE, actor, {"forced": forced})
    return actor


def reset_password(actor, operator: Operator, *, password: str | None = None) -> PasswordReset:
    """An administrator (or the shell) gives another operator a new password, shown once;
    the operator must change it at their next login. Never one's own."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.PASSWORD_RESET)
    _refuse_self(actor, operator, Action.PASSWORD_RESET,
                 "自分自身のパスワードは再設定できません。パスワードの変更画面から変更してください。")
    password = password or generate_password()
    _check_password(password, operator)
    with transaction.atomic():
        operator.set_password(password)
        operator.must_change_password = True
        operator.save(update_fields=["password", "must_change_password"])
        _audit(actor, Action.PASSWORD_RESET, operator, {})
    return PasswordReset(operator, password)


def reset_second_factor(actor, operator: Operator) -> Operator:
    """Delete the operator's TOTP devices: they enrol a new one at their next login.
    Never one's own."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.SECOND_FACTOR_RESET)
    _refuse_self(actor, operator, Action.SECOND_FACTOR_RESET, "自分自身の二要素認証は再設定できません。")
    devices = TOTPDevice.objects.filter(user=operator)
    if not devices.exists():
        raise Conflict("この操作者は二要素認証を設定していません。", code="no_second_factor")
    with transaction.atomic():
        deleted, _ = devices.delete()
        _audit(actor, Action.SECOND_FACTOR_RESET, operator, {"devices": deleted})
    return operator


def unlock_operator(actor, operator: Operator) -> Operator:
    """Lift a django-axes lock-out (clear the failed logins recorded for the user name).
    Never one's own."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.OPERATOR_UNLOCK)
    _refuse_self(actor, operator, Action.OPERATOR_UNLOCK, "自分自身のロックは解除できません。")
    if not is_locked(operator):
        raise Conflict("この操作者はロックされていません。", code="not_locked")
    with transaction.atomic():
        cleared = axes_reset(username=operator.username)
        _audit(actor, Action.OPERATOR_UNLOCK, operator, {"attempts_cleared": cleared})
    return operator


def locked_usernames(usernames) -> set[str]:
    """Which of ``usernames`` django-axes has locked out (failure limit reached, not yet cooled off)."""
    attempts = AccessAttempt.objects.filter(username__in=list(usernames),
                                            failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - timedelta(hours=float(cooloff)))
    return set(attempts.values_list("username", flat=True))


def is_locked(operator: Operator) -> bool:
    return operator.username in locked_usernames([operator.username])


def _is_self(actor, operator: Operator) -> bool:
    return isinstance(actor, Operator) and actor.pk == operator.pk


# --- devices -----------------------------------------------------------------


def register_device(actor, *, name: str, kind: str, affiliation, roles) -> NewDevice:
    """Register an API device; the returned token is shown once and never stored."""
    authorize(actor, MANAGE_OPERATORS.name, action=Action.DEVICE_REGISTER)
    affiliation = _affiliation(affiliation)
    _authorize_affiliation(actor, affiliation, action=Action.DEVICE_REGISTER)
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise InvalidInput("端末名を60文字以内で入力してください。", field="name")
    if Device.objects.filter(name=name).exists():
        raise InvalidInput("この端末名は既に使われています。", field="name", code="duplicate")
    if kind not in Device.Kind.values:
        raise InvalidInput(f"端末種別コード「{kind}」は存在しません。", field="kind")
    if kind in SINGLE_PURPOSE_DEVICE_KINDS:
        if roles:
            raise InvalidInput(f"「{Device.Kind(kind).label}」には役割を付与しません（種別で行える処理が決まります）。",
                               field="roles")
        roles = []
    else:
        roles = _roles(roles, allowed=DEVICE_ROLES)
    key_id, token, token_hash = new_token()
    device = Device(
        name=name, kind=kind, affiliation=affiliation, roles=roles, key_id=key_id, token_hash=token_hash,
    )
    with transaction.atomic():
        device.save()
        _audit(actor, Action.DEVICE_REGISTER, device, {"kind": kind, "roles": roles})
    return NewDevice(device, token)


def revoke_device(actor, device: Device) -> Device:
    """Revoke a device's token for good (register a new device to replace it)."""
    authorize(actor, MANAGE_OPERATOR.name, device, action=Action.DEVICE_REVOKE)
    if not device.is_active:
        raise Conflict("この端末は既に失効しています。")
    with transaction.atomic():
        device.is_active = False
        device.save(update_fields=["is_active"])
        _audit(actor, Action.DEVICE_REVOKE, device, {})
    return device


def _audit(actor, action: str, target: Operator | Device, detail: dict) -> None:
    """One audit event about an operator or a device, naming it (never a password or token)."""
    names = {"username": target.username} if isinstance(target, Operator) else {
        "name": target.name, "key_id": target.key_id}
    record(
        actor,
        action,
        object_type=type(target).__name__.lower(),
        object_id=target.pk,
        subject_prefecture=target.affiliation.prefecture_id,
        detail={**names, **detail},
    )


OPERATOR_NAMES_FOR = 60  # seconds a list of operators' names is used before it is read again


def name_of(actor: str) -> str:
    """The name people know an operator by (``yamada_t`` → 山田 太郎) for pages and documents; a
    command or batch of the server (``system:…``) as 「システム処理」 or 「定時処理」 (no internal name shown
    to staff); a device's name as it is. Records keep the login name (the audit trail's actor).
    The list is read at most once a minute (and after an operator is saved in this process): a page
    of a hundred rows costs one query, not a hundred."""
    if not actor:
        return ""
    if actor.startswith("system:"):
        return "定時処理" if actor.startswith("system:task:") else "システム処理"
    if time.monotonic() - OPERATOR_NAMES["read_at"] > OPERATOR_NAMES_FOR:
        OPERATOR_NAMES["names"] = dict(Operator.objects.values_list("username", "display_name"))
        OPERATOR_NAMES["read_at"] = time.monotonic()
    return OPERATOR_NAMES["names"].get(actor) or actor
