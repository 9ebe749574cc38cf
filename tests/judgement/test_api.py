"""The law engine's interfaces: CLI exit codes and errors, HTTP auth and audit, the simulator page."""

import json

import pytest
from django.urls import reverse

from menkyo.audit.models import AuditEvent
from menkyo.judgement import presentation
from menkyo.judgement import views as simulator
from menkyo.rules import ENTRY_POINTS
from menkyo.rules import cli as rules_cli
from menkyo.rules.errors import RulesError
from menkyo.rules.summary import summarise

ASSESS = {
    "as_of": "2026-11-22",
    "person": {"birth_date": "1985-04-02"},
    "licences": [{"kind": "普通", "acquired": "2005-06-01"}],
    "events": [
        {"type": "violation", "date": "2026-01-10", "code": "signal_red",
         "accident": {"severity": "injury_under_15d", "sole_fault": True}},
    ],
}


def with_event(**changes) -> dict:
    data = json.loads(json.dumps(ASSESS))
    data["events"][0].update(changes)
    return data


@pytest.fixture
def case_officer(make_operator):
    return make_operator("hyogo_case_officer", ["case_officer"], "28-001")


@pytest.fixture
def officer_client(login_as, client, case_officer):
    return login_as(client, case_officer)


def assert_error(output: str, code: str, path=None):
    body = json.loads(output)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "path"}
    assert body["error"]["code"] == code and body["error"]["message"]
    assert body["error"]["path"] == path
    assert "Traceback" not in output


# --- CLI -------------------------------------------------------------------------


def test_cli_decision_exits_0_with_json():
    code, output = rules_cli.run("assess", json.dumps(ASSESS))
    assert code == 0, output
    body = json.loads(output)
    assert body["outcome"]["action"] and isinstance(body["points"], int) and body["trace"]
    assert all(step["reference"] for step in body["trace"]), "every trace step names its reference"


@pytest.mark.parametrize("text", ["{bad", "", "[1, 2"], ids=["broken", "empty", "unclosed"])
def test_cli_bad_json_exits_2_with_structured_error(text):
    code, output = rules_cli.run("assess", text)
    assert code == 2
    assert_error(output, "invalid_json")


def test_cli_json_that_is_not_an_object_exits_2():
    code, output = rules_cli.run("renewal", "[]")
    assert code == 2
    assert_error(output, "invalid_input")


def test_cli_unknown_entry_exits_2():
    code, output = rules_cli.run("points", "{}")
    assert code == 2
    assert_error(output, "unknown_entry")


def test_cli_unknown_violation_code_exits_2_with_path():
    code, output = rules_cli.run("assess", json.dumps(with_event(code="no_such_violation")))
    assert code == 2
    assert_error(output, "unknown_violation", "events[0].code")


@pytest.mark.parametrize("value", ["2026-02-30", "2026/01/10", "令和8年1月10日"])
def test_cli_malformed_date_exits_2_with_path(value):
    code, output = rules_cli.run("assess", json.dumps(with_event(date=value)))
    assert code == 2
    assert_error(output, "malformed_date", "events[0].date")


def test_cli_event_after_as_of_exits_2():
    code, output = rules_cli.run("assess", json.dumps(with_event(date="2026-12-01")))
    assert code == 2
    assert json.loads(output)["error"]["code"] == "event_after_as_of"


def test_cli_output_is_utf8_json_with_iso_dates(monkeypatch):
    from datetime import date

    monkeypatch.setitem(ENTRY_POINTS, "renewal", lambda data: {"new_expiry": date(2031, 12, 20), "区分": "優良"})
    code, output = rules_cli.run("renewal", "{}")
    assert code == 0
    assert '"new_expiry": "2031-12-20"' in output and "優良" in output  # ensure_ascii=False


def test_cli_unexpected_exception_is_internal_error_without_traceback(monkeypatch, capsys):
    def broken(data):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(ENTRY_POINTS, "assess", broken)
    monkeypatch.delenv("MENKYO_DEBUG", raising=False)
    code, output = rules_cli.run("assess", "{}")
    assert code == 2
    assert_error(output, "internal_error")
    assert "Traceback" not in capsys.readouterr().err
    monkeypatch.setenv("MENKYO_DEBUG", "1")
    rules_cli.run("assess", "{}")
    assert "ZeroDivisionError: boom" in capsys.readouterr().err


def test_cli_rules_error_passes_through(monkeypatch):
    def refuses(data):
        raise RulesError("no_table_in_force", "施行されている基準がありません。", "as_of")

    monkeypatch.setitem(ENTRY_POINTS, "assess", refuses)
    code, output = rules_cli.run("assess", "{}")
    assert code == 2
    assert_error(output, "no_table_in_force", "as_of")


def test_audit_summary_never_carries_the_input():
    summary = summarise("assess", True, {"outcome": {"action": "suspension", "days": 30}})
    assert summary == {"outcome": "suspension"}
    assert summarise("licence-number", True, {"number": "632601234500"}) == {"outcome": "generated"}
    assert summarise("renewal", False, {"error": {"code": "malformed_date"}}) == {
        "outcome": "error", "code": "malformed_date",
    }


# --- HTTP ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_http_requires_authentication(client, entry):
    response = client.post(f"/api/v1/rules/{entry}", data="{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert not AuditEvent.objects.filter(action__startswith="judgement.rules.").exists()


@pytest.mark.django_db
def test_http_decision_is_audited_without_the_input(officer_client, case_officer):
    response = officer_client.post("/api/v1/rules/assess", data=json.dumps(ASSESS), content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == json.loads(rules_cli.run("assess", json.dumps(ASSESS))[1])
    event = AuditEvent.objects.get(action="judgement.rules.assess")
    assert event.actor == case_officer.username and event.outcome == "ok"
    assert event.detail == {"channel": "api", "outcome": body["outcome"]["action"]}
    recorded = json.dumps(event.detail, ensure_ascii=False)
    for value in ("1985-04-02", "2026-01-10", "signal_red", "普通"):
        assert value not in recorded


@pytest.mark.django_db
def test_http_bad_input_is_400_with_path_and_audited_as_error(officer_client):
    response = officer_client.post(
        "/api/v1/rules/assess", data=json.dumps(with_event(date="2026-02-30")), content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "malformed_date", "message": response.json()["error"]["message"],
                                         "path": "events[0].date"}}
    event = AuditEvent.objects.get(action="judgement.rules.assess")
    assert event.outcome == "error" and event.detail["code"] == "malformed_date"


@pytest.mark.django_db
def test_http_invalid_json_is_400(officer_client):
    response = officer_client.post("/api/v1/rules/renewal", data="{nope", content_type="application/json")
    assert response.status_code == 400
    assert_error(response.content.decode(), "invalid_json")


@pytest.mark.django_db
def test_http_accepts_device_tokens(client, hyogo_admin):
    from menkyo.accounts import services

    token = services.register_device(
        hyogo_admin, name="業務端末1", kind="terminal", affiliation="28-001", roles=["case_officer"],
    ).token
    response = client.post("/api/v1/rules/licence-number", data=json.dumps({"number": "459803358720"}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    assert AuditEvent.objects.get(action="judgement.rules.licence_number").actor_kind == "device"


@pytest.mark.django_db
def test_openapi_lists_the_rules_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for entry in ENTRY_POINTS:
        assert "post" in paths[f"/api/v1/rules/{entry}"]


# --- 判定シミュレーター ------------------------------------------------------------------


@pytest.mark.django_db
def test_simulator_page_renders_for_case_officer(officer_client):
    response = officer_client.get(reverse("judgement:simulator"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "判定シミュレーター" in html and 'name="input"' in html and "判定の前提" in html
    assert "入力例を読み込む" in html and '<optgroup label="処分判定（点数・前歴・処分）">' in html
    dashboard = officer_client.get(reverse("web:dashboard")).content.decode()
    assert reverse("judgement:simulator") in dashboard


@pytest.mark.django_db
def test_simulator_loads_an_example(officer_client):
    example = simulator.examples()[0]
    response = officer_client.get(reverse("judgement:simulator"), {"example": example["id"]})
    html = response.content.decode()
    assert "signal_red" in html and "2026-11-22" in html


@pytest.mark.django_db
def test_simulator_evaluates_with_htmx_and_shows_the_trace(officer_client, case_officer):
    response = officer_client.post(
        reverse("judgement:simulator"), {"entry": "assess", "input": json.dumps(ASSESS)}, HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the fragment only
    expected = json.loads(rules_cli.run("assess", json.dumps(ASSESS))[1])
    assert presentation.outcome_label(expected["outcome"]) in html
    assert 'data-testid="trace"' in html
    for step in expected["trace"]:
        for statute in presentation.legal_references(step["reference"]):
            assert statute in html
    if any(step.get("assumption") for step in expected["trace"]):
        assert "前提（未確認）" in html
    event = AuditEvent.objects.get(action="judgement.rules.assess")
    assert event.detail == {"channel": "simulator", "outcome": expected["outcome"]["action"]}
    assert "signal_red" not in json.dumps(event.detail)


@pytest.mark.django_db
def test_simulator_shows_errors_in_japanese_with_the_path(officer_client):
    response = officer_client.post(
        reverse("judgement:simulator"), {"entry": "assess", "input": json.dumps(with_event(code="no_such_violation"))},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "入力に誤りがあります" in html and "events[0].code" in html
    response = officer_client.post(reverse("judgement:simulator"), {"entry": "assess", "input": "{"},
                                   HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "invalid_json" in response.content.decode()


@pytest.mark.parametrize(
    "outcome, label",
    [
        ({"action": "none"}, "処分なし"),
        ({"action": "violator_course"}, "違反者講習"),
        ({"action": "suspension", "days": 30}, "停止30日"),
        ({"action": "revocation", "disqualification_years": 2}, "取消（欠格2年）"),
        ({"action": "deferral", "days": 60}, "保留60日"),
        ({"action": "refusal", "disqualification_years": 1}, "拒否（欠格1年）"),
    ],
)
def test_outcome_labels(outcome, label):
    assert presentation.outcome_label(outcome) == label


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["audit", "admin"])
def test_simulator_refuses_other_roles_and_audits_the_refusal(login_as, client, make_operator, role):
    operator = make_operator(f"hyogo_{role}", [role], "28-001")
    login_as(client, operator)
    response = client.get(reverse("judgement:simulator"))
    assert response.status_code == 403
    assert "判定シミュレーター" in response.content.decode()
    event = AuditEvent.objects.get(action="judgement.simulator.open")
    assert event.outcome == "denied" and event.detail == {"rule": "judgement.evaluate_rules"}
    assert reverse("judgement:simulator") not in client.get(reverse("web:dashboard")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["counter", "case_officer", "decision", "inquiry"])
def test_simulator_is_open_to_register_roles(login_as, client, make_operator, role):
    login_as(client, make_operator(f"hyogo_{role}", [role], "28-001"))
    assert client.get(reverse("judgement:simulator")).status_code == 200


@pytest.mark.django_db
def test_http_lapse_answers_like_the_cli_and_is_audited_with_its_route_only(officer_client):
    data = {"application_date": "2027-02-18", "birth_date": "1980-05-17", "current_expiry": "2026-06-17",
            "licences": [{"kind": "普通", "acquired": "2000-01-01"}]}
    response = officer_client.post("/api/v1/rules/lapse", data=json.dumps(data), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == json.loads(rules_cli.run("lapse", json.dumps(data))[1])
    assert response.json()["route"] == "provisional_waived"
    event = AuditEvent.objects.get(action="judgement.rules.lapse")
    assert event.detail == {"channel": "api", "outcome": "provisional_waived"}
    assert "1980-05-17" not in json.dumps(event.detail)


@pytest.mark.django_db
def test_http_authority_answers_like_the_cli_and_is_audited_with_the_authority_only(officer_client):
    data = {"as_of": "2026-11-27", "kind": "suspension", "days": 90, "notice_served": "2026-12-01"}
    response = officer_client.post("/api/v1/rules/authority", data=json.dumps(data), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == json.loads(rules_cli.run("authority", json.dumps(data))[1])
    assert (response.json()["authority"], response.json()["earliest_hearing"]) == ("hq", "2026-12-08")
    event = AuditEvent.objects.get(action="judgement.rules.authority")
    assert event.detail == {"channel": "api", "outcome": "hq"}
