"""The 受験（登録）票 prints the application's 申請用写真 in its 3.0 × 2.4 cm frame (規程第4条; ADR 0013)."""

import pytest
from tests.documents.pdf import crop_mm, pdf_page_image, pdf_text
from tests.photos import camera_photo

from menkyo.counter import services as counter
from menkyo.exams import services

pytestmark = pytest.mark.django_db
SCALE = 2


def test_the_ticket_shows_the_applicants_photo_in_the_frame(examiner, make_operator, registered):
    clerk = make_operator("akashi_counter", ["counter"], "28-002")
    counter.attach_photo(clerk, registered.application_id, camera_photo())
    pdf = services.exam_ticket(examiner, registered.pk).pdf
    red, green, blue = crop_mm(pdf_page_image(pdf, scale=SCALE), SCALE, 123, 36, 125, 38).getpixel((1, 1))
    assert red > 180 and green < 80 and blue < 80
    assert "写真" not in pdf_text(pdf).replace("受験票", "")


def test_without_a_photo_the_frame_stays_empty_for_one_to_be_affixed(examiner, registered):
    pdf = services.exam_ticket(examiner, registered.pk).pdf
    red, green, blue = crop_mm(pdf_page_image(pdf, scale=SCALE), SCALE, 123, 36, 125, 38).getpixel((1, 1))
    assert not (red > 180 and green < 80)  # no red picture: the frame is blank
    assert "写真" in pdf_text(pdf)
