"""HTTP helpers every app uses: one way to refuse, to show a domain error, to shape an API error.

- :func:`forbidden`: the 403 page with the reason in Japanese;
- :func:`domain_view`: a view decorator that turns the services' refusals
  (:class:`NotPermitted`, :class:`NotFound`) into that page or a 404;
- :func:`add_domain_error`: a service's error shown next to its form field;
- :func:`submit`: a valid POSTed form handed to a service, its refusal shown on the form;
- :func:`act`: a one-click change, its outcome shown as a message;
- :func:`error_body` and :class:`ErrorOut`: the API's ``{"error": {code,
  message, field}}`` body and its OpenAPI schema;
- :func:`csv_cell`: one way to make an exported cell safe from spreadsheet formulas;
- :class:`MenuEntry`: how an app puts its screens into the navigation.
"""

import csv
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from ninja import Schema

from menkyo.core.errors import Conflict, DomainError, InvalidInput, NotFound, NotPermitted


def forbidden(request, message: str):
    """The 403 page with the reason in Japanese."""
    return render(request, "web/forbidden.html", {"message": message}, status=403)


def domain_view(view):
    """Refusals raised by services become the 403 page (with their message) or a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotPermitted as exc:
            return forbidden(request, exc.message)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's error next to its field (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def submit(request, form, action):
    """On a POST with a valid ``form``, ``action(form.cleaned_data)``; its refusal goes onto the form.

    Returns what ``action`` returned, or None when nothing was done (a GET, an
    invalid form, or bad input / a conflict the service reported, now shown
    next to its field). Refusals of permission propagate (see
    :func:`domain_view`).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except (InvalidInput, Conflict) as exc:
        add_domain_error(form, exc)
        return None


# A cell that begins with one of these is a formula to Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value safe to put in a CSV meant for a spreadsheet: text that would start a formula is
    prefixed with an apostrophe, which spreadsheets show as text and never evaluate."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line (csv.writer into a streaming answer)."""

    def write(self, value):
        return value


def csv_response(name: str, header: list, rows) -> StreamingHttpResponse:
    """A CSV download for a spreadsheet: UTF-8 with a BOM (Excel), every cell through
    :func:`csv_cell` (no formulas), streamed row by row as ``rows`` is consumed."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(cell) for cell in row])

    return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})


def act(request, action, *, done: str, then: str):
    """A one-click change (a POST with nothing to fill in): run ``action()``, tell the outcome as a
    message (the service's refusal, or ``done``) and go to the URL name ``then``."""
    try:
        action()
    except (InvalidInput, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(then)


def as_unprocessable(function, *args, **kwargs):
    """Run a service for an API operation that answers every input error like a schema error:
    an InvalidInput becomes 422 (with its ``error.field``)."""
    try:
        return function(*args, **kwargs)
    except InvalidInput as exc:
        exc.status = 422
        raise


def error_body(code: str, message: str, field: str | None = None) -> dict:
    """The API's error body: a stable code, a Japanese message, the field concerned."""
    return {"error": {"code": code, "message": message, "field": field}}


# What an HTTP error status means, for a page or an API answer that has nothing more specific.
STATUS_ERRORS = {
    400: ("bad_request", "リクエストの形式が正しくありません。", "リクエストが正しくありません"),
    401: ("unauthenticated", "認証が必要です（ログインまたは端末トークン）。", "ログインが必要です"),
    403: ("forbidden", "この操作は許可されていません。", "権限がありません"),
    404: ("not_found", "指定されたページまたはデータは見つかりません。", "見つかりません"),
    405: ("method_not_allowed", "このURLではその操作（HTTPメソッド）は使えません。", "この操作は使えません"),
    413: ("too_large", "送信された内容が大きすぎます。", "送信内容が大きすぎます"),
    429: ("too_many_requests", "短時間のリクエストが多すぎます。しばらく待ってから再度お試しください。",
          "リクエストが多すぎます"),
    500: ("internal_error", "システム内部でエラーが発生しました。システム管理者に連絡してください。",
          "システムエラー"),
}
CSRF_FAILED = ("csrf_failed", "送信の確認（CSRF）ができませんでした。画面を開き直してから、もう一度送信してください。")


def status_error(status: int) -> tuple[str, str, str]:
    """(code, Japanese message, Japanese page title) for an HTTP error status."""
    return STATUS_ERRORS.get(status) or STATUS_ERRORS[400 if status < 500 else 500]


class ErrorBody(Schema):
    code: str
    message: str
    field: str | None


class ErrorOut(Schema):
    """``{"error": {"code", "message", "field"}}`` (documented on every operation)."""

    error: ErrorBody


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@dataclass(frozen=True)
class MenuEntry:
    """A place in the top navigation and on the dashboard, shown when ``rule`` allows the operator.

    Apps declare theirs as ``menu`` on their AppConfig; the web app collects them. ``group`` names a
    cluster of the app's second navigation row (entries without one come first, unlabelled).
    """

    url_name: str
    label: str
    description: str
    rule: str
    group: str = ""
