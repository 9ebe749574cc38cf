"""Error pages in Japanese: 400, 403, 404, 500 and a failed CSRF check (urls.handler*, CSRF_FAILURE_VIEW).

Under ``/api/`` the same errors are answered with the API's error body
(:func:`menkyo.core.http.error_body`), never with a page.
"""

from django.http import JsonResponse
from django.shortcuts import render

from menkyo.core.context import current_request_id
from menkyo.core.http import CSRF_FAILED, error_body, status_error


def error_response(request, status: int, code: str | None = None, message: str | None = None):
    """The Japanese page, or for the API the JSON error body, for an error ``status``."""
    default_code, default_message, title = status_error(status)
    code, message = code or default_code, message or default_message
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code, message), status=status, json_dumps_params={"ensure_ascii": False},
                            content_type="application/json; charset=utf-8")
    context = {"title": title, "message": message, "status": status, "request_id": current_request_id()}
    return render(request, "web/error.html", context, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, *CSRF_FAILED)
