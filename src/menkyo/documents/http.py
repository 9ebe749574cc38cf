"""Handing a rendered form to the browser: :func:`pdf_response`."""

from urllib.parse import quote

from django.http import HttpResponse

from menkyo.documents.services import RenderedDocument


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
