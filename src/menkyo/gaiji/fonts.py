"""The registered 外字 as a font, for the 様式 PDFs: :func:`current_font`.

Each glyph's newest version becomes a TrueType glyph at its PUA code point: its outline when one
was registered (an SVG path in a 1024×1024 box, y downwards, the box's top-left at the top-left of
the character cell), else its 32×32 dots as squares. The em is 1024 units, 896 above the baseline
and 128 below, as the CJK faces place a full-width character. The font is built once and kept
until the register changes (its newest version row is the key); building it takes milliseconds
for a few hundred glyphs.
"""

import threading
from dataclasses import dataclass
from io import BytesIO

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.svgLib.path import parse_path

from menkyo.gaiji import bitmaps

FAMILY = "Menkyo Gaiji"
EM = 1024
ASCENT, DESCENT = 896, 128
DOT = EM // bitmaps.SIZE
CURVE_TOLERANCE = 1.0  # font units: cubic outlines become quadratic within this


@dataclass(frozen=True)
class GlyphShape:
    code_point: int
    bitmap: bytes
    outline: str = ""


@dataclass(frozen=True)
class GaijiFont:
    """The font (TrueType bytes) and the code points it draws; ``key`` names the register's state."""

    key: object
    code_points: frozenset[int]
    content: bytes


def draw_outline(outline: str, pen) -> None:
    """Draw an SVG path (y downwards from the cell's top) on a font pen (y upwards from the baseline)."""
    parse_path(outline, TransformPen(pen, (1, 0, 0, -1, 0, ASCENT)))


def _dots(bitmap: bytes, pen) -> None:
    """One rectangle for each horizontal run of ink."""
    for y, row in enumerate(bitmaps.rows(bitmap)):
        top = ASCENT - y * DOT
        x = 0
        while x < bitmaps.SIZE:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < bitmaps.SIZE and row[x]:
                x += 1
            pen.moveTo((start * DOT, top - DOT))
            pen.lineTo((start * DOT, top))
            pen.lineTo((x * DOT, top))
            pen.lineTo((x * DOT, top - DOT))
            pen.closePath()


def _glyph(shape: GlyphShape):
    pen = TTGlyphPen(None)
    if shape.outline:
        draw_outline(shape.outline, Cu2QuPen(pen, CURVE_TOLERANCE, reverse_direction=True))
    else:
        _dots(shape.bitmap, pen)
    return pen.glyph()


def build_font(shapes: list[GlyphShape]) -> bytes:
    """A TrueType font with one glyph per shape at its code point."""
    names = {s.code_point: f"uni{s.code_point:04X}" for s in shapes}
    order = [".notdef", *names.values()]
    builder = FontBuilder(EM, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(names)
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), **{names[s.code_point]: _glyph(s) for s in shapes}})
    builder.setupHorizontalMetrics({name: (EM, 0) for name in order})
    builder.setupHorizontalHeader(ascent=ASCENT, descent=-DESCENT)
    builder.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ASCENT, sTypoDescender=-DESCENT, usWinAscent=ASCENT, usWinDescent=DESCENT)
    builder.setupPost()
    out = BytesIO()
    builder.save(out)
    return out.getvalue()


_lock = threading.Lock()
_cached: GaijiFont | None = None


def cached_font(key: object, shapes) -> GaijiFont:
    """The font for the register in state ``key``; ``shapes()`` is called only when it changed."""
    global _cached
    with _lock:
        if _cached is None or _cached.key != key:
            found = list(shapes())
            _cached = GaijiFont(key, frozenset(s.code_point for s in found), build_font(found))
        return _cached
