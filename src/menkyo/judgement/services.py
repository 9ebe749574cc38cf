"""The audited evaluation service: the one way menkyo asks the law engine.

Used by the API (``/api/v1/rules``), the 判定シミュレーター and, later, by the
counter and enforcement services. Each evaluation is audited as
``judgement.rules.<entry>`` with its outcome only — never the input, which
may be a person's history.
"""

from menkyo.audit.models import AuditEvent
from menkyo.audit.recorder import new_event, record
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome
from menkyo.judgement.actions import evaluation
from menkyo.judgement.permissions import EVALUATE_RULES
from menkyo.rules import cli as rules_cli
from menkyo.rules.errors import RulesError
from menkyo.rules.summary import summarise


def evaluate_text(actor, entry: str, text: str, *, channel: str) -> tuple[bool, dict]:
    """Parse ``text``, evaluate it with ``entry``, audit the outcome (never the input): (ok, JSON body).

    Raises :class:`~menkyo.core.errors.NotPermitted` (audited) unless the
    actor may evaluate (rule ``judgement.evaluate_rules``).
    """
    authorize(actor, EVALUATE_RULES.name, action=evaluation(entry))
    try:
        data = rules_cli.parse(text)
    except RulesError as exc:
        ok, result = False, exc.as_dict()
    else:
        ok, result = rules_cli.evaluate(entry, data)
    record(
        actor,
        evaluation(entry),
        object_type="rules",
        outcome=Outcome.OK if ok else Outcome.ERROR,
        detail={"channel": channel, **summarise(entry, ok, result)},
    )
    return ok, result


def judge(actor, entry: str, data: dict, *, channel: str) -> tuple[bool, dict]:
    """Evaluate ``data`` with ``entry`` for a procedure that has already authorized its actor
    (the counter's intake asks ``eligibility``): audited like :func:`evaluate_text`, outcome only."""
    ok, result = rules_cli.evaluate(entry, data)
    record(actor, evaluation(entry), **_audit_fields(entry, ok, result, channel))
    return ok, result


def judge_deferred(actor, entry: str, data: dict, *, channel: str) -> tuple[bool, dict, AuditEvent]:
    """:func:`judge` whose audit event is returned unsaved, for a bulk procedure that appends the
    events of many evaluations at once (:func:`menkyo.audit.recorder.record_many`) in the same
    transaction as what they decided."""
    ok, result = rules_cli.evaluate(entry, data)
    return ok, result, new_event(actor, evaluation(entry), **_audit_fields(entry, ok, result, channel))


def _audit_fields(entry: str, ok: bool, result: dict, channel: str) -> dict:
    return {"object_type": "rules", "outcome": Outcome.OK if ok else Outcome.ERROR,
            "detail": {"channel": channel, **summarise(entry, ok, result)}}


def status_of(ok: bool, result: dict) -> int:
    """200, 400 for bad input, 500 for an internal error (no traceback is ever shown)."""
    return 200 if ok else 500 if result["error"]["code"] == "internal_error" else 400
