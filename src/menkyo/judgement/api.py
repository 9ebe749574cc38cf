"""The law engine over HTTP: ``POST /api/v1/rules/{assess,renewal,licence-number,eligibility,lapse,authority}``.

The body is the contract's JSON input (shared/spec/rules-contract.md) and the
answer the contract's JSON output, exactly as ``menkyo rules <entry>`` prints
it. Bad input is HTTP 400 with ``{"error": {"code", "message", "path"}}``
(the contract's ``path`` into the input, not the register's ``field``).

Authenticated like the rest of the API (operator session or device token)
and allowed by the rule ``judgement.evaluate_rules``. Each call is audited by
:func:`menkyo.judgement.services.evaluate_text`.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from menkyo.core.errors import NotPermitted
from menkyo.core.http import error_body
from menkyo.judgement.services import evaluate_text, status_of
from menkyo.rules import ENTRY_POINTS
from menkyo.rules import cli as rules_cli

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
    "lapse": "失効後の再取得：免除される試験・期限・手数料の区分（docs/rules.md §2.17）",
    "authority": "処分の決定権者と処分前の手続（意見の聴取・聴聞・弁明）・通知の期間（docs/rules.md §2.18）",
}


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
        try:
            status, body = evaluate_request(request, entry)
        except NotPermitted as exc:
            status, body = exc.status, error_body(exc.code, exc.message)
        # The engine's own JSON text (UTF-8, ensure_ascii=False), exactly as the CLI prints it.
        return HttpResponse(rules_cli.dumps(body), status=status, content_type="application/json; charset=utf-8")

    view.__name__ = "rules_" + entry.replace("-", "_")
    view.__doc__ = DESCRIPTIONS[entry]
    return view


for _entry in ENTRY_POINTS:
    router.post(
        f"/{_entry}",
        response={200: dict, 400: dict, 403: dict, 500: dict},
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
