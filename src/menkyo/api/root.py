"""The HTTP API root: one NinjaAPI under /api/v1/; routers live in each app's ``api.py``.

Errors are always ``{"error": {"code", "message", "field"}}`` with a Japanese
message: domain errors from services, request validation errors, auth errors.
"""

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from menkyo.api.auth import API_AUTH
from menkyo.core.context import current_request_id
from menkyo.core.errors import DomainError
from menkyo.core.http import CSRF_FAILED, error_body, status_error

logger = logging.getLogger(__name__)

# Pydantic's error types in Japanese (the field is named separately, in ``field``).
VALIDATION_MESSAGES = {
    "missing": "必須の項目がありません",
    "json_invalid": "JSON の形式が正しくありません",
    "model_attributes_type": "JSON のオブジェクトで送信してください",
    "dict_type": "JSON のオブジェクトで送信してください",
    "string_type": "文字列で指定してください",
    "int_parsing": "整数で指定してください",
    "int_type": "整数で指定してください",
    "bool_parsing": "true または false で指定してください",
    "bool_type": "true または false で指定してください",
    "list_type": "配列で指定してください",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD の形式で指定してください",
    "date_parsing": "日付は YYYY-MM-DD の形式で指定してください",
    "date_type": "日付は YYYY-MM-DD の形式で指定してください",
    "extra_forbidden": "この項目は指定できません",
    "greater_than_equal": "値が小さすぎます",
    "less_than_equal": "値が大きすぎます",
}


class UnicodeJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Japanese text as is (no \\uXXXX escapes), like the rules CLI prints."""

    media_type = "application/json"  # ninja adds "; charset=utf-8"
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
    reason = VALIDATION_MESSAGES.get(first.get("type", ""), "値が正しくありません")
    message = f"入力内容が正しくありません（{'.'.join(loc)}：{reason}）。" if loc else f"入力内容が正しくありません（{reason}）。"
    body = error_body("invalid_input", message, ".".join(loc) or None)
    body["error"]["details"] = [
        {"field": ".".join(str(p) for p in e.get("loc", [])),
         "reason": VALIDATION_MESSAGES.get(e.get("type", ""), "値が正しくありません")}
        for e in exc.errors
    ]
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", "認証が必要です（ログインまたは端末トークン）。"), status=401
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusals (CSRF, 405, throttling …) in the project's error body, in Japanese."""
    code, message, _ = CSRF_FAILED + ("",) if "CSRF" in exc.message else status_error(exc.status_code)
    return api.create_response(request, error_body(code, message), status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    code, message, _ = status_error(404)
    return api.create_response(request, error_body(code, message), status=404)


@api.exception_handler(Exception)
def internal_error(request, exc: Exception):
    """A bug: logged with the request id and the exception type only (no data), answered 500."""
    logger.error("internal error in the API (request %s): %s", current_request_id(), type(exc).__name__,
                 exc_info=exc)
    code, message, _ = status_error(500)
    return api.create_response(request, error_body(code, f"{message}（リクエストID：{current_request_id()}）"),
                               status=500)


api.add_router("/", "menkyo.registry.api.router")
api.add_router("/", "menkyo.accounts.api.router")
api.add_router("/audit", "menkyo.audit.api.router")
api.add_router("/rules", "menkyo.judgement.api.router")
