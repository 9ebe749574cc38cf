"""The card's 外字 record as dots: 32×32, 1 bit a dot (**UNCONFIRMED**), and pictures of it.

names-and-gaiji.md §1.1 / ic-card.md §7: the IC licence records characters outside JIS X 0208 as
images; the record's size is inferred as 130 bytes, which 2 + 128 bytes (32×32 dots) would fit,
but no source states the dot size or the bit order. menkyo stores 128 bytes: rows from the top,
each row 4 bytes, the leftmost dot in the most significant bit, 1 = ink. When the card
specification is confirmed, only this module changes.
"""

from io import BytesIO

from PIL import Image, UnidentifiedImageError

from menkyo.core.errors import InvalidInput

SIZE = 32  # dots a side — UNCONFIRMED
BYTES = SIZE * SIZE // 8
INK_BELOW = 128  # grey level under which an uploaded pixel is a dot of ink
PNG_MAX_BYTES = 1_000_000
PNG_MAX_SIDE = 2000  # pixels: a scan of one character needs far less; larger ones are refused before decoding


def rows(bitmap: bytes) -> list[list[bool]]:
    """The dots, row by row from the top (``True`` = ink)."""
    bits = int.from_bytes(bitmap, "big")
    return [[bool(bits >> (SIZE * SIZE - 1 - (y * SIZE + x)) & 1) for x in range(SIZE)] for y in range(SIZE)]


def from_rows(dots: list[list[bool]]) -> bytes:
    bits = 0
    for row in dots:
        for dot in row:
            bits = bits << 1 | bool(dot)
    return bits.to_bytes(BYTES, "big")


def check(bitmap: bytes, *, field: str = "bitmap") -> bytes:
    """The bitmap if it is one (128 bytes with some ink); else the field's message."""
    if len(bitmap) != BYTES:
        raise InvalidInput(f"字形は{SIZE}×{SIZE}ドット（{BYTES}バイト）で指定してください（{len(bitmap)}バイトでした）。",
                           field=field)
    if not any(bitmap):
        raise InvalidInput("字形が空白です。外字の字形を指定してください。", field=field, code="bitmap_blank")
    return bitmap


def from_png(content: bytes, *, field: str = "png") -> bytes:
    """A picture of the glyph (PNG, black on white) as the card's dots: the ink's bounding box,
    squared and centred, scaled to 32×32, a dot where the scaled picture is dark."""
    if len(content) > PNG_MAX_BYTES:
        raise InvalidInput("字形の画像が大きすぎます（1MB以内のPNG画像にしてください）。", field=field)
    try:
        image = Image.open(BytesIO(content))
        if image.format != "PNG":
            raise InvalidInput("字形の画像はPNG形式で指定してください。", field=field)
        if max(image.size) > PNG_MAX_SIDE:
            raise InvalidInput(f"字形の画像が大きすぎます（縦横{PNG_MAX_SIDE}画素以内にしてください）。", field=field)
        grey = _on_white(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidInput("字形の画像を読み取れません（PNG画像を指定してください）。", field=field) from exc
    box = grey.point(lambda v: 255 if v < INK_BELOW else 0).getbbox()
    if box is None:
        raise InvalidInput("字形の画像が空白です。黒で書いた外字の画像を指定してください。", field=field,
                           code="bitmap_blank")
    small = _square(grey.crop(box)).resize((SIZE, SIZE), Image.Resampling.BOX)
    return from_rows([[small.getpixel((x, y)) < INK_BELOW for x in range(SIZE)] for y in range(SIZE)])


def _on_white(image: Image.Image) -> Image.Image:
    """Grey levels, transparent parts white."""
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, "white")
    return Image.alpha_composite(white, rgba).convert("L")


def _square(image: Image.Image) -> Image.Image:
    """The picture centred in a white square with a margin of one dot in 32 around it."""
    side = max(image.size)
    side += max(2, side // (SIZE // 2))
    square = Image.new("L", (side, side), 255)
    square.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    return square


def to_png(bitmap: bytes, scale: int = 4) -> bytes:
    """The dots as a PNG (for the staff page), ``scale`` pixels a dot."""
    image = Image.new("1", (SIZE, SIZE), 1)
    for y, row in enumerate(rows(bitmap)):
        for x, dot in enumerate(row):
            if dot:
                image.putpixel((x, y), 0)
    out = BytesIO()
    image.resize((SIZE * scale, SIZE * scale), Image.Resampling.NEAREST).save(out, "PNG")
    return out.getvalue()
