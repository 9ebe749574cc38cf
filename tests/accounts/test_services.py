"""Operator and device management services: permission, validation, audit (accounts.<object>.<verb>)."""

import pytest

from menkyo.accounts import services
from menkyo.accounts.models import Device, Operator
from menkyo.accounts.tokens import hash_secret
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


def new_operator(actor, **overrides):
    data = {
        "username": "hyogo_new",
        "display_name": "兵庫 花子",
        "affiliation": "28-002",
        "roles": ["counter"],
    }
    return services.create_operator(actor, **{**data, **overrides})


def new_device(actor, **overrides):
    data = {"name": "明石 受付機1", "kind": "kiosk", "affiliation": "28-002", "roles": ["counter"]}
    return services.register_device(actor, **{**data, **overrides})


# --- permission and scope ----------------------------------------------------


def test_admin_creates_operator_in_own_prefecture(hyogo_admin):
    created = new_operator(hyogo_admin, roles=["inquiry", "counter"])
    operator = Operator.objects.get(username="hyogo_new")
    assert operator.roles == ["counter", "inquiry"]  # canonical order
    assert created.grant is None
    assert operator.check_password(created.password) and operator.password != created.password
    event = last_event()
    assert (event.action, event.actor, event.outcome) == ("accounts.operator.create", "hyogo_admin", "ok")
    assert event.object_id == str(operator.pk) and event.subject_prefecture_code == "28"
    assert created.password not in str(event.detail)


def test_admin_cannot_create_operator_in_other_prefecture(hyogo_admin):
    with pytest.raises(NotPermitted):
        new_operator(hyogo_admin, affiliation="27-001")
    assert not Operator.objects.filter(username="hyogo_new").exists()
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.operator.create", "denied", "hyogo_admin")
    assert event.detail == {"rule": "accounts.manage_operator"}


@pytest.mark.parametrize("role", ["counter", "case_officer", "decision", "inquiry", "audit"])
def test_non_admins_cannot_manage_operators(make_operator, hyogo_counter, role):
    actor = make_operator(f"hyogo_{role}_x", [role], decision_level="hq" if role == "decision" else "")
    calls = [
        lambda: new_operator(actor),
        lambda: services.set_operator_roles(actor, hyogo_counter, ["inquiry"]),
        lambda: services.disable_operator(actor, hyogo_counter, "退職"),
        lambda: new_device(actor),
        lambda: services.operators_for(actor),
    ]
    for call in calls:
        before = AuditEvent.objects.count()
        with pytest.raises(NotPermitted):
            call()
        assert AuditEvent.objects.count() == before + 1
        assert last_event().outcome == "denied"
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"] and hyogo_counter.is_active


@pytest.mark.parametrize(
    ("target_fixture", "permitted"), [("hyogo_counter", True), ("osaka_counter", False)]
)
@pytest.mark.parametrize("change", ["roles", "disable"])
def test_admin_changes_only_own_prefecture(request, hyogo_admin, target_fixture, permitted, change):
    target = request.getfixturevalue(target_fixture)
    action = {"roles": "accounts.operator.change_roles", "disable": "accounts.operator.disable"}[change]

    def run():
        if change == "roles":
            services.set_operator_roles(hyogo_admin, target, ["inquiry"])
        else:
            services.disable_operator(hyogo_admin, target, "異動")

    if permitted:
        run()
        assert (last_event().action, last_event().outcome) == (action, "ok")
    else:
        with pytest.raises(NotPermitted, match="他の都道府県"):
            run()
        event = last_event()
        assert (event.action, event.outcome, event.subject_prefecture_code) == (action, "denied", "27")
    target.refresh_from_db()
    changed = target.roles == ["inquiry"] or not target.is_active
    assert changed is permitted


def test_operator_list_is_scoped_to_prefecture(hyogo_admin, hyogo_counter, osaka_counter):
    usernames = {op.username for op in services.operators_for(hyogo_admin)}
    assert usernames == {"hyogo_admin", "hyogo_counter"}


# --- validation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "Bad Name"}, "username"),
        ({"username": "hyogo_admin"}, "username"),
        ({"display_name": " "}, "display_name"),
        ({"roles": ["counter", "boss"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"roles": ["decision"]}, "decision_level"),
        ({"roles": ["counter"], "decision_level": "hq"}, "decision_level"),
        ({"roles": ["decision"], "decision_level": "king"}, "decision_level"),
        ({"affiliation": "99-999"}, "affiliation"),
        ({"password": "short"}, "password"),
        ({"password": "1234567890123"}, "password"),
    ],
)
def test_invalid_input_names_the_field(hyogo_admin, overrides, field):
    with pytest.raises(InvalidInput) as info:
        new_operator(hyogo_admin, **overrides)
    assert info.value.field == field
    assert not Operator.objects.filter(display_name="兵庫 花子").exists()


def test_unknown_role_message_is_japanese(hyogo_admin):
    with pytest.raises(InvalidInput, match="役割コード「boss」は存在しません"):
        new_operator(hyogo_admin, roles=["boss"])


def test_password_policy_messages_are_japanese(hyogo_admin):
    with pytest.raises(InvalidInput, match="パスワード") as info:
        new_operator(hyogo_admin, password="short")
    assert "12" in info.value.message


def test_devices_cannot_hold_second_factor_roles(hyogo_admin):
    with pytest.raises(InvalidInput, match="端末には役割「管理」") as info:
        new_device(hyogo_admin, roles=["admin"])
    assert info.value.field == "roles"


# --- self-lockout, disable / enable -----------------------------------------


def test_admin_cannot_remove_own_admin_role(hyogo_admin):
    with pytest.raises(NotPermitted, match="自分自身") as info:
        services.set_operator_roles(hyogo_admin, hyogo_admin, ["counter"])
    assert info.value.code == "self_change"
    hyogo_admin.refresh_from_db()
    assert hyogo_admin.roles == ["admin"]


def test_admin_cannot_disable_self(hyogo_admin):
    with pytest.raises(InvalidInput, match="自分自身を無効"):
        services.disable_operator(hyogo_admin, hyogo_admin, "テスト")
    hyogo_admin.refresh_from_db()
    assert hyogo_admin.is_active


def test_roles_change_audits_before_and_after(hyogo_admin, hyogo_counter):
    services.set_operator_roles(hyogo_admin, hyogo_counter, ["case_officer", "inquiry"])
    detail = last_event("accounts.operator.change_roles").detail
    assert detail["before"] == {"roles": ["counter"], "decision_level": ""}
    assert detail["after"] == {"roles": ["case_officer", "inquiry"], "decision_level": ""}


def test_disable_requires_reason_and_enable_restores(hyogo_admin, hyogo_counter):
    with pytest.raises(InvalidInput) as info:
        services.disable_operator(hyogo_admin, hyogo_counter, "  ")
    assert info.value.field == "reason"
    services.disable_operator(hyogo_admin, hyogo_counter, "長期休暇")
    assert not Operator.objects.get(pk=hyogo_counter.pk).is_active
    assert last_event().detail["reason"] == "長期休暇"
    with pytest.raises(Conflict):
        services.disable_operator(hyogo_admin, hyogo_counter, "長期休暇")
    services.enable_operator(hyogo_admin, hyogo_counter)
    assert Operator.objects.get(pk=hyogo_counter.pk).is_active
    assert last_event().action == "accounts.operator.enable"


# --- devices -----------------------------------------------------------------


def test_register_device_returns_token_once_and_stores_hash(hyogo_admin):
    created = new_device(hyogo_admin)
    prefix, key_id, secret = created.token.split("_", 2)
    device = Device.objects.get(name="明石 受付機1")
    assert prefix == "mkd" and key_id == device.key_id
    assert device.token_hash == hash_secret(secret) and secret not in device.token_hash
    event = last_event()
    assert event.action == "accounts.device.register" and secret not in str(event.detail)


def test_admin_cannot_register_or_revoke_devices_of_other_prefecture(hyogo_admin, make_operator):
    with pytest.raises(NotPermitted):
        new_device(hyogo_admin, affiliation="27-002")
    assert last_event().action == "accounts.device.register" and last_event().outcome == "denied"
    osaka_device = new_device(SystemActor("test"), name="門真 受付機", affiliation="27-002").device
    with pytest.raises(NotPermitted):
        services.revoke_device(hyogo_admin, osaka_device)
    assert (last_event().action, last_event().outcome) == ("accounts.device.revoke", "denied")
    assert Device.objects.get(pk=osaka_device.pk).is_active


# --- each service's audit event and denial event -------------------------------------


def perform(service: str, actor, affiliation: str):
    """Run ``service`` as ``actor`` on a fresh operator or device of ``affiliation``; its target."""
    shell = SystemActor("test")
    if service == "create_operator":
        return new_operator(actor, affiliation=affiliation).operator
    if service == "register_device":
        return new_device(actor, affiliation=affiliation).device
    if service == "revoke_device":
        device = new_device(shell, name=f"端末 {affiliation}", affiliation=affiliation).device
        return services.revoke_device(actor, device)
    operator = new_operator(shell, username=f"target_{affiliation[:2]}", affiliation=affiliation).operator
    if service == "set_operator_roles":
        return services.set_operator_roles(actor, operator, ["inquiry"])
    if service == "disable_operator":
        return services.disable_operator(actor, operator, "異動")
    services.disable_operator(shell, operator, "休職")
    return services.enable_operator(actor, operator)


SERVICE_ACTIONS = [
    ("create_operator", "accounts.operator.create", "operator"),
    ("set_operator_roles", "accounts.operator.change_roles", "operator"),
    ("disable_operator", "accounts.operator.disable", "operator"),
    ("enable_operator", "accounts.operator.enable", "operator"),
    ("register_device", "accounts.device.register", "device"),
    ("revoke_device", "accounts.device.revoke", "device"),
]


@pytest.mark.parametrize(("service", "action", "object_type"), SERVICE_ACTIONS)
def test_each_service_records_its_action_for_its_own_prefecture(hyogo_admin, service, action, object_type):
    target = perform(service, hyogo_admin, "28-002")
    event = last_event()
    assert (event.action, event.outcome, event.actor) == (action, "ok", "hyogo_admin")
    assert (event.object_type, event.object_id) == (object_type, str(target.pk))
    assert event.subject_prefecture_code == "28"


@pytest.mark.parametrize(("service", "action", "object_type"), SERVICE_ACTIONS)
def test_each_service_records_its_denial_for_another_prefecture(hyogo_admin, service, action, object_type):
    with pytest.raises(NotPermitted):
        perform(service, hyogo_admin, "27-002")
    event = last_event()
    assert (event.action, event.outcome, event.actor) == (action, "denied", "hyogo_admin")
    assert event.detail == {"rule": "accounts.manage_operator"}
    assert event.subject_prefecture_code == "27"


@pytest.mark.parametrize(
    ("lister", "action"),
    [(services.operators_for, "accounts.operator.list"), (services.devices_for, "accounts.device.list")],
)
def test_listing_operators_or_devices_is_refused_to_a_counter_and_the_denial_recorded(hyogo_counter, lister, action):
    with pytest.raises(NotPermitted):
        lister(hyogo_counter)
    event = last_event()
    assert (event.action, event.outcome, event.actor) == (action, "denied", "hyogo_counter")
    assert event.detail == {"rule": "accounts.manage_operators"}


def test_staff_see_a_server_command_or_batch_as_system_work_not_its_internal_name():
    from menkyo.accounts.services import name_of

    assert name_of("system:browser-setup") == "システム処理"
    assert name_of("system:task:notices.batch") == "定時処理"
    assert name_of("") == ""
