"""Photos as a counter camera or scanner sends them (ADR 0013): red pictures with the metadata a
camera writes — maker, model, time, GPS position, a comment — for the tests to see it dropped."""

from io import BytesIO

from PIL import Image

RED = (220, 20, 20)
GPS_IFD, MAKE, MODEL, DATETIME, ORIENTATION = 0x8825, 0x010F, 0x0110, 0x0132, 0x0112


def camera_photo(width: int = 480, height: int = 600, fmt: str = "JPEG", *, orientation: int | None = None,
                 colour=RED) -> bytes:
    """A ``width``×``height`` picture in ``fmt`` with EXIF (camera, time, GPS: 明石市役所) and a comment."""
    picture = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[DATETIME] = "MenkyoCam", "Counter-1", "2026:11:27 09:00:00"
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (34.0, 38.0, 36.0), 3: "E", 4: (134.0, 59.0, 50.0)})
    out = BytesIO()
    extra = {"comment": b"taken at the Akashi counter"} if fmt == "JPEG" else {}
    picture.save(out, fmt, exif=exif.tobytes(), **extra)
    return out.getvalue()


def gif_photo() -> bytes:
    out = BytesIO()
    Image.new("RGB", (480, 600), RED).save(out, "GIF")
    return out.getvalue()


def stored_photo(person, *, taken_on=None):
    """A 申請用写真 of ``person`` as ``counter.attach_photo`` stores it (cleaned, re-encoded), written with
    the ORM for fixtures whose application must carry one to be issued (ADR 0013)."""
    from django.utils import timezone

    from menkyo.registry.models import Photo
    from menkyo.registry.photos import clean_photo
    from menkyo.rules.application_photo import photo_standard

    day = timezone.localdate()
    photo = clean_photo(camera_photo(), taken_on=taken_on or day, applied_on=day, today=day,
                        standard=photo_standard(day))
    return Photo.objects.create(person=person, image=photo.image, sha256=photo.sha256, media_type=photo.media_type,
                                source_format=photo.source_format, size=len(photo.image), width=photo.width,
                                height=photo.height, taken_on=photo.taken_on, received_by="test")


def upload_photo(page, url: str, application: int) -> None:
    """Browser: the clerk uploads the applicant's 申請用写真 on the application page as taken at the counter
    (規程第3条; ADR 0013: no card is made without it)."""
    page.goto(f"{url}/counter/applications/{application}/")
    page.set_input_files("input[name=photo]", {"name": "photo.jpg", "mimeType": "image/jpeg",
                                                "buffer": camera_photo()})
    page.click("#photo-submit")
    page.wait_for_selector("#application-photo")
    assert "申請用写真を登録しました" in page.inner_text("ul.messages")
