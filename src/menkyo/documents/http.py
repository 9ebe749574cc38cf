"""Handing a rendered form to the browser: :func:`pdf_response` (the API), :func:`pdf_page` (pages)."""

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render

from menkyo.core.errors import Conflict, InvalidInput
from menkyo.documents.services import RenderedDocument

#: The OpenAPI answer of an operation that returns a form (``openapi_extra``); errors stay JSON.
PDF_OPENAPI = {"responses": {200: {"description": "様式のPDF（inline、キャッシュしない）", "content": {
    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}}


def content_disposition(filename: str, ascii_filename: str, *, inline: bool = True) -> str:
    """``inline; filename="exam-ticket-….pdf"; filename*=UTF-8''%E5%8F%97…`` (RFC 6266 / RFC 5987):
    the Japanese name for browsers that read ``filename*``, the ASCII one for the others."""
    if not ascii_filename.isascii() or any(c in ascii_filename for c in '"\\\r\n;'):
        raise ValueError(f"not a safe ASCII file name: {ascii_filename!r}")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_filename}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_response(rendered: RenderedDocument) -> HttpResponse:
    """The PDF shown in the browser (inline), never cached: forms carry personal data."""
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(rendered.filename, rendered.ascii_filename)
    response["Content-Length"] = str(len(rendered.pdf))
    response["Cache-Control"] = "no-store"
    return response


def pdf_page(request, make: Callable[[], RenderedDocument]) -> HttpResponse:
    """A page's link to a form: ``make()``'s PDF, or — when the form does not apply to the record
    (Conflict, 409) or the link asks for what does not exist (InvalidInput, 400) — the error page
    with the service's Japanese message. Refusals of permission are the caller's ``domain_view``'s."""
    try:
        return pdf_response(make())
    except (Conflict, InvalidInput) as exc:
        status = 409 if isinstance(exc, Conflict) else 400
        return render(request, "web/error.html", {"title": "帳票を作成できません", "message": exc.message},
                      status=status)
