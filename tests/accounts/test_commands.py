"""Shell commands ``menkyo operator`` and ``menkyo device``: they act as system:cli and are audited."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from menkyo.accounts.models import Operator
from menkyo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_cli_operator_create_and_disable():
    output = run("operator", "create", "cli_user", "--name", "端末 三郎", "--affiliation", "28-001",
                 "--role", "decision", "--role", "counter", "--decision-level", "section_head")
    password = output.split("initial password (shown once): ")[1].strip()
    operator = Operator.objects.get(username="cli_user")
    assert operator.check_password(password) and operator.roles == ["counter", "decision"]
    event = last_event()
    assert (event.action, event.actor_kind, event.actor) == ("accounts.operator.create", "system", "system:cli")
    run("operator", "disable", "cli_user")
    assert not Operator.objects.get(username="cli_user").is_active
    assert last_event().action == "accounts.operator.disable"


def test_cli_reports_validation_errors():
    with pytest.raises(CommandError, match="decision_level"):
        run("operator", "create", "cli_user", "--name", "端末 三郎", "--affiliation", "28-001",
            "--role", "decision")
    with pytest.raises(CommandError, match="no operator"):
        run("operator", "disable", "nobody")


def test_cli_device_create_and_revoke(client):
    output = run("device", "create", "明石 受付機2", "--kind", "kiosk",
                 "--affiliation", "28-002", "--role", "counter")
    token = output.split("token (shown once): ")[1].strip()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    run("device", "revoke", "明石 受付機2")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert last_event().actor == "system:cli"


# --- changepassword and createsuperuser (issue 7, D) ------------------------------------------


def test_changepassword_goes_through_the_service_and_is_audited(monkeypatch, hyogo_counter):
    from menkyo.accounts.management.commands import changepassword

    answers = iter(["short", "short", "a-new-shell-password-9", "a-new-shell-password-9"])
    monkeypatch.setattr(changepassword.getpass, "getpass", lambda prompt="": next(answers))
    err = io.StringIO()
    call_command(changepassword.Command(), "hyogo_counter", stdout=io.StringIO(), stderr=err)
    assert "12" in err.getvalue()  # the policy's Japanese message for the short one
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.check_password("a-new-shell-password-9") and hyogo_counter.must_change_password
    event = last_event()
    assert (event.action, event.actor, event.object_id) == (
        "accounts.operator.reset_password", "system:changepassword", str(hyogo_counter.pk))


def test_createsuperuser_refuses_and_names_operator_create():
    from menkyo.accounts.management.commands import createsuperuser

    with pytest.raises(CommandError, match="menkyo operator create"):
        call_command(createsuperuser.Command(), "--noinput", "--username", "root")


def test_djangos_createsuperuser_no_longer_crashes_but_refuses(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-1")
    with pytest.raises(CommandError, match="menkyo operator create"):
        call_command("createsuperuser", "--noinput", "--username", "root", "--email", "", stdout=io.StringIO())
    assert not Operator.objects.filter(username="root").exists()


def test_menkyo_resolves_changepassword_and_createsuperuser_to_the_accounts_commands():
    from django.core.management import get_commands

    assert get_commands()["changepassword"] == "menkyo.accounts"
    assert get_commands()["createsuperuser"] == "menkyo.accounts"
