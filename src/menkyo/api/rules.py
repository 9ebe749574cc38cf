"""The law engine over HTTP: ``POST /api/v1/rules/{assess,renewal,licence-number,eligibility}``.

The body is the contract's JSON input (shared/spec/rules-contract.md) and the
answer the contract's JSON output, exactly as ``menkyo rules <entry>`` prints
it. Bad input is HTTP 400 with ``{"error": {"code", "message", "path"}}``
(the contract's ``path`` into the input, not the register's ``field``).

Authenticated like the rest of the API (operator session or device token).
Each call is audited as ``rules.<entry>`` with its outcome only — never the
input, which may be a person's history.
"""


from django.http import HttpRequest, HttpResponse
from ninja import Router

from menkyo.core import audit
from menkyo.core.models import Outcome
from menkyo.rules import ENTRY_POINTS
from menkyo.rules import cli as rules_cli
from menkyo.rules.errors import RulesError

router = Router(tags=["rules"])

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "path": {"type": ["string", "null"]},
            },
        }
    },
}
DESCRIPTIONS = {
    "assess": "点数・前歴・処分の判定（rules-contract §1）",
    "renewal": "更新の区分・有効期間・期間満了日・講習等（rules-contract §2）",
    "licence-number": "免許証番号の検査・生成（rules-contract §3）",
    "eligibility": "受験資格（年齢・保有免許・特例）の判定",
}


def audit_action(entry: str) -> str:
    """``rules.assess``, ``rules.licence_number`` … (one audit action per entry point)."""
    return "rules." + entry.replace("-", "_")


def evaluate_text(actor, entry: str, text: str, *, channel: str) -> tuple[bool, dict]:
    """Parse ``text``, evaluate it with ``entry``, audit the outcome (never the input): (ok, JSON body)."""
    try:
        data = rules_cli.parse(text)
    except RulesError as exc:
        ok, result = False, exc.as_dict()
    else:
        ok, result = rules_cli.evaluate(entry, data)
    audit.record(
        actor,
        audit_action(entry),
        object_type="rules",
        outcome=Outcome.OK if ok else Outcome.ERROR,
        detail={"channel": channel, **rules_cli.summarise(entry, ok, result)},
    )
    return ok, result


def status_of(ok: bool, result: dict) -> int:
    """200, 400 for bad input, 500 for an internal error (no traceback is ever shown)."""
    return 200 if ok else 500 if result["error"]["code"] == "internal_error" else 400


def evaluate_request(request: HttpRequest, entry: str) -> tuple[int, dict]:
    """Evaluate the request body: (HTTP status, JSON body)."""
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        text = "\ufffd"  # not UTF-8: rules_cli.parse reports invalid_json
    ok, result = evaluate_text(request.actor, entry, text, channel="api")
    return status_of(ok, result), result


def _endpoint(entry: str):
    def view(request):
        status, body = evaluate_request(request, entry)
        # The engine's own JSON text (UTF-8, ensure_ascii=False), exactly as the CLI prints it.
        return HttpResponse(rules_cli.dumps(body), status=status, content_type="application/json; charset=utf-8")

    view.__name__ = "rules_" + entry.replace("-", "_")
    view.__doc__ = DESCRIPTIONS[entry]
    return view


for _entry in ENTRY_POINTS:
    router.post(
        f"/{_entry}",
        response={200: dict, 400: dict, 500: dict},
        summary=DESCRIPTIONS[_entry],
        operation_id="rules_" + _entry.replace("-", "_"),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            "responses": {400: {"description": "入力の誤り", "content": {"application/json": {"schema": ERROR_SCHEMA}}}},
        },
    )(_endpoint(_entry))

__all__ = ["audit_action", "evaluate_request", "router"]
