"""Checking and cleaning a 申請用写真 before it is stored (ADR 0013): :func:`clean_photo`.

What the law says about the photo (its 縦3.0cm×横2.4cm size, taken within six months, 無帽・正面・
上三分身・無背景) is in :mod:`menkyo.rules.application_photo`. What this module adds are the
limits of a digital photo that the law does not set — the bytes and pixels menkyo accepts, how close
to the printed photo's shape it must be — and the cleaning: the image is decoded by Pillow (so
what is stored is a picture, whatever its name or declared type said), turned upright by its EXIF
orientation, reduced to at most :data:`STORED_MAX_HEIGHT` pixels high and written again as a JPEG
from its pixels alone, so no EXIF (camera, GPS position, time), ICC or comment block survives.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageOps, UnidentifiedImageError

from menkyo.core.errors import InvalidInput
from menkyo.rules.application_photo import PhotoStandard

MAX_BYTES = 5 * 1024 * 1024  # what a counter camera or a scan sends; the stored JPEG is far smaller
MIN_WIDTH, MIN_HEIGHT = 240, 300  # ≈ 250 dpi at 2.4 cm × 3.0 cm: enough for the card and the forms
MAX_SIDE = 8000  # a larger picture is no photo of a person (and guards against decompression bombs)
ASPECT_TOLERANCE = 0.10  # height/width within ±10 % of the printed photo's (30/24 = 1.25)
STORED_MAX_HEIGHT = 1200  # ≈ 1000 dpi at 3.0 cm: more than any card printer uses
JPEG_QUALITY = 90
FORMATS = {"JPEG": "JPEG", "PNG": "PNG"}
FIELD = "photo"


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: the JPEG written from its pixels and what is recorded about it."""

    image: bytes
    sha256: str
    media_type: str
    source_format: str
    width: int
    height: int
    taken_on: date


def clean_photo(data: bytes, *, taken_on: date, applied_on: date, today: date, standard: PhotoStandard) -> CleanPhoto:
    """The photo ``data`` checked against ``standard`` and cleaned, or InvalidInput naming the field.

    ``taken_on`` must be no later than ``today`` and within the standard's months before
    ``applied_on`` (the application's day)."""
    _check_taken_on(taken_on, applied_on, today, standard)
    picture, source_format = _decode(data)
    _check_shape(picture, standard)
    image, (width, height) = _reencode(picture)
    return CleanPhoto(image, hashlib.sha256(image).hexdigest(), "image/jpeg", source_format, width, height, taken_on)


def _check_taken_on(taken_on: date, applied_on: date, today: date, standard: PhotoStandard) -> None:
    if not isinstance(taken_on, date) or taken_on > today:
        raise InvalidInput("写真の撮影日が正しくありません（今日より後の日付です）。", field="taken_on")
    earliest = standard.earliest_taken_on(applied_on)
    if taken_on < earliest:
        raise InvalidInput(f"申請用写真は申請前{standard.taken_within_months}月以内に撮影したものが必要です"
                           f"（{earliest.isoformat()} 以降に撮影したもの。{standard.reference}）。", field="taken_on",
                           code="photo_too_old")


def _decode(data: bytes) -> tuple[Image.Image, str]:
    """The picture in ``data`` (JPEG or PNG only, by its content), fully decoded."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise InvalidInput("写真の画像ファイルを選んでください。", field=FIELD, code="photo_missing")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"写真の画像ファイルが大きすぎます（{MAX_BYTES // (1024 * 1024)}MBまで）。", field=FIELD,
                           code="photo_too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data), formats=tuple(FORMATS))
            if max(picture.size) > MAX_SIDE:
                raise InvalidInput(f"写真の画素数が大きすぎます（縦横とも{MAX_SIDE}画素まで）。", field=FIELD,
                                   code="photo_too_many_pixels")
            picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise InvalidInput("写真はJPEG又はPNGの画像ファイルにしてください（読み取れない形式か、壊れたファイルです）。",
                           field=FIELD, code="photo_not_an_image") from None
    return ImageOps.exif_transpose(picture), FORMATS[picture.format]


def _check_shape(picture: Image.Image, standard: PhotoStandard) -> None:
    width, height = picture.size
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise InvalidInput(f"写真の画素数が足りません（{width}×{height}画素。横{MIN_WIDTH}×縦{MIN_HEIGHT}画素以上）。",
                           field=FIELD, code="photo_too_small")
    ratio = height / width
    if abs(ratio - standard.aspect) > standard.aspect * ASPECT_TOLERANCE:
        shape = "横長" if width > height else "縦横の比率が合わない"
        raise InvalidInput(f"写真は縦{standard.height_mm / 10:.1f}cm×横{standard.width_mm / 10:.1f}cmの縦長にしてください"
                           f"（{shape}画像です：横{width}×縦{height}画素）。", field=FIELD, code="photo_wrong_shape")


def _reencode(picture: Image.Image) -> tuple[bytes, tuple[int, int]]:
    """A JPEG written from the pixels alone: no EXIF, GPS, ICC profile or comment is carried over."""
    if picture.mode not in ("RGB", "L"):
        background = Image.new("RGB", picture.size, "white")  # transparency becomes a white background
        background.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").getchannel("A"))
        picture = background
    if picture.height > STORED_MAX_HEIGHT:
        width = round(picture.width * STORED_MAX_HEIGHT / picture.height)
        picture = picture.resize((width, STORED_MAX_HEIGHT), Image.Resampling.LANCZOS)
    bare = Image.frombytes(picture.mode, picture.size, picture.tobytes())  # no info dict at all
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), bare.size
