"""The forms' dataclasses: plain values only, frozen, checked when built; their file names and the
texts the law makes them carry (from the law engine, by the form's date)."""

import dataclasses
from datetime import date

import pytest
from tests.documents.samples import red_photo

from menkyo.core import legal
from menkyo.documents.forms import (
    FORMS,
    ApplicationForm,
    CardReceipt,
    ExamTicket,
    RefusalNotice,
    SlipVariant,
    photo_media_type,
)
from menkyo.rules.errors import RulesError


def test_every_form_names_its_template_title_legal_basis_and_audit_action():
    for form in FORMS:
        assert form.template == f"documents/{form.code}.html"
        assert form.action == f"documents.{form.code}.render"
    assert (ExamTicket.title, ExamTicket.legal_basis) == ("受験（登録）票", legal.KITEI_4)
    assert (ApplicationForm.title, ApplicationForm.legal_basis) == ("運転免許申請書", legal.KITEI_3)
    assert (RefusalNotice.title, RefusalNotice.legal_basis) == ("運転免許申請に対する通知書", legal.KITEI_58)
    assert (CardReceipt.title, CardReceipt.legal_basis) == ("受領書", legal.KITEI_13)


def test_a_form_is_frozen_and_the_lists_handed_over_become_tuples(exam_ticket):
    assert exam_ticket.tests == ("適性試験", "学科試験")
    with pytest.raises(dataclasses.FrozenInstanceError):
        exam_ticket.name = "別人"  # type: ignore[misc]


def test_the_exam_ticket_qr_reference_is_opaque_and_holds_no_personal_data(exam_ticket):
    assert exam_ticket.reference == "EX-28-002-20261127-0012"
    assert not any(part in exam_ticket.reference for part in ("𠮷", "髙", "ヨシダ", "2008", "0402"))


def test_file_names_are_japanese_with_an_ascii_alternative(exam_ticket, application_form, refusal_notice,
                                                           processing_slip, receipt, card_receipt):
    assert (exam_ticket.filename, exam_ticket.ascii_filename) == ("受験票-2026-11-27-0012.pdf",
                                                                  "exam-ticket-2026-11-27-0012.pdf")
    assert application_form.filename == "運転免許申請書-20261127-0012.pdf"
    assert refusal_notice.ascii_filename == "refusal-notice-2026-11-27.pdf"
    assert processing_slip.filename == "事務処理票-AB-20261127-0001.pdf"
    assert receipt.filename == "領収書-2026-11-27-AB-20261127-0001.pdf"
    assert card_receipt.ascii_filename == "card-receipt-2026-12-04-28-101-261127-0001.pdf"
    for form in (exam_ticket, application_form, refusal_notice, processing_slip, receipt, card_receipt):
        assert form.ascii_filename.isascii() and NAME_PARTS.isdisjoint(form.filename)


NAME_PARTS = set("𠮷田髙志ヨシダタカシ")


def test_the_slip_variant_sets_its_title_and_article(processing_slip):
    assert processing_slip.title == "運転免許手数料事務処理票（作成依頼用）"
    assert processing_slip.legal_basis == legal.KITEI_13_4
    delivery = dataclasses.replace(processing_slip, variant="delivery")
    assert delivery.variant is SlipVariant.DELIVERY and delivery.title.endswith("（送付（交付）用）")
    fee = dataclasses.replace(processing_slip, variant=SlipVariant.FEE, handover_date=None)
    assert (fee.title, fee.legal_basis) == ("運転免許手数料事務処理票", legal.KITEI_13_2)
    assert processing_slip.total == 14600


def test_a_receipt_is_a_領収書_or_a_受領書_and_totals_its_lines(receipt):
    assert (receipt.title, receipt.total) == ("領収書", 14600)
    assert dataclasses.replace(receipt, heading="受領書").filename.startswith("受領書-")


@pytest.mark.parametrize(("make", "message"), [
    (lambda f: dataclasses.replace(f["exam_ticket"], photo=b"GIF89a..."), "JPEG or PNG"),
    (lambda f: dataclasses.replace(f["exam_ticket"], examinee_number=0), "starts at 1"),
    (lambda f: dataclasses.replace(f["exam_ticket"], centre_code="明石"), "ASCII"),
    (lambda f: dataclasses.replace(f["application_form"], questionnaire=f["application_form"].questionnaire[:4]),
     "5 items"),
    (lambda f: dataclasses.replace(f["refusal_notice"], decision="却下"), "decision"),
    (lambda f: dataclasses.replace(f["refusal_notice"], reasons=[]), "at least one reason"),
    (lambda f: dataclasses.replace(f["processing_slip"], slip_number="第1号"), "ASCII"),
    (lambda f: dataclasses.replace(f["processing_slip"], variant="copy"), "copy"),
    (lambda f: dataclasses.replace(f["receipt"], heading="請求書"), "heading"),
    (lambda f: dataclasses.replace(f["receipt"], lines=[]), "at least one fee"),
    (lambda f: dataclasses.replace(f["card_receipt"], slip_number="第1号"), "ASCII"),
])
def test_a_form_built_wrong_is_refused_when_built(make, message, exam_ticket, application_form, refusal_notice,
                                                  processing_slip, receipt, card_receipt):
    built = {"exam_ticket": exam_ticket, "application_form": application_form, "refusal_notice": refusal_notice,
             "processing_slip": processing_slip, "receipt": receipt, "card_receipt": card_receipt}
    with pytest.raises(ValueError, match=message):
        make(built)


def test_a_photo_is_recognised_as_jpeg_or_png():
    assert photo_media_type(red_photo("JPEG")) == "image/jpeg"
    assert photo_media_type(red_photo("PNG")) == "image/png"


def test_the_false_answer_penalty_follows_the_application_date(application_form):
    assert application_form.false_answer_penalty == "1年以下の拘禁刑又は30万円以下の罰金"
    before = dataclasses.replace(application_form, applied_on=date(2025, 5, 31))
    assert before.false_answer_penalty == "1年以下の懲役又は30万円以下の罰金"


def test_the_教示_states_the_periods_in_force_and_names_the_commission_and_the_prefecture(refusal_notice):
    review, suit = refusal_notice.appeal_instructions
    assert "3か月以内に、兵庫県公安委員会に対して審査請求" in review and "1年を経過" in review
    assert "6か月以内に、兵庫県を被告として" in suit
    osaka = dataclasses.replace(refusal_notice, prefecture="大阪府", issuer="大阪府公安委員会")
    assert "大阪府公安委員会に対して審査請求" in osaka.appeal_instructions[0]


def test_a_notice_dated_before_the_periods_in_the_law_engine_is_an_error_not_a_guess(refusal_notice):
    old = dataclasses.replace(refusal_notice, notice_date=date(2015, 3, 31))
    with pytest.raises(RulesError):
        old.appeal_instructions  # noqa: B018

