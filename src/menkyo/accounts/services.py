"""Operator and device management (操作者管理): the only place that changes them.

Every function checks permission first, validates, writes inside one
transaction and records an audit event. Permission: the 管理 role, and the
target (operator, device, or the affiliation chosen for a new one) must belong
to the actor's own prefecture.

Shell commands act as a :class:`~menkyo.core.actors.SystemActor`, which
:func:`menkyo.core.permissions.allowed` trusts fully: whoever can run
``menkyo`` on the server already administers the platform (database, keys,
settings), so a role check would protect nothing; lists show them every
prefecture. Their writes are still validated and audited like any other, under
the actor name ``system:<command>``. Web and API callers are always operators
or devices and never pass this bypass.
"""

import re
import secrets
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from menkyo.accounts.actions import Action
from menkyo.accounts.models import Device, Operator
from menkyo.accounts.permissions import MANAGE_OPERATOR, MANAGE_OPERATORS
from menkyo.accounts.tokens import new_token
from menkyo.audit.recorder import record
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.models import Affiliation, DecisionLevel, Role
from menkyo.core.permissions import authorize

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{2,31}$")
USERNAME_MESSAGE = (
    "ユーザー名は半角英小文字で始まり、半角英小文字・数字・「_」「.」「-」からなる"
    "3〜32文字で入力してください。"
)
# Devices act without a person at the keyboard, so they never hold roles that
# require a second factor (決定, 監査, 管理).
DEVICE_ROLES = (Role.COUNTER, Role.CASE_OFFICER, Role.INQUIRY)


@dataclass(frozen=True)
class NewOperator:
    """A created operator and its initial password (shown once, never stored in clear)."""

    operator: Operator
    password: str


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


def _display_name(value: str) -> str:
    name = (value or "").strip()
    if not name or len(name) > 40:
        raise InvalidInput("氏名を40文字以内で入力してください。", field="display_name")
    return name


def _check_password(password: str, operator: Operator) -> None:
    """Django's password validators, with their messages in Japanese."""
    with translation.override("ja"):
        try:
            password_validation.validate_password(password, user=operator)
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages), field="password") from None


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
) -> NewOperator:
    """Create an operator; without ``password`` a random initial one is generated."""
    authorize(actor, MANAGE_OPERATORS.name, action=Action.OPERATOR_CREATE)
    affiliation = _affiliation(affiliation)
    _authorize_affiliation(actor, affiliation, action=Action.OPERATOR_CREATE)
    roles = _roles(roles)
    operator = Operator(
        username=_username(username),
        display_name=_display_name(display_name),
        affiliation=affiliation,
        roles=roles,
        decision_level=_decision_level(roles, decision_level),
    )
    password = password or generate_password()
    _check_password(password, operator)
    operator.set_password(password)
    with transaction.atomic():
        operator.save()
        _audit(actor, Action.OPERATOR_CREATE, operator, {"roles": roles})
    return NewOperator(operator, password)


def set_operator_roles(actor, operator: Operator, roles, decision_level: str = "") -> Operator:
    """Replace the operator's roles (and decision level); an admin keeps their own 管理."""
    authorize(actor, MANAGE_OPERATOR.name, operator, action=Action.OPERATOR_ROLES_CHANGE)
    roles = _roles(roles)
    level = _decision_level(roles, decision_level)
    if _is_self(actor, operator) and Role.ADMIN not in roles:
        raise InvalidInput("自分自身の「管理」の役割は外せません。", field="roles", code="self_lockout")
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
