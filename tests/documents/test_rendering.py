"""Each form rendered to PDF and read back: its text (fields, 和暦 dates, 外字 intact), its page, its
fonts, and — where layout matters — its picture: the barcode and QR code read from the page image,
the photo box, long values wrapping inside the page. Rendering needs no database: these tests
have none (pytest-django refuses any query in a test without the ``db`` fixture)."""

import dataclasses
import re
from concurrent.futures import ThreadPoolExecutor

import barcode
import pytest
import segno
from tests.documents.pdf import (
    crop_mm,
    dark_box,
    flat,
    ink_ratio,
    page_size_mm,
    pdf_fonts,
    pdf_page_image,
    pdf_text,
    read_bars,
    read_qr_modules,
)
from tests.documents.samples import CENTRE, KANA, NAME, QUESTIONS, red_photo
from weasyprint.urls import FatalURLFetchingError

from menkyo.documents import rendering
from menkyo.documents.rendering import render_pdf

SCALE = 6  # pixels per point for the layout checks (≈ 430 dpi: a 0.33 mm module is ≈ 5.6 px)
PAGE_SIZES = {"exam_ticket": (148.0, 210.0), "application_form": (210.0, 297.0), "refusal_notice": (210.0, 297.0),
              "processing_slip": (210.0, 297.0), "receipt": (210.0, 148.0), "card_receipt": (210.0, 148.0)}
NOTO = {"Noto-Sans-CJK-JP", "Noto-Sans-CJK-JP-Bold", "Noto-Serif-CJK-JP", "Noto-Serif-CJK-JP-Bold"}


def test_each_form_renders_on_one_page_of_its_paper_size(any_form, pdf_of):
    pdf = pdf_of(any_form)
    assert pdf.content.startswith(b"%PDF-") and pdf.pages == 1
    assert page_size_mm(pdf.content) == PAGE_SIZES[any_form.code]
    assert any_form.title in pdf_text(pdf.content)


def test_each_form_embeds_only_noto_cjk_jp_fonts(any_form, pdf_of):
    fonts = pdf_fonts(pdf_of(any_form).content)
    assert fonts and fonts <= NOTO
    assert all("Serif" in font for font in fonts) == (any_form.code == "refusal_notice")


def test_the_same_form_renders_to_the_same_bytes(exam_ticket):
    """A reprint of the same data is the same file: its SHA-256 in the audit trail identifies it."""
    assert render_pdf(exam_ticket).content == render_pdf(exam_ticket).content


def test_the_exam_ticket_shows_the_examinee_in_和暦_with_the_rare_kanji_intact(exam_ticket, pdf_of):
    text = pdf_text(pdf_of(exam_ticket).content)
    for shown in ("受験（登録）票", "受験番号 0012", "試験日 令和8年11月27日", f"試験場 {CENTRE}", f"フリガナ {KANA}",
                  f"氏名 {NAME}", "生年月日 平成20年4月2日", "普通", "適性試験・学科試験", "写真"):
        assert shown in text, shown
    assert "𠮷" in text and "髙" in text and "吉田" not in text and "高志" not in text


def test_the_application_form_is_pre_filled_with_the_質問票_and_the_penalty_note(application_form, pdf_of):
    text = pdf_text(pdf_of(application_form).content)
    for shown in ("規則別記様式第12", "運転免許申請書", "令和8年11月27日", "兵庫県公安委員会　殿", f"氏名 {NAME}",
                  "生年月日 平成20年4月2日", "兵庫県明石市荷山町1番地の2", "本籍（国籍等） 兵庫県", "新規取得",
                  "質問票（規則別記様式第12の2）", "申請者署名", "20261127-0012"):
        assert shown in text, shown
    flat_text = flat(text)
    assert all(flat(question) in flat_text for question in QUESTIONS)
    answers = re.findall(r"([■□])はい\s*([■□])いいえ", text)
    assert answers == [("□", "■"), ("■", "□"), ("□", "■"), ("□", "■"), ("□", "■")]
    assert "1年以下の拘禁刑又は30万円以下の罰金に処せられます" in flat_text


def test_an_unanswered_質問票_item_is_left_to_fill_by_hand(application_form, pdf_of):
    blank = dataclasses.replace(application_form, questionnaire=[
        dataclasses.replace(item, answer=None) for item in application_form.questionnaire])
    assert re.findall(r"([■□])はい\s*([■□])いいえ", pdf_text(pdf_of(blank).content)) == [("□", "□")] * 5


def test_the_refusal_notice_gives_the_decision_each_reason_with_its_provision_and_the_教示(refusal_notice, pdf_of):
    text = flat(pdf_text(pdf_of(refusal_notice).content))
    for shown in ("運転免許申請に対する通知書", f"{flat(NAME)}殿", "兵庫県公安委員会",
                  "あなたから令和8年11月27日に申請のあった普通自動車免許の免許試験の申請については、"
                  "下記の理由により受理しないこととしたので通知します。",
                  "受験できる年齢に達していません。（道路交通法第88条第1項第1号）",
                  "この種類の免許を受けるのに必要な免許を受けていません。（道路交通法第96条第1項）",
                  *refusal_notice.appeal_instructions):
        assert flat(shown) in text, shown


def test_the_issuer_of_a_notice_is_whoever_the_data_names(refusal_notice, pdf_of):
    by_centre = dataclasses.replace(refusal_notice, issuer="兵庫県自動車運転免許試験場長", decision="拒否する")
    text = flat(pdf_text(pdf_of(by_centre).content))
    assert "兵庫県自動車運転免許試験場長" in text and "拒否することとしたので通知します" in text


def test_the_processing_slip_shows_its_number_fees_handover_date_and_signature_box(processing_slip, pdf_of):
    text = pdf_text(pdf_of(processing_slip).content)
    for shown in ("運転免許手数料事務処理票（作成依頼用）", "作成日 令和8年11月27日", "取扱所属 生田警察署",
                  f"送付先 {CENTRE}", f"氏名 {NAME}", "免許の種類 普通・普通二輪", "交付予定日 令和8年12月4日",
                  "受験手数料 2,550円", "免許証交付手数料 12,050円", "合計 14,600円", "受領者署名"):
        assert shown in text, shown
    assert text.count("AB-20261127-0001") == 2  # in the table, and under the barcode


def test_a_same_day_fee_slip_says_so_instead_of_a_handover_date(processing_slip, pdf_of):
    fee = dataclasses.replace(processing_slip, variant="fee", handover_date=None, destination="")
    text = pdf_text(pdf_of(fee).content)
    assert "交付予定日 即日交付" in text and "送付先" not in text


def test_the_receipt_shows_the_payer_the_total_in_yen_and_how_it_was_paid(receipt, pdf_of):
    text = pdf_text(pdf_of(receipt).content)
    for shown in ("領収書", "No. AB-20261127-0001", "令和8年11月27日", f"{NAME}　様", "金　14,600円",
                  "受験手数料 2,550円", "納付方法：現金", "上記の金額を領収しました。", CENTRE):
        assert shown in text, shown
    assert "上記のとおり受領しました。" in pdf_text(pdf_of(dataclasses.replace(receipt, heading="受領書")).content)


def test_the_card_receipt_names_the_card_the_office_the_day_and_leaves_a_box_for_the_signature(card_receipt,
                                                                                                 pdf_of):
    text = pdf_text(pdf_of(card_receipt).content)
    for shown in ("受領書", "No. 28-101-261127-0001", "生田警察署　殿", "下記の運転免許証を受領しました。",
                  "免許証番号 630123456780", "製造番号 AK-0009", "交付日 令和8年12月4日", "交付所属・交付者 生田警察署　生田 窓口",
                  f"受領者氏名 {NAME}", "受領者署名"):
        assert shown in text, shown


# --- layout: pictures read back from the page image -----------------------------------------


def svg_bars(svg: bytes) -> str:
    """The modules drawn by python-barcode's SVG: each black rect is a bar of whole modules."""
    module, quiet = rendering.BARCODE_OPTIONS["module_width"], rendering.BARCODE_OPTIONS["quiet_zone"]
    bars = [(float(x), float(w)) for x, w in re.findall(rb'<rect x="([\d.]+)mm" y="[\d.]+mm" width="([\d.]+)mm"', svg)]
    end = round((bars[-1][0] + bars[-1][1] - quiet) / module)
    bits = ["0"] * end
    for x, width in bars:
        start = round((x - quiet) / module)
        bits[start:start + round(width / module)] = "1" * round(width / module)
    return "".join(bits)


def test_the_slip_barcode_is_the_code_128_of_the_slip_number(processing_slip):
    expected = barcode.Code128(processing_slip.slip_number).build()[0]
    assert svg_bars(rendering.code128_svg(processing_slip.slip_number)) == expected


def test_the_barcode_printed_at_the_top_right_reads_back_as_the_slip_number(processing_slip, pdf_of):
    image = pdf_page_image(pdf_of(processing_slip).content, scale=SCALE)
    expected = barcode.Code128(processing_slip.slip_number).build()[0]
    bars = crop_mm(image, SCALE, 112, 14, 200, 24)  # A4, 12 mm margins: the 80 mm box at the top right
    assert 0.3 < ink_ratio(bars) < 0.7
    assert read_bars(bars, len(expected)) == expected
    other = barcode.Code128("AB-20261127-0002").build()[0]
    assert read_bars(bars, len(other)) != other


def test_the_qr_code_on_the_exam_ticket_reads_back_as_its_reference(exam_ticket, pdf_of):
    image = pdf_page_image(pdf_of(exam_ticket).content, scale=SCALE)
    matrix = [list(row) for row in segno.make_qr(exam_ticket.reference, error=rendering.QR_ERROR_LEVEL).matrix]
    assert read_qr_modules(crop_mm(image, SCALE, 110, 54, 141, 84), len(matrix)) == matrix  # below the photo


def box_mm(box, scale=SCALE) -> tuple[float, float]:
    px = scale * 72 / 25.4
    return round((box[2] - box[0]) / px, 1), round((box[3] - box[1]) / px, 1)


def test_without_a_photo_the_ticket_prints_an_empty_photo_frame_of_3_by_2_4_cm(exam_ticket, pdf_of):
    image = pdf_page_image(pdf_of(exam_ticket).content, scale=SCALE)
    frame = crop_mm(image, SCALE, 110, 20, 141, 54)  # right of the table, above the QR code
    width, height = box_mm(dark_box(frame))
    assert 24 <= width <= 24.6 and 30 <= height <= 30.6
    assert ink_ratio(crop_mm(image, SCALE, 114, 24, 134, 34)) == 0  # empty above the word 写真


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_the_applicants_photo_fills_the_frame(exam_ticket, fmt, pdf_of):
    with_photo = dataclasses.replace(exam_ticket, photo=red_photo(fmt))
    pdf = pdf_of(with_photo).content
    image = pdf_page_image(pdf, scale=SCALE)
    red, green, blue = crop_mm(image, SCALE, 123, 36, 125, 38).getpixel((1, 1))
    assert red > 180 and green < 80 and blue < 80
    assert "写真" not in pdf_text(pdf).replace("受験票", "")


def test_long_names_and_addresses_wrap_inside_the_page_and_stay_whole(application_form, pdf_of):
    address = "兵庫県神戸市中央区" + "加納町六丁目五番一号神戸市役所一号館二十四階" * 5 + "1234567890" * 6
    name = "𠮷田髙志" * 12
    long = dataclasses.replace(application_form, name=name, address=address, name_kana="ヨシダタカシ" * 12)
    pdf = pdf_of(long)
    text = flat(pdf_text(pdf.content))
    assert pdf.pages == 1 and address in text and name in text
    image = pdf_page_image(pdf.content, scale=2)
    assert ink_ratio(crop_mm(image, 2, 199, 0, 210, 297)) == 0  # nothing in the right margin


def test_values_are_printed_as_text_never_as_markup(exam_ticket, pdf_of):
    marked = dataclasses.replace(exam_ticket, name='<b>山田</b><img src="file:///etc/passwd">')
    assert flat('<b>山田</b><img src="file:///etc/passwd">') in flat(pdf_text(pdf_of(marked).content))


def test_a_form_never_fetches_a_file_or_a_url(exam_ticket, monkeypatch):
    monkeypatch.setattr(rendering, "render_html", lambda form: '<img src="file:///etc/hostname">')
    with pytest.raises(FatalURLFetchingError):
        render_pdf(exam_ticket)


def test_forms_render_side_by_side_in_threads_as_in_gunicorn_workers(exam_ticket, application_form, refusal_notice,
                                                                   processing_slip, receipt):
    forms = [exam_ticket, application_form, refusal_notice, processing_slip, receipt]
    alone = [render_pdf(form).content for form in forms]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(render_pdf, forms))
    assert [pdf.content for pdf in together] == alone
