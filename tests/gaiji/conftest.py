"""外字 fixtures: a 兵庫 審査 operator who registers, a 窓口 clerk who only looks up, and glyphs."""

from io import BytesIO

import pytest
from PIL import Image, ImageDraw

from menkyo.gaiji import bitmaps, services

RING = bitmaps.from_rows([[4 <= x < 28 and 4 <= y < 28 and not (8 <= x < 24 and 8 <= y < 24) for x in range(32)]
                          for y in range(32)])


def glyph_png(size=(120, 90)) -> bytes:
    """A black cross on white, off-centre on a wider picture (as a scan would be)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 40, 80, 50), fill="black")
    draw.rectangle((45, 15, 55, 75), fill="black")
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def officer(make_operator):
    """A 兵庫 審査 operator of the licence division."""
    return make_operator("hyogo_gaiji_officer", ["case_officer"], "28-001")


@pytest.fixture
def clerk(make_operator):
    return make_operator("hyogo_gaiji_clerk", ["counter"], "28-001")


@pytest.fixture
def registered(officer):
    """U+E001, a local 外字 (no MJ文字図形名): 立 and 奇 side by side, read たつさき."""
    return services.register_glyph(officer, code_point="U+E001", bitmap=RING, reading="たつさき",
                                   composition="立＋奇", reason="新規申請者の氏名に使用")
