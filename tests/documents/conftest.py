"""Forms as a procedure service would build them, for an applicant whose name holds 外字-like
characters (𠮷 outside the BMP, 髙 the 異体字 of 高)."""

from datetime import date
from functools import cache

import pytest
from tests.documents.samples import BIRTH, CENTRE, DAY, KANA, NAME, QUESTIONS

from menkyo.documents.forms import (
    ApplicationForm,
    CardReceipt,
    ExamTicket,
    FeeLine,
    ProcessingSlip,
    QuestionnaireAnswer,
    Reason,
    Receipt,
    RefusalNotice,
)
from menkyo.documents.rendering import render_pdf


@pytest.fixture
def exam_ticket():
    return ExamTicket(centre=CENTRE, centre_code="28-002", exam_date=DAY, examinee_number=12, name=NAME,
                      name_kana=KANA, birth_date=BIRTH, kind="普通", tests=["適性試験", "学科試験"])


@pytest.fixture
def application_form():
    return ApplicationForm(
        applied_on=DAY, addressee="兵庫県公安委員会", name=NAME, name_kana=KANA, birth_date=BIRTH,
        address="兵庫県明石市荷山町1番地の2", honseki="兵庫県", application_type="新規取得", kind="普通",
        questionnaire=[QuestionnaireAnswer(q, i == 1) for i, q in enumerate(QUESTIONS)],
        office=CENTRE, ledger_number="20261127-0012")


@pytest.fixture
def refusal_notice():
    return RefusalNotice(
        notice_date=DAY, addressee_name=NAME, addressee_address="兵庫県明石市荷山町1番地の2", applied_on=DAY,
        application="普通自動車免許の免許試験の申請", decision="受理しない",
        reasons=[Reason("受験できる年齢に達していません。", "道路交通法第88条第1項第1号"),
                 Reason("この種類の免許を受けるのに必要な免許を受けていません。", "道路交通法第96条第1項")],
        issuer="兵庫県公安委員会")


@pytest.fixture
def processing_slip():
    return ProcessingSlip(
        variant="request", slip_number="AB-20261127-0001", office="生田警察署", prepared_on=DAY, name=NAME,
        name_kana=KANA, birth_date=BIRTH, kinds=["普通", "普通二輪"],
        fees=[FeeLine("受験手数料", 2550), FeeLine("免許証交付手数料", 12050)], handover_date=date(2026, 12, 4),
        destination=CENTRE)


@pytest.fixture
def receipt():
    return Receipt(payer=NAME, paid_on=DAY, office=CENTRE, lines=[FeeLine("受験手数料", 2550),
                                                                  FeeLine("免許証交付手数料", 12050)],
                   method="現金", slip_number="AB-20261127-0001")


@pytest.fixture
def card_receipt():
    return CardReceipt(name=NAME, card="運転免許証", licence_number="630123456780", card_serial="AK-0009",
                       slip_number="28-101-261127-0001", office="生田警察署", handed_over_on=date(2026, 12, 4),
                       handed_over_by="生田 窓口")


@pytest.fixture(params=["exam_ticket", "application_form", "refusal_notice", "processing_slip", "receipt",
                        "card_receipt"])
def any_form(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def pdf_of():
    """pdf_of(form) → its rendering, made once per distinct form in the session (forms are frozen)."""
    return cache(render_pdf)
