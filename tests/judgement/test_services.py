"""The audited evaluation service: every evaluation and every refusal leaves one audit event."""

import json

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import NotPermitted
from menkyo.judgement.services import evaluate_text, status_of

pytestmark = pytest.mark.django_db

NUMBER = json.dumps({"number": "459803358720"})


def test_an_evaluation_is_audited_with_its_outcome_and_never_its_input(make_operator):
    officer = make_operator("hyogo_case_officer", ["case_officer"])
    ok, result = evaluate_text(officer, "licence-number", NUMBER, channel="api")
    assert ok and result["valid"] is True
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor) == ("judgement.rules.licence_number", "ok", officer.username)
    assert "459803358720" not in json.dumps(event.detail)


def test_bad_input_is_audited_as_an_error_and_answered_400(make_operator):
    officer = make_operator("hyogo_counter", ["counter"])
    ok, result = evaluate_text(officer, "assess", "{", channel="api")
    assert not ok and status_of(ok, result) == 400
    assert AuditEvent.objects.get().outcome == "error"


def test_a_role_that_may_not_evaluate_is_refused_and_the_refusal_audited(make_operator):
    auditor = make_operator("hyogo_auditor", ["audit"])
    with pytest.raises(NotPermitted, match="判定シミュレーター"):
        evaluate_text(auditor, "licence-number", NUMBER, channel="api")
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.detail) == (
        "judgement.rules.licence_number", "denied", {"rule": "judgement.evaluate_rules"})
