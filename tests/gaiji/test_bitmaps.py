"""The card's 外字 dots (32×32, 1 bit each — UNCONFIRMED format) and the pictures made of them."""

from io import BytesIO

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from menkyo.gaiji import bitmaps


@given(st.binary(min_size=bitmaps.BYTES, max_size=bitmaps.BYTES))
def test_dots_read_back_as_the_same_128_bytes(bitmap):
    assert bitmaps.from_rows(bitmaps.rows(bitmap)) == bitmap


def test_the_leftmost_dot_of_the_top_row_is_the_first_bytes_highest_bit():
    dots = [[False] * 32 for _ in range(32)]
    dots[0][0] = dots[31][31] = True
    assert bitmaps.from_rows(dots) == b"\x80" + bytes(126) + b"\x01"


def test_the_picture_for_the_page_shows_each_dot_as_a_black_square():
    dots = [[x == y for x in range(32)] for y in range(32)]
    image = Image.open(BytesIO(bitmaps.to_png(bitmaps.from_rows(dots), scale=4)))
    assert image.size == (128, 128) and image.getpixel((1, 1)) == 0 and image.getpixel((6, 1)) != 0
