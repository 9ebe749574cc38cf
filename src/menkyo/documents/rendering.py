"""A form's dataclass → HTML (its Django template) → PDF (WeasyPrint), with no database.

The template sees only the form and what is drawn from it here: the Code 128 barcode of a
slip number (python-barcode, SVG), the QR code of a 受験票 reference (segno, SVG) and the
photo, each as a ``data:`` URI. The URL fetcher allows ``data:`` only, and fails the
rendering rather than leave a picture out: a form never reaches the network or the disk.

Thread-safe: every call builds its own fetcher and WeasyPrint document (WeasyPrint makes a
font configuration per document); nothing here is shared or mutated between calls, so
gunicorn's worker threads may render at the same time.
"""

import base64
from dataclasses import dataclass
from io import BytesIO

import barcode
import segno
from barcode.writer import SVGWriter
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from menkyo.documents.forms import Form, photo_media_type

# Code 128 as printed: 0.33 mm modules, 12 mm bars, the quiet zone the symbology asks (10 modules).
BARCODE_OPTIONS = {"module_width": 0.33, "module_height": 12.0, "quiet_zone": 3.3, "write_text": False}
QR_ERROR_LEVEL = "m"


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def code128_svg(value: str) -> bytes:
    """The Code 128 barcode of ``value`` as an SVG document."""
    out = BytesIO()
    barcode.Code128(value, writer=SVGWriter()).write(out, options=BARCODE_OPTIONS)
    return out.getvalue()


def qr_svg(value: str) -> bytes:
    """The QR code of ``value`` as an SVG document without a quiet zone (the page margin is one)."""
    out = BytesIO()
    segno.make_qr(value, error=QR_ERROR_LEVEL).save(out, kind="svg", border=0, omitsize=True, xmldecl=False)
    return out.getvalue()


def data_uri(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


def context(form: Form) -> dict:
    """What the template gets: the form, and the pictures drawn from it."""
    found: dict = {"form": form}
    if value := getattr(form, "barcode_value", None):
        found["barcode"] = data_uri("image/svg+xml", code128_svg(value))
    if value := getattr(form, "qr_value", None):
        found["qr"] = data_uri("image/svg+xml", qr_svg(value))
    if photo := getattr(form, "photo", None):
        found["photo"] = data_uri(photo_media_type(photo), photo)
    return found


def render_html(form: Form) -> str:
    return render_to_string(form.template, context(form))


def render_pdf(form: Form) -> Pdf:
    """The form as PDF bytes, and its number of pages."""
    fetcher = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    document = HTML(string=render_html(form), url_fetcher=fetcher).render()
    return Pdf(document.write_pdf(), len(document.pages))
