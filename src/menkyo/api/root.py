"""The HTTP API root: one NinjaAPI under /api/v1/; routers live in each app's ``api.py``.

Errors are always ``{"error": {"code", "message", "field"}}`` with a Japanese
message: domain errors from services, request validation errors, auth errors.
"""

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer

from menkyo.api.auth import API_AUTH
from menkyo.core.errors import DomainError
from menkyo.core.http import error_body


class UnicodeJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Japanese text as is (no \\uXXXX escapes), like the rules CLI prints."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=UnicodeJSONRenderer(),
    title="menkyo API",
    version="1",
    description="運転者管理システム API。すべての読み書きは監査記録に残ります。",
    urls_namespace="api",
    auth=API_AUTH,
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, error_body(exc.code, exc.message, exc.field), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "query", "path", "payload")]
    message = f"入力内容が正しくありません：{first.get('msg', '')}"
    body = error_body("invalid_input", message, ".".join(loc) or None)
    body["error"]["details"] = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "reason": e.get("msg", "")} for e in exc.errors
    ]
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", "認証が必要です（ログインまたは端末トークン）。"), status=401
    )


api.add_router("/", "menkyo.registry.api.router")
api.add_router("/", "menkyo.accounts.api.router")
api.add_router("/audit", "menkyo.audit.api.router")
api.add_router("/rules", "menkyo.judgement.api.router")
