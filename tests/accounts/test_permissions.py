"""Operator and device management rules: a matrix per rule, and each rule's denial end to end.

``accounts.manage_operators`` (lists, registering) takes no record: what an
administrator sees is scoped by ``visible_to``. ``accounts.manage_operator``
is checked on the operator, device or affiliation concerned, here a 兵庫 one;
"other" is an actor of 大阪. Devices hold only 窓口・審査・照会 (NA otherwise).
"""

import pytest

from menkyo.accounts import services
from menkyo.accounts.models import Device, Operator, RoleGrant
from menkyo.core.actors import SystemActor
from menkyo.core.errors import NotPermitted
from menkyo.core.models import Affiliation
from menkyo.core.permissions import REGISTRY, allowed

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

MATRIX = {
    "accounts.manage_operators": [
        #                  operator      device
        # role             own   other   own   other
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          Y,    Y,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "accounts.manage_operator": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          Y,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "accounts.approve_role_grant": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          Y,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
}
RECORDS = {"accounts.manage_operator": ("operator", "device", "affiliation"),
           "accounts.approve_role_grant": ("role_grant",)}


@pytest.fixture
def matrix_record(matrix_case, make_operator):
    """A 兵庫 operator, device or affiliation (28-002, not the actors' own office)."""
    if matrix_case.record == "operator":
        return Operator.objects.get(pk=make_operator("target_operator", ["counter"], "28-002").pk)
    if matrix_case.record == "device":
        created = services.register_device(SystemActor("test"), name="明石 受付機", kind="kiosk",
                                           affiliation="28-002", roles=["counter"])
        return Device.objects.get(pk=created.device.pk)
    if matrix_case.record == "affiliation":
        return Affiliation.objects.get(code="28-002")
    if matrix_case.record == "role_grant":
        operator = make_operator("target_operator", ["counter"], "28-002")
        return RoleGrant.objects.create(operator=operator, roles=["admin"], before_roles=["counter"], reason="テスト")
    return None


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(
    matrix_case, make_actor, matrix_record
):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


# --- each rule's denial, end to end -----------------------------------------------------


def denial(rule: str) -> str:
    """What an actor without the rule's role is told."""
    return REGISTRY[rule].denial


def other_prefecture(rule: str) -> str:
    """What an actor with the role is told about another prefecture's operator or device."""
    return REGISTRY[rule].denial_other_prefecture


def test_an_auditor_disabling_an_operator_is_told_the_role_not_the_prefecture(
        hyogo_auditor, hyogo_counter, expect_one_denial):
    with expect_one_denial("accounts.manage_operator", "accounts.operator.disable"):
        with pytest.raises(NotPermitted) as refused:
            services.disable_operator(hyogo_auditor, hyogo_counter, "退職")
    assert refused.value.message == denial("accounts.manage_operator") and "他の都道府県" not in refused.value.message


def test_a_counter_listing_operators_is_refused_by_the_service(hyogo_counter, expect_one_denial):
    with expect_one_denial("accounts.manage_operators", "accounts.operator.list"):
        with pytest.raises(NotPermitted) as refused:
            services.operators_for(hyogo_counter)
    assert refused.value.message == denial("accounts.manage_operators")


def test_a_device_listing_devices_gets_403_with_the_rules_message(client, make_actor, expect_one_denial):
    device = make_actor("counter", "own", "device")
    with expect_one_denial("accounts.manage_operators", "accounts.device.list"):
        response = client.get("/api/v1/devices", HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "not_permitted", "message": denial("accounts.manage_operators"),
                                        "field": None}


def test_a_hyogo_admin_revoking_an_osaka_device_is_refused_by_the_service(hyogo_admin, expect_one_denial):
    osaka_device = services.register_device(SystemActor("test"), name="門真 受付機", kind="kiosk",
                                            affiliation="27-002", roles=["counter"]).device
    with expect_one_denial("accounts.manage_operator", "accounts.device.revoke"):
        with pytest.raises(NotPermitted) as refused:
            services.revoke_device(hyogo_admin, osaka_device)
    assert refused.value.message == other_prefecture("accounts.manage_operator")
    assert Device.objects.get(pk=osaka_device.pk).is_active


def test_a_hyogo_admin_changing_an_osaka_operators_roles_gets_403_with_the_rules_message(
    client, login_as, hyogo_admin, osaka_counter, expect_one_denial
):
    login_as(client, hyogo_admin, verified=True)
    with expect_one_denial("accounts.manage_operator", "accounts.operator.change_roles"):
        response = client.patch(f"/api/v1/operators/{osaka_counter.pk}/roles", {"roles": ["inquiry"]},
                                content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == other_prefecture("accounts.manage_operator")
    osaka_counter.refresh_from_db()
    assert osaka_counter.roles == ["counter"]
