"""A form's dataclass → HTML (its Django template) → PDF (WeasyPrint), with no database.

The template sees only the form and what is drawn from it here: the Code 128 barcode of a
slip number (python-barcode, SVG), the QR code of a 受験票 reference (segno, SVG) and the
photo, each as a ``data:`` URI. The URL fetcher allows ``data:`` only, and fails the
rendering rather than leave a picture out: a form never reaches the network or the disk.

Names and addresses may hold 外字 stored as Private Use Area characters. When a form has any, the
caller's ``gaiji()`` gives the font of the registered glyphs (:mod:`menkyo.gaiji.fonts`), added
to the page as a fallback after Noto CJK (which has no glyph there); a character the register
lacks is printed as 〓 (the 下駄記号 that marks a missing character on printed forms) instead of
an empty box, and :class:`Pdf` names it so the rendering's audit event can say so.

Thread-safe: every call builds its own fetcher and WeasyPrint document (WeasyPrint makes a
font configuration per document); nothing here is shared or mutated between calls, so
gunicorn's worker threads may render at the same time.
"""

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

import barcode
import segno
from barcode.writer import SVGWriter
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from menkyo.documents.forms import Form, photo_media_type
from menkyo.gaiji.fonts import GaijiFont

# Code 128 as printed: 0.33 mm modules, 12 mm bars, the quiet zone the symbology asks (10 modules).
BARCODE_OPTIONS = {"module_width": 0.33, "module_height": 12.0, "quiet_zone": 3.3, "write_text": False}
QR_ERROR_LEVEL = "m"
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
PLACEHOLDER = "\u3013"  # 〓: a 外字 that is not registered


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int
    placeholders: tuple[str, ...] = ()  # the unregistered 外字 printed as 〓 (U+E002 …)


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


def context(form: Form, gaiji: GaijiFont | None = None) -> dict:
    """What the template gets: the form, the pictures drawn from it and the 外字 font."""
    found: dict = {"form": form}
    if gaiji is not None and gaiji.code_points:
        found["gaiji_font"] = data_uri("font/ttf", gaiji.content)
    if value := getattr(form, "barcode_value", None):
        found["barcode"] = data_uri("image/svg+xml", code128_svg(value))
    if value := getattr(form, "qr_value", None):
        found["qr"] = data_uri("image/svg+xml", qr_svg(value))
    if photo := getattr(form, "photo", None):
        found["photo"] = data_uri(photo_media_type(photo), photo)
    return found


def render_html(form: Form, gaiji: GaijiFont | None = None) -> str:
    return render_to_string(form.template, context(form, gaiji))


def with_placeholders(html: str, registered: frozenset[int]) -> tuple[str, tuple[str, ...]]:
    """The page with each unregistered 外字 replaced by 〓, and those characters' code points."""
    missing = sorted({ord(ch) for ch in PRIVATE_USE.findall(html)} - registered)
    if not missing:
        return html, ()
    return (PRIVATE_USE.sub(lambda m: m[0] if ord(m[0]) in registered else PLACEHOLDER, html),
            tuple(f"U+{c:04X}" for c in missing))


def render_pdf(form: Form, gaiji: Callable[[], GaijiFont] | None = None) -> Pdf:
    """The form as PDF bytes, its number of pages, and the 外字 it printed as 〓.

    ``gaiji()`` is asked for the 外字 font only when the form holds a Private Use Area character.
    """
    html = render_html(form)
    placeholders: tuple[str, ...] = ()
    if PRIVATE_USE.search(html):
        font = gaiji() if gaiji is not None else None
        html, placeholders = with_placeholders(render_html(form, font), font.code_points if font else frozenset())
    fetcher = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    document = HTML(string=html, url_fetcher=fetcher).render()
    return Pdf(document.write_pdf(), len(document.pages), placeholders)
