"""Separation of duties (issue 7, A): no operator changes their own roles; 監査 is never combined with
管理 or a record-changing role; 決定・監査・管理 are granted only with a second admin's approval."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from menkyo.accounts import services
from menkyo.accounts.models import Operator, RoleGrant
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


@pytest.fixture
def second_admin(make_operator):
    return make_operator("hyogo_admin2", ["admin"], "28-002")


@pytest.fixture
def osaka_admin(make_operator):
    return make_operator("osaka_admin", ["admin"], "27-001")


def grant_decision(actor, operator):
    return services.request_role_grant(actor, operator, ["counter", "decision"], "section_head", reason="課長代理")


# --- one's own roles -------------------------------------------------------------------


@pytest.mark.parametrize("roles", [["admin", "decision"], ["admin", "inquiry"], ["counter"]])
def test_an_admin_cannot_change_their_own_roles_and_the_refusal_is_audited(hyogo_admin, roles):
    with pytest.raises(NotPermitted, match="自分自身の役割は変更できません"):
        services.set_operator_roles(hyogo_admin, hyogo_admin, roles, "hq" if "decision" in roles else "")
    hyogo_admin.refresh_from_db()
    assert hyogo_admin.roles == ["admin"]
    event = last_event()
    assert (event.action, event.outcome, event.detail["refused"]) == ("accounts.operator.change_roles", "denied", "self")


def test_an_admin_cannot_request_roles_for_themselves(hyogo_admin):
    with pytest.raises(NotPermitted, match="自分自身"):
        services.request_role_grant(hyogo_admin, hyogo_admin, ["admin", "decision"], "hq", reason="昇任")
    assert not RoleGrant.objects.exists()


# --- 監査 is never combined with 管理 or a record-changing role ---------------------------------


@pytest.mark.parametrize("other", ["admin", "counter", "case_officer", "decision"])
def test_audit_cannot_be_combined_with_admin_or_a_record_changing_role(hyogo_admin, hyogo_counter, other):
    roles = ["audit", other]
    level = "hq" if other == "decision" else ""
    calls = [
        lambda: services.create_operator(hyogo_admin, username="combo_user", display_name="組合 せ",
                                         affiliation="28-001", roles=roles, decision_level=level),
        lambda: services.set_operator_roles(hyogo_admin, hyogo_counter, roles, level),
        lambda: services.request_role_grant(hyogo_admin, hyogo_counter, roles, level, reason="兼務"),
        lambda: services.set_operator_roles(SystemActor("test"), hyogo_counter, roles, level),
    ]
    for call in calls:
        with pytest.raises(InvalidInput, match="「監査」の役割は") as info:
            call()
        assert (info.value.field, info.value.code) == ("roles", "incompatible_roles")
    assert not Operator.objects.filter(username="combo_user").exists()
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"]


def test_audit_may_be_combined_with_inquiry(hyogo_admin, hyogo_auditor):
    services.set_operator_roles(hyogo_admin, hyogo_auditor, ["inquiry", "audit"])
    assert hyogo_auditor.roles == ["inquiry", "audit"]


def test_the_shell_cannot_create_an_auditor_who_administers():
    with pytest.raises(CommandError, match="監査"):
        call_command("operator", "create", "cli_boss", "--name", "全部 持つ", "--affiliation", "28-001",
                     "--role", "audit", "--role", "admin", stdout=io.StringIO())
    assert not Operator.objects.filter(username="cli_boss").exists()


# --- a second admin's approval ------------------------------------------------------------


@pytest.mark.parametrize(("roles", "level"), [(["counter", "decision"], "section_head"),
                                              (["inquiry", "audit"], ""), (["counter", "admin"], "")])
def test_granting_decision_audit_or_admin_directly_is_refused_and_roles_stay(hyogo_admin, hyogo_counter, roles, level):
    with pytest.raises(Conflict) as info:
        services.set_operator_roles(hyogo_admin, hyogo_counter, roles, level)
    assert info.value.code == "approval_required"
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"]


def test_raising_a_deciders_level_needs_approval(hyogo_admin, make_operator):
    decider = make_operator("hyogo_decider", ["decision"], decision_level="section_head")
    assert services.needs_approval(hyogo_admin, decider, ["decision"], "commission")
    with pytest.raises(Conflict):
        services.set_operator_roles(hyogo_admin, decider, ["decision"], "commission")


def test_removing_a_privileged_role_needs_no_approval(hyogo_admin, make_operator):
    decider = make_operator("hyogo_decider", ["counter", "decision"], decision_level="section_head")
    services.set_operator_roles(hyogo_admin, decider, ["counter"])
    assert decider.roles == ["counter"] and decider.decision_level == ""


def test_a_grant_changes_nothing_until_a_second_admin_approves_it(hyogo_admin, second_admin, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"] and grant.state == "pending"
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.role_grant.request", "ok", "hyogo_admin")
    assert event.detail["after"] == {"roles": ["counter", "decision"], "decision_level": "section_head"}
    assert event.detail["reason"] == "課長代理"

    services.approve_role_grant(second_admin, grant)
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter", "decision"] and hyogo_counter.decision_level == "section_head"
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == ("approved", second_admin)
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.role_grant.approve", "ok", "hyogo_admin2")
    assert event.detail["requested_by"] == "hyogo_admin" and event.object_id == str(hyogo_counter.pk)


def test_the_requesting_admin_cannot_approve_their_own_grant(hyogo_admin, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    with pytest.raises(NotPermitted, match="別の管理者") as info:
        services.approve_role_grant(hyogo_admin, grant)
    assert info.value.code == "same_admin"
    assert (last_event().action, last_event().outcome) == ("accounts.role_grant.approve", "denied")
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"]


def test_the_subject_of_a_grant_cannot_approve_it(hyogo_admin, second_admin, make_operator):
    third = make_operator("hyogo_admin3", ["admin"])
    grant = services.request_role_grant(hyogo_admin, second_admin, ["decision", "admin"], "hq", reason="兼務")
    with pytest.raises(NotPermitted, match="自分自身"):
        services.approve_role_grant(second_admin, grant)
    services.approve_role_grant(third, grant)
    second_admin.refresh_from_db()
    assert second_admin.roles == ["decision", "admin"]


def test_an_admin_of_another_prefecture_cannot_approve(hyogo_admin, osaka_admin, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    with pytest.raises(NotPermitted, match="他の都道府県"):
        services.approve_role_grant(osaka_admin, grant)
    event = last_event()
    assert (event.action, event.outcome, event.detail) == (
        "accounts.role_grant.approve", "denied", {"rule": "accounts.approve_role_grant"})


def test_a_non_admin_cannot_approve(hyogo_admin, hyogo_auditor, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    with pytest.raises(NotPermitted):
        services.approve_role_grant(hyogo_auditor, grant)


def test_a_rejected_grant_leaves_the_roles_and_is_audited(hyogo_admin, second_admin, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    with pytest.raises(InvalidInput):
        services.reject_role_grant(second_admin, grant, reason=" ")
    services.reject_role_grant(second_admin, grant, reason="必要性が確認できない")
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"]
    event = last_event()
    assert (event.action, event.actor, event.detail["reason"]) == (
        "accounts.role_grant.reject", "hyogo_admin2", "必要性が確認できない")
    with pytest.raises(Conflict, match="既に却下"):
        services.approve_role_grant(second_admin, grant)


def test_a_grant_made_stale_by_a_later_change_cannot_be_approved(hyogo_admin, second_admin, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    services.set_operator_roles(hyogo_admin, hyogo_counter, ["inquiry"])
    with pytest.raises(Conflict) as info:
        services.approve_role_grant(second_admin, grant)
    assert info.value.code == "stale_grant"


def test_only_one_pending_grant_per_operator(hyogo_admin, hyogo_counter):
    grant_decision(hyogo_admin, hyogo_counter)
    with pytest.raises(Conflict, match="承認待ち"):
        services.request_role_grant(hyogo_admin, hyogo_counter, ["admin"], reason="別件")


def test_pending_grants_are_listed_for_own_prefecture_admins_only(hyogo_admin, osaka_admin, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    assert list(services.pending_grants_for(hyogo_admin)) == [grant]
    assert list(services.pending_grants_for(osaka_admin)) == []


def test_creating_an_operator_with_a_privileged_role_gives_the_lower_roles_and_a_pending_grant(
        hyogo_admin, second_admin):
    created = services.create_operator(hyogo_admin, username="new_decider", display_name="決定 新",
                                       affiliation="28-001", roles=["counter", "decision"],
                                       decision_level="hq", reason="交通部長の代理")
    operator = created.operator
    assert (operator.roles, operator.decision_level) == (["counter"], "")
    assert created.grant.roles == ["counter", "decision"] and created.grant.reason == "交通部長の代理"
    assert last_event("accounts.operator.create").detail["requested_roles"] == ["counter", "decision"]
    services.approve_role_grant(second_admin, created.grant)
    operator.refresh_from_db()
    assert (operator.roles, operator.decision_level) == (["counter", "decision"], "hq")


def test_the_shell_grants_privileged_roles_without_approval():
    created = services.create_operator(SystemActor("cli"), username="cli_admin", display_name="管理 殻",
                                       affiliation="28-001", roles=["admin"])
    assert created.operator.roles == ["admin"] and created.grant is None


# --- screens and API --------------------------------------------------------------------------


def test_the_roles_page_turns_a_privileged_change_into_a_grant_that_another_admin_approves_on_screen(
        client, login_as, hyogo_admin, second_admin, hyogo_counter):
    login_as(client, hyogo_admin, verified=True)
    url = reverse("accounts:operator_roles", args=[hyogo_counter.pk])
    response = client.post(url, {"roles": ["counter", "decision"], "decision_level": "section_head", "reason": ""})
    assert response.status_code == 200 and "申請理由" in str(response.context["form"].errors)
    response = client.post(url, {"roles": ["counter", "decision"], "decision_level": "section_head",
                                 "reason": "課長代理"})
    assert response.status_code == 302 and response.url == reverse("accounts:grant_list")
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"]
    grant = RoleGrant.objects.get()
    page = client.get(reverse("accounts:grant_list")).content.decode()
    assert "課長代理" in page and "自分の申請は承認できません" in page
    assert client.post(reverse("accounts:grant_approve", args=[grant.pk])).status_code == 403

    client.logout()
    login_as(client, second_admin, verified=True)
    page = client.get(reverse("accounts:grant_list")).content.decode()
    assert reverse("accounts:grant_approve", args=[grant.pk]) in page
    assert client.post(reverse("accounts:grant_approve", args=[grant.pk])).status_code == 302
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter", "decision"]


def test_a_grant_is_rejected_on_screen(client, login_as, hyogo_admin, second_admin, hyogo_counter):
    grant = grant_decision(hyogo_admin, hyogo_counter)
    login_as(client, second_admin, verified=True)
    url = reverse("accounts:grant_reject", args=[grant.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "不要"}).status_code == 302
    grant.refresh_from_db()
    assert grant.state == "rejected"


def test_the_grant_list_is_refused_to_a_non_admin_and_the_denial_audited(client, hyogo_counter):
    client.force_login(hyogo_counter)
    assert client.get(reverse("accounts:grant_list")).status_code == 403
    assert (last_event().action, last_event().outcome) == ("accounts.role_grant.list", "denied")


def test_the_api_requests_lists_approves_and_rejects_grants(client, login_as, hyogo_admin, second_admin, make_operator):
    target = make_operator("api_target", ["counter"], "28-002")
    other = make_operator("api_other", ["inquiry"], "28-002")
    login_as(client, hyogo_admin, verified=True)
    response = client.patch(f"/api/v1/operators/{target.pk}/roles", {"roles": ["admin"]},
                            content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "approval_required"
    response = client.post(f"/api/v1/operators/{target.pk}/role-grants", {"roles": ["admin"], "reason": "後任"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    first = response.json()
    assert (first["username"], first["state"], first["requested_by"]) == ("api_target", "pending", "hyogo_admin")
    second = client.post(f"/api/v1/operators/{other.pk}/role-grants", {"roles": ["inquiry", "audit"],
                         "reason": "監査担当"}, content_type="application/json").json()
    assert client.post(f"/api/v1/role-grants/{first['id']}/approve").status_code == 403
    client.logout()
    login_as(client, second_admin, verified=True)
    assert [g["id"] for g in client.get("/api/v1/role-grants").json()] == [first["id"], second["id"]]
    assert client.post(f"/api/v1/role-grants/{first['id']}/approve").json()["state"] == "approved"
    response = client.post(f"/api/v1/role-grants/{second['id']}/reject", {"reason": "不要"},
                           content_type="application/json")
    assert response.json()["state"] == "rejected"
    target.refresh_from_db()
    other.refresh_from_db()
    assert (target.roles, other.roles) == (["admin"], ["inquiry"])


def test_the_api_creates_a_privileged_operator_with_a_pending_grant(client, login_as, hyogo_admin):
    login_as(client, hyogo_admin, verified=True)
    payload = {"username": "api_auditor", "display_name": "監査 API", "affiliation": "28-001",
               "roles": ["audit"], "reason": "監査担当"}
    body = client.post("/api/v1/operators", payload, content_type="application/json").json()
    assert body["operator"]["roles"] == [] and body["pending_grant"]["roles"] == ["audit"]
