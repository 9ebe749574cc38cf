"""The HTTP API root: one NinjaAPI under /api/v1/; routers live in each app's ``api.py``.

Errors are always ``{"error": {"code", "message", "field"}}`` with a Japanese
message: domain errors from services, request validation errors, auth errors.
"""

import logging

from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from menkyo.api.auth import API_AUTH
from menkyo.core.context import current_request_id
from menkyo.core.errors import DomainError
from menkyo.core.http import CSRF_FAILED, ErrorOut, error_body, status_error

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


# Answers every operation may give besides its own: the project's error body (menkyo.core.http).
ERROR_STATUSES = (400, 401, 403, 404, 405, 409, 422, 429, 500)


class MenkyoAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists, on every operation, the error answers it can give.

    One place documents them for all apps' routers, so a client (and
    schemathesis) finds every status the server may answer in the schema.
    """

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        defined = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(defined.pop("$defs", {}))
        components["ErrorOut"] = defined
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path in schema["paths"].values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for status in ERROR_STATUSES:
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": status_error(status)[2], "content": error}
        return schema


api = MenkyoAPI(
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


@api.exception_handler(MultiPartParserError)
@api.exception_handler(UnreadablePostError)
def unreadable_body(request, exc):
    """A body that does not match its Content-Type (multipart without a boundary …) is the client's error."""
    return api.create_response(
        request, error_body("bad_request", "リクエストの本文が Content-Type と一致しないため読み取れません。"), status=400)


@api.exception_handler(Exception)
def internal_error(request, exc: Exception):
    """A bug: logged with the request id and the exception type only (no data), answered 500."""
    logger.error("internal error in the API (request %s): %s", current_request_id(), type(exc).__name__,
                 exc_info=exc)
    code, message, _ = status_error(500)
    return api.create_response(request, error_body(code, f"{message}（リクエストID：{current_request_id()}）"),
                               status=500)


api.add_router("/", "menkyo.registry.api.router")
api.add_router("/", "menkyo.inquiry.api.router")
api.add_router("/", "menkyo.alerts.api.router")
api.add_router("/", "menkyo.gaiji.api.router")
api.add_router("/", "menkyo.counter.api.router")
api.add_router("/", "menkyo.counter.lapse_api.router")
api.add_router("/", "menkyo.exams.api.router")
api.add_router("/", "menkyo.cards.api.router")
api.add_router("/", "menkyo.cards.provisional_api.router")
api.add_router("/", "menkyo.cards.school_reissue_api.router")
api.add_router("/", "menkyo.cards.reissue_api.router")
api.add_router("/", "menkyo.cards.mynumber_api.router")
api.add_router("/", "menkyo.cards.renewal_api.router")
api.add_router("/", "menkyo.cards.via_api.router")
api.add_router("/", "menkyo.cards.downgrade_api.router")
api.add_router("/", "menkyo.cards.between_api.router")
api.add_router("/", "menkyo.cards.suspended_api.router")
api.add_router("/", "menkyo.exams.written_api.router")
api.add_router("/", "menkyo.notices.api.router")
api.add_router("/", "menkyo.violations.api.router")
api.add_router("/", "menkyo.violations.course_api.router")
api.add_router("/", "menkyo.violations.list_api.router")
api.add_router("/", "menkyo.violations.feed_api.router")
api.add_router("/", "menkyo.dispositions.api.router")
api.add_router("/", "menkyo.dispositions.execution_api.router")
api.add_router("/", "menkyo.dispositions.applicant_api.router")
api.add_router("/", "menkyo.dispositions.provisional_api.router")

api.add_router("/", "menkyo.dispositions.handoff_api.router")
api.add_router("/", "menkyo.dispositions.revocation_api.router")  # 仮免許の取消し (規程第41条)
api.add_router("/", "menkyo.dispositions.retest_api.router")  # 再試験に係る取消し (規程第41条の2)
api.add_router("/", "menkyo.dispositions.prior_record_api.router")  # 前歴通知書 (規程第22条第2号)
api.add_router("/", "menkyo.dispositions.post_issue_api.router")  # 事後取消し・事後停止 (規程第41条の4)
api.add_router("/", "menkyo.driving_history.api.router")
api.add_router("/", "menkyo.accounts.api.router")
api.add_router("/audit", "menkyo.audit.api.router")
api.add_router("/oversight", "menkyo.oversight.api.router")
api.add_router("/rules", "menkyo.judgement.api.router")
api.add_router("/", "menkyo.dispositions.deadline_api.router")  # 期限管理 (ADR 0016 part 7)
api.add_router("/", "menkyo.dispositions.more_paper_api.router")  # 処分猶予通知書・出頭命令書 (ADR 0016 part 7)
api.add_router("/", "menkyo.dispositions.medical_api.router")
api.add_router("/", "menkyo.dispositions.interim_api.router")  # 暫定停止 (ADR 0016 part 8)
api.add_router("/", "menkyo.dispositions.handoff_receiving_api.router")  # 執行依頼の受理側・取下げ (ADR 0016 part 4a)
api.add_router("/", "menkyo.dispositions.driving_ban_api.router")  # 運転禁止 (道路交通法第107条の5)
api.add_router("/", "menkyo.dispositions.young_revocation_api.router")  # 若年運転者期間に係る取消し・取消手配 (ADR 0016 part 9)
api.add_router("/", "menkyo.dispositions.ban_paper_api.router")  # 仮禁止通知書・運転禁止の出頭命令書 (法第107条の5第10項・第11項)
api.add_router("/", "menkyo.dispositions.revocation_send_api.router")  # 取消処分書の送付書 (規程第41条の2第3項, 第41条の2の2第3項)
