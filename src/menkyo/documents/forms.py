"""The official forms (様式), one frozen dataclass each, holding only plain values.

A procedure service builds the form from its own records and hands it to
:func:`menkyo.documents.services.render_document`; the template sees nothing
else, so it cannot query the database. Each form names its template, its
Japanese title, the 規程 article under which it is handed out, and the audit
action its rendering records.

Dates are ``date`` objects; the templates print them in 和暦. Amounts are
whole yen. Names keep the exact characters given (外字 such as 𠮷 or 髙 are
printed as they are, never normalised).

What the law makes a form say (the penalty under the 質問票, the periods of
the 教示) comes from the law engine (:mod:`menkyo.rules.notices`) as in force
on the form's date.
"""

from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.legal import LegalBasis
from menkyo.documents.actions import Action
from menkyo.rules import notices

PHOTO_MAX_BYTES = 2 * 1024 * 1024
_PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class Form:
    """What every form declares; subclasses are frozen dataclasses."""

    code: ClassVar[str]  # documents.<code>.render; the ASCII file name
    template: ClassVar[str]
    title: ClassVar[str]  # the form's name as printed
    short_title: ClassVar[str]  # the file name offered to the browser
    page_size: ClassVar[str] = "A4"  # a CSS @page size
    legal_basis: ClassVar[LegalBasis]
    action: ClassVar[Action]

    def __post_init__(self) -> None:
        # Lists handed over become tuples: the form cannot change after it was built.
        for field in fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if isinstance(value, list):
                object.__setattr__(self, field.name, tuple(value))

    @property
    def key(self) -> str:
        """What tells this copy apart in its file name (ASCII: dates, numbers)."""
        raise NotImplementedError

    @property
    def filename(self) -> str:
        """受験票-2026-11-27-0012.pdf"""
        return f"{self.short_title}-{self.key}.pdf"

    @property
    def ascii_filename(self) -> str:
        """exam-ticket-2026-11-27-0012.pdf (for clients that cannot read RFC 5987)."""
        return f"{self.code.replace('_', '-')}-{self.key}.pdf"


def appeal_instructions(day: date, prefecture: str) -> tuple[str, ...]:
    """The 教示 on a disposition of ``prefecture``'s commission made on ``day`` (行政不服審査法第82条,
    行政事件訴訟法第46条), the periods from the law engine; the wording is UNCONFIRMED (see
    :attr:`RefusalNotice.appeal_instructions`)."""
    periods = notices.appeal_periods(day)
    commission = f"{prefecture}公安委員会"
    return (
        f"この処分に不服がある場合は、この処分があったことを知った日の翌日から起算して"
        f"{periods.review_months}か月以内に、{commission}に対して審査請求をすることができます"
        f"（処分があった日の翌日から起算して{periods.review_limit_years}年を経過したときは、"
        f"審査請求をすることができません。）。",
        f"この処分の取消しの訴えは、この処分があったことを知った日から{periods.suit_months}か月以内に、"
        f"{prefecture}を被告として（訴訟において{prefecture}を代表する者は{commission}"
        f"となります。）提起することができます（処分の日から{periods.suit_limit_years}年を経過したときは、"
        f"提起することができません。）。",
    )


@dataclass(frozen=True)
class FeeLine:
    """One fee (手数料) on a slip or a receipt: its name and whole yen."""

    label: str
    amount: int


@dataclass(frozen=True)
class Reason:
    """One reason for a refusal, with the provision it rests on (行政手続法第8条: reasons shown)."""

    text: str
    reference: str


@dataclass(frozen=True)
class QuestionnaireAnswer:
    """One item of the 質問票 as printed, and the answer (None: not answered yet, to fill by hand)."""

    question: str
    answer: bool | None


def _require_ascii_key(value: str, what: str) -> None:
    if not value or not value.isascii() or not value.replace("-", "").isalnum():
        raise ValueError(f"{what} must be ASCII letters, digits and hyphens: {value!r}")


def photo_media_type(photo: bytes) -> str:
    """image/jpeg or image/png from the file's first bytes; anything else is refused."""
    for magic, media_type in _PHOTO_TYPES.items():
        if photo.startswith(magic):
            return media_type
    raise ValueError("the photo must be a JPEG or PNG image")


@dataclass(frozen=True)
class ExamTicket(Form):
    """受験（登録）票 (規程第4条): handed to the examinee at registration, shown at every test.

    The QR code holds only an opaque reference (centre, day, examinee number), never
    personal data; a reader looks the examinee up by it.
    """

    code: ClassVar[str] = "exam_ticket"
    template: ClassVar[str] = "documents/exam_ticket.html"
    title: ClassVar[str] = "受験（登録）票"
    short_title: ClassVar[str] = "受験票"
    page_size: ClassVar[str] = "A5"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_4
    action: ClassVar[Action] = Action.EXAM_TICKET_RENDER

    centre: str  # 試験場 as printed
    centre_code: str  # its affiliation code (28-010), in the QR reference
    exam_date: date
    examinee_number: int
    name: str
    name_kana: str
    birth_date: date
    kind: str  # 受験する免許の種類: 普通
    tests: tuple[str, ...]  # 適性試験, 学科試験, 技能試験
    photo: bytes | None = None  # JPEG or PNG; a frame 「写真」 when absent

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.centre_code, "centre_code")
        if self.examinee_number < 1:
            raise ValueError("the examinee number starts at 1")
        if self.photo is not None:
            photo_media_type(self.photo)
            if len(self.photo) > PHOTO_MAX_BYTES:
                raise ValueError("the photo is larger than 2 MB")

    @property
    def number_text(self) -> str:
        return f"{self.examinee_number:04d}"

    @property
    def reference(self) -> str:
        """What the QR code holds: EX-28-010-20261127-0012."""
        return f"EX-{self.centre_code}-{self.exam_date:%Y%m%d}-{self.number_text}"

    @property
    def qr_value(self) -> str:
        return self.reference

    @property
    def key(self) -> str:
        return f"{self.exam_date:%Y-%m-%d}-{self.number_text}"


@dataclass(frozen=True)
class ApplicationForm(Form):
    """運転免許申請書 (規則別記様式第12) with the 質問票 (規則別記様式第12の2), pre-filled from
    what the counter entered (規程第3条), for the applicant to check and sign."""

    code: ClassVar[str] = "application_form"
    template: ClassVar[str] = "documents/application_form.html"
    title: ClassVar[str] = "運転免許申請書"
    short_title: ClassVar[str] = "運転免許申請書"
    form_number: ClassVar[str] = "規則別記様式第12"
    questionnaire_form_number: ClassVar[str] = "規則別記様式第12の2"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_3
    action: ClassVar[Action] = Action.APPLICATION_FORM_RENDER
    questionnaire_items: ClassVar[int] = 5

    applied_on: date
    addressee: str  # 兵庫県公安委員会
    name: str
    name_kana: str
    birth_date: date
    address: str
    honseki: str  # 本籍 (国籍等 for a foreign national)
    application_type: str  # 新規取得, 種類の追加 …
    kind: str  # 申請に係る免許の種類
    questionnaire: tuple[QuestionnaireAnswer, ...]
    held_licence: str = ""  # 現に受けている免許 (種類・番号), when any
    office: str = ""  # 受理所属
    ledger_number: str = ""  # 申請（届出）簿の番号 (20261127-0012), once entered
    vehicle_limit: str = ""  # the 限定 of the test's vehicle (普通二輪は小型二輪に限る), when chosen

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.questionnaire) != self.questionnaire_items:
            raise ValueError(f"the 質問票 has {self.questionnaire_items} items, got {len(self.questionnaire)}")
        if self.ledger_number:
            _require_ascii_key(self.ledger_number, "ledger_number")

    @property
    def false_answer_penalty(self) -> str:
        """The penalty in force on the application date (law engine)."""
        return notices.false_answer_penalty(self.applied_on).penalty

    @property
    def key(self) -> str:
        return self.ledger_number or f"{self.applied_on:%Y-%m-%d}"


@dataclass(frozen=True)
class RefusalNotice(Form):
    """運転免許申請に対する通知書 (規程第58条): an application refused or not accepted, in writing,
    with each reason and its provision, the issuing authority, and the 教示 (審査請求・取消訴訟)."""

    code: ClassVar[str] = "refusal_notice"
    template: ClassVar[str] = "documents/refusal_notice.html"
    title: ClassVar[str] = "運転免許申請に対する通知書"
    short_title: ClassVar[str] = "通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_58
    action: ClassVar[Action] = Action.REFUSAL_NOTICE_RENDER
    decisions: ClassVar[tuple[str, ...]] = ("受理しない", "拒否する", "保留する")

    notice_date: date
    addressee_name: str
    addressee_address: str
    applied_on: date
    application: str  # what was applied for: 普通自動車免許の免許試験の申請
    decision: str  # one of ``decisions``, as it reads in the sentence
    reasons: tuple[Reason, ...]
    issuer: str  # 兵庫県公安委員会, or the 試験場長 as the data says
    prefecture: str = "兵庫県"  # whose commission reviews, who is sued
    number: str = ""  # 文書番号, when the office numbers its notices

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.decision not in self.decisions:
            raise ValueError(f"decision must be one of {self.decisions}")
        if not self.reasons:
            raise ValueError("a refusal states at least one reason")

    @property
    def commission(self) -> str:
        return f"{self.prefecture}公安委員会"

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        """The 教示 (行政不服審査法第82条, 行政事件訴訟法第46条), periods from the law engine.

        UNCONFIRMED: the wording follows the usual pattern of such notices; neither the
        regulation nor the spec gives it (spec/procedures.md §A.1), and the 審査請求 is
        assumed to go to the commission itself. Replace it with the prefecture's text.
        """
        return appeal_instructions(self.notice_date, self.prefecture)

    @property
    def key(self) -> str:
        return f"{self.notice_date:%Y-%m-%d}"


class SlipVariant(StrEnum):
    """Which 事務処理票: the fee slip of a same-day issue (規程第13条第2項), or the pair a police
    station sends with a card request and gets back with the card (規程第13条第4項)."""

    FEE = "fee"
    REQUEST = "request"  # 作成依頼用
    DELIVERY = "delivery"  # 送付（交付）用


_SLIP_SUFFIX = {SlipVariant.FEE: "", SlipVariant.REQUEST: "（作成依頼用）", SlipVariant.DELIVERY: "（送付（交付）用）"}


@dataclass(frozen=True)
class ProcessingSlip(Form):
    """運転免許手数料事務処理票: the slip number as a Code 128 barcode and in text, the office, the
    applicant, the kinds, the fees, the 交付予定日 and a box for the receiver's signature."""

    code: ClassVar[str] = "processing_slip"
    template: ClassVar[str] = "documents/processing_slip.html"
    short_title: ClassVar[str] = "事務処理票"
    action: ClassVar[Action] = Action.PROCESSING_SLIP_RENDER

    variant: SlipVariant
    slip_number: str
    office: str  # the office that fills it in
    prepared_on: date
    name: str
    name_kana: str
    birth_date: date
    kinds: tuple[str, ...]
    fees: tuple[FeeLine, ...]
    handover_date: date | None = None  # 交付予定日 (a police station sets one)
    destination: str = ""  # 送付先 (the centre making the card, or the station handing it over)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "variant", SlipVariant(self.variant))
        _require_ascii_key(self.slip_number, "slip_number")

    @property
    def title(self) -> str:  # type: ignore[override]
        return "運転免許手数料事務処理票" + _SLIP_SUFFIX[self.variant]

    @property
    def legal_basis(self) -> LegalBasis:  # type: ignore[override]
        return legal.KITEI_13_2 if self.variant == SlipVariant.FEE else legal.KITEI_13_4

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.fees)

    @property
    def barcode_value(self) -> str:
        return self.slip_number

    @property
    def key(self) -> str:
        return self.slip_number


@dataclass(frozen=True)
class Receipt(Form):
    """領収書 (fees received) or 受領書 (what was handed over and received), with the fee lines,
    total, method, the 事務処理票 number, the date and the office. The 受領書 of a licence card
    handed over to its holder is :class:`CardReceipt`."""

    code: ClassVar[str] = "receipt"
    template: ClassVar[str] = "documents/receipt.html"
    page_size: ClassVar[str] = "A5 landscape"
    action: ClassVar[Action] = Action.RECEIPT_RENDER
    headings: ClassVar[tuple[str, ...]] = ("領収書", "受領書")

    payer: str
    paid_on: date
    office: str
    lines: tuple[FeeLine, ...]
    method: str  # 現金, 証紙, キャッシュレス
    slip_number: str
    heading: str = "領収書"
    legal_basis: LegalBasis = legal.KITEI_13_2  # type: ignore[misc]

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.heading not in self.headings:
            raise ValueError(f"heading must be one of {self.headings}")
        if not self.lines:
            raise ValueError("a receipt lists at least one fee")
        _require_ascii_key(self.slip_number, "slip_number")

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.heading

    @property
    def short_title(self) -> str:  # type: ignore[override]
        return self.heading

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def key(self) -> str:
        return f"{self.paid_on:%Y-%m-%d}-{self.slip_number}"


@dataclass(frozen=True)
class CardReceipt(Form):
    """受領書 of a licence card handed over (規程第13条第2項・第6項): which card — its kind, number
    and serial — the 事務処理票 it travelled with, the office, the day and who handed it over,
    and the box where the holder signs for it (受領の署名)."""

    code: ClassVar[str] = "card_receipt"
    template: ClassVar[str] = "documents/card_receipt.html"
    title: ClassVar[str] = "受領書"
    short_title: ClassVar[str] = "受領書"
    page_size: ClassVar[str] = "A5 landscape"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_13
    action: ClassVar[Action] = Action.CARD_RECEIPT_RENDER

    name: str  # the holder, who receives the card
    card: str  # 運転免許証, 仮運転免許証
    licence_number: str
    card_serial: str
    slip_number: str
    office: str  # the office that handed the card over
    handed_over_on: date
    handed_over_by: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.slip_number, "slip_number")

    @property
    def key(self) -> str:
        return f"{self.handed_over_on:%Y-%m-%d}-{self.slip_number}"


@dataclass(frozen=True)
class RewriteReceipt(Form):
    """受領書 of a 免許情報記録の書換え (規程第15条第1項・第16条第6項・第17条の2第4項・第41条の3): the
    マイナ免許証 holder signs that the record on the My Number card was rewritten — why (更新, a change
    of the recorded items), what changed, the licence and its 免許情報記録番号, the office, the day and
    who rewrote it. Nothing of the My Number card itself (規程第2条の3)."""

    code: ClassVar[str] = "rewrite_receipt"
    template: ClassVar[str] = "documents/rewrite_receipt.html"
    title: ClassVar[str] = "受領書（免許情報記録の書換え）"
    short_title: ClassVar[str] = "受領書"
    page_size: ClassVar[str] = "A5 landscape"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_15NO2
    action: ClassVar[Action] = Action.REWRITE_RECEIPT_RENDER

    number: str  # the rewrite's own number (ASCII)
    name: str
    licence_number: str
    record_number: str  # 免許情報記録番号
    cause: str  # 免許の更新, 記録事項の変更の届出
    changes: list[str]
    office: str
    rewritten_on: date
    rewritten_by: str  # empty before the rewrite (the receipt is signed first)

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.number, "number")

    @property
    def key(self) -> str:
        return f"{self.rewritten_on:%Y-%m-%d}-{self.number}"


@dataclass(frozen=True)
class ReissueApplication(Form):
    """運転免許証再交付申請書 (規則別記様式第17; 規程第15条) as received at the counter, filled in from the
    register: the holder, the licence (its number after the reissue: a loss or theft raises the
    12th digit), the ground, the office and the 申請（届出）簿 entry; the applicant signs it."""

    code: ClassVar[str] = "reissue_application"
    template: ClassVar[str] = "documents/reissue_application.html"
    title: ClassVar[str] = "運転免許証再交付申請書"
    short_title: ClassVar[str] = "再交付申請書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_15
    action: ClassVar[Action] = Action.REISSUE_APPLICATION_RENDER

    applied_on: date
    ledger_number: str  # 申請（届出）簿 20261127-0012
    office: str
    name: str
    name_kana: str
    birth_date: date
    address: str
    licence_number: str  # the number the new card carries
    previous_number: str  # the number of the card lost or stolen ("" when unchanged)
    kinds: tuple[str, ...]
    ground: str  # 亡失・盗難・滅失・汚損・破損
    handover: str  # 即日交付 / 交付予定日 令和8年12月4日

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.ledger_number, "ledger_number")

    @property
    def key(self) -> str:
        return self.ledger_number


@dataclass(frozen=True)
class CancellationNotice(Form):
    """申請による運転免許の取消通知書 (規則別記様式第19の3の8; 規程第41条の3): what was cancelled at
    the holder's request, on which day, what is still held, with the 申請取消簿 number and the
    commission's name. Given to the applicant (or the 代理人 who applied for the whole licence)."""

    code: ClassVar[str] = "cancellation_notice"
    template: ClassVar[str] = "documents/cancellation_notice.html"
    title: ClassVar[str] = "申請による運転免許の取消通知書"
    short_title: ClassVar[str] = "申請取消通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_41_3
    action: ClassVar[Action] = Action.CANCELLATION_NOTICE_RENDER

    number: str  # 申請取消簿の番号 28-101-2026-0001
    notice_date: date
    name: str
    birth_date: date
    address: str
    licence_number: str
    cancelled: tuple[str, ...]  # the kinds cancelled, as on the card
    kept: tuple[str, ...]  # the kinds still held (empty: the whole licence)
    applicant: str  # 本人 / 代理人 山田 花子（長男）
    issuer: str  # 兵庫県公安委員会

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.number, "number")
        if not self.cancelled:
            raise ValueError("a cancellation cancels at least one kind")

    @property
    def key(self) -> str:
        return self.number


@dataclass(frozen=True)
class NoticeCard:
    """One postcard of :class:`RenewalNotices`: whom it goes to and what the law engine said.

    ``elderly`` marks the 高齢者講習等のお知らせ (sent about six months ahead) instead of the
    更新連絡書. ``fee`` is None when the fee table has no amount for this holder (shown as
    「窓口でご確認ください」, never as free).
    """

    elderly: bool
    issuer: str  # the 公安委員会 of the holder's address: 兵庫県公安委員会
    postal_code: str
    address: str
    name: str
    licence_number: str
    window_start: date
    window_end: date
    lecture: str  # 優良運転者講習（30分）, 高齢者講習（120分）…
    good_driver: bool  # 法第101条第3項: the notice must say so
    fee: int | None
    via_allowed: bool  # 経由可: may renew in another prefecture
    online_lecture: bool
    requirements: tuple[str, ...]  # 高齢者講習, 認知機能検査, 運転技能検査 to take before renewing


@dataclass(frozen=True)
class RenewalNotices(Form):
    """更新連絡書 (法第101条第3項の書面; 規程第56条第2項) and 高齢者講習等のお知らせ, a postcard a page.

    A monthly batch prints them in parts of many cards. UNCONFIRMED: the layout and the wording
    (procedures.md §D lists the items seen on real notices; no prefecture's form was read).
    """

    code: ClassVar[str] = "renewal_notices"
    template: ClassVar[str] = "documents/renewal_notices.html"
    title: ClassVar[str] = "更新連絡書"
    short_title: ClassVar[str] = "更新連絡書"
    page_size: ClassVar[str] = "100mm 148mm"  # 通常はがき
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_56_2
    action: ClassVar[Action] = Action.RENEWAL_NOTICES_RENDER

    part_key: str  # 28-2027-01-0001: prefecture, month and part number (ASCII)
    cards: tuple[NoticeCard, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.part_key, "part_key")
        if not self.cards:
            raise ValueError("a part holds at least one notice")

    @property
    def key(self) -> str:
        return self.part_key


@dataclass(frozen=True)
class RenewalForm(Form):
    """運転免許証等更新申請書 (規則別記様式第18) with the 質問票, pre-filled from the licence and the law
    engine's answer kept at intake (規程第16条第1項), for the holder to check and sign; the 適性検査の
    結果欄 shows the recorded result, or stays empty for the examiner to fill in."""

    code: ClassVar[str] = "renewal_form"
    template: ClassVar[str] = "documents/renewal_form.html"
    title: ClassVar[str] = "運転免許証等更新申請書"
    short_title: ClassVar[str] = "更新申請書"
    form_number: ClassVar[str] = "規則別記様式第18"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_16
    action: ClassVar[Action] = Action.RENEWAL_FORM_RENDER

    applied_on: date
    addressee: str  # 兵庫県公安委員会
    name: str
    name_kana: str
    birth_date: date
    address: str
    licence_number: str
    current_expiry: date
    kinds: str  # 中型（8t限定）・普通二輪
    conditions: str  # as printed, or ""
    driver_class: str  # 優良 / 一般 / 違反 / 初回
    validity_years: int
    new_expiry: date
    lecture: str  # 一般運転者講習 60分, or なし（高齢者講習）
    elderly: tuple[str, ...]  # the 高齢者講習 etc. the renewal requires
    questionnaire: tuple[QuestionnaireAnswer, ...]
    aptitude: str = ""  # 適性検査の結果 (合格（眼鏡等）), or "" to fill in
    fee_total: int | None = None
    office: str = ""
    ledger_number: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.licence_number, "licence_number")
        if self.ledger_number:
            _require_ascii_key(self.ledger_number, "ledger_number")

    @property
    def false_answer_penalty(self) -> str:
        return notices.false_answer_penalty(self.applied_on).penalty

    @property
    def key(self) -> str:
        return self.ledger_number or f"{self.applied_on:%Y-%m-%d}"


@dataclass(frozen=True)
class EarlyRenewalForm(RenewalForm):
    """特例更新申請書 (規則別記様式第18の2, 規程第17条): the 更新申請書 of a renewal before the window,
    with the reason (施行令第37条の5) and the document that showed it; the same fields otherwise."""

    title: ClassVar[str] = "特例更新申請書"
    short_title: ClassVar[str] = "特例更新申請書"
    form_number: ClassVar[str] = "規則別記様式第18の2"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_17

    early_reason: str = ""  # 海外旅行・海外出張・海外赴任等
    early_evidence: str = ""  # 旅券


@dataclass(frozen=True)
class DrivingHistoryCertificate(Form):
    """運転経歴証明書 (規則別記様式第19の3の9; 規程第42条): who the holder is, the licence that ended (its
    number, the kinds held with the day each was first received, how and when it ended), the
    certificate's number and day, in the commission's name. The layout of the real form (a card
    with the photo) is UNCONFIRMED: this prints its particulars on A4."""

    code: ClassVar[str] = "driving_history_certificate"
    template: ClassVar[str] = "documents/driving_history_certificate.html"
    title: ClassVar[str] = "運転経歴証明書"
    short_title: ClassVar[str] = "運転経歴証明書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_42
    action: ClassVar[Action] = Action.DRIVING_HISTORY_CERTIFICATE_RENDER

    number: str  # 経歴証明受理簿の番号 28-002-2026-0001
    issued_on: date
    name: str
    birth_date: date
    address: str
    licence_number: str
    kind_names: tuple[str, ...]
    kind_dates: tuple[date, ...]  # the day each kind was first received, in the order of kind_names
    ground: str  # 申請による免許の全部の取消し / 期限による失効
    ended_on: date
    issuer: str  # 兵庫県公安委員会

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.number, "number")
        _require_ascii_key(self.licence_number, "licence_number")

    @property
    def kinds(self) -> list[tuple[str, date]]:
        return list(zip(self.kind_names, self.kind_dates, strict=True))

    @property
    def key(self) -> str:
        return self.number


@dataclass(frozen=True)
class ViaRenewalForm(RenewalForm):
    """経由申請書 (規則別記様式第18の3, 規程第17条の2第1項): the 更新申請書 of a holder who applies through
    another prefecture's commission (``via_commission``, the 経由地) to the commission of the address
    (``addressee``); the 適性検査の結果欄 is written by the 経由地. The layout of the real form is
    UNCONFIRMED: this prints the 更新申請書's particulars with the 経由 line."""

    code: ClassVar[str] = "via_renewal_form"
    template: ClassVar[str] = "documents/via_renewal_form.html"
    title: ClassVar[str] = "経由申請書"
    short_title: ClassVar[str] = "経由申請書"
    form_number: ClassVar[str] = "規則別記様式第18の3"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_17_2
    action: ClassVar[Action] = Action.VIA_RENEWAL_FORM_RENDER

    via_commission: str = ""  # 大阪府公安委員会
    via_number: str = ""  # 経由申請管理表の番号

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.via_number:
            _require_ascii_key(self.via_number, "via_number")

    @property
    def key(self) -> str:
        return self.via_number or super().key


@dataclass(frozen=True)
class LectureCompletionNotice(Form):
    """更新時講習受講済通知書 (規程第17条の2第2項; 様式は交通部長が定める: UNCONFIRMED): the 経由地
    tells the 住所地 commission that the holder attended the 更新時講習 there — which lecture, how
    long, how and when."""

    code: ClassVar[str] = "lecture_completion_notice"
    template: ClassVar[str] = "documents/lecture_completion_notice.html"
    title: ClassVar[str] = "更新時講習受講済通知書"
    short_title: ClassVar[str] = "更新時講習受講済通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_17_2
    action: ClassVar[Action] = Action.LECTURE_COMPLETION_NOTICE_RENDER

    via_number: str  # 経由申請管理表の番号 (経由地)
    notified_on: date
    addressee: str  # 東京都公安委員会 (住所地)
    sender: str  # 兵庫県公安委員会 (経由地)
    name: str
    name_kana: str
    birth_date: date
    licence_number: str
    lecture: str  # 優良運転者講習 30分
    mode: str  # 対面（講習会場）/ オンライン
    attended_on: date
    office: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.via_number, "via_number")
        _require_ascii_key(self.licence_number, "licence_number")

    @property
    def key(self) -> str:
        return self.via_number


@dataclass(frozen=True)
class ViaReturnNotice(Form):
    """経由申請返戻通知書 (規程第17条の2第3項の点検の結果; no 様式 and no article names it: title, wording and
    layout UNCONFIRMED, printed on the paper): the 住所地 commission returns to the 経由地 commission the
    更新申請書 it cannot accept, with the reason, so that the 経由地 tells the applicant."""

    code: ClassVar[str] = "via_return_notice"
    template: ClassVar[str] = "documents/via_return_notice.html"
    title: ClassVar[str] = "経由申請返戻通知書"
    short_title: ClassVar[str] = "経由申請返戻通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_17_2_P3
    action: ClassVar[Action] = Action.VIA_RETURN_NOTICE_RENDER

    via_number: str  # 経由申請管理表の番号 (経由地)
    returned_on: date
    addressee: str  # 兵庫県公安委員会 (経由地)
    sender: str  # 大阪府公安委員会 (住所地)
    name: str
    name_kana: str
    birth_date: date
    licence_number: str
    sent_on: date | None
    reason: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.via_number, "via_number")
        _require_ascii_key(self.licence_number, "licence_number")

    @property
    def key(self) -> str:
        return self.via_number


class MynumberFormKind(StrEnum):
    """Which マイナ免許証 様式 a procedure is received on (規程第15条の2–第15条の4; counter-facts §4)."""

    RECORD = "record"  # 特定免許情報記録申請書 (規則別記様式第17の2)
    CARD = "card"  # 運転免許証交付申請書 (規則別記様式第17の5)
    CARD_RETURN = "card_return"  # 運転免許証返納届 (規則別記様式第17の3)
    ERASE = "erase"  # 免許情報記録抹消届 (規則別記様式第17の4)
    LOSS = "loss"  # 免許等保有状況変更申出書（紛失等） (細則様式第63号の2)
    FOUND = "found"  # 免許等保有状況変更申出書（発見） (細則様式第63号の2)


#: Title, the 様式 it is, its article and the closing sentence the applicant signs under.
_MYNUMBER_FORMS = {
    MynumberFormKind.RECORD: ("特定免許情報記録申請書", "規則別記様式第17の2", legal.KITEI_15NO2,
                              "上記のとおり個人番号カードへの特定免許情報の記録を申請します。"),
    MynumberFormKind.CARD: ("運転免許証交付申請書", "規則別記様式第17の5", legal.KITEI_15NO2,
                            "上記のとおり運転免許証の交付を申請します。"),
    MynumberFormKind.CARD_RETURN: ("運転免許証返納届", "規則別記様式第17の3", legal.KITEI_15NO3,
                                   "上記のとおり運転免許証を返納します。"),
    MynumberFormKind.ERASE: ("免許情報記録抹消届", "規則別記様式第17の4", legal.KITEI_15NO3,
                             "上記のとおり免許情報記録の抹消を届け出ます。"),
    MynumberFormKind.LOSS: ("免許等保有状況変更申出書（紛失等）", "細則様式第63号の2", legal.KITEI_15NO4,
                            "上記のとおり個人番号カードの紛失等に伴う保有状況の変更を申し出ます。"),
    MynumberFormKind.FOUND: ("免許等保有状況変更申出書（発見）", "細則様式第63号の2", legal.KITEI_15NO4,
                             "上記のとおり個人番号カードの発見に伴う保有状況の変更を申し出ます。"),
}


@dataclass(frozen=True)
class MynumberApplication(Form):
    """The 申請書・届・申出書 of a マイナ免許証 procedure (:class:`MynumberFormKind`) as received at the
    counter, filled in from the register and the 申請（届出）簿 entry: the holder, the licence, the
    holding form before and after, the 免許情報記録番号, the fee paid and the office; the applicant
    signs it. The layouts of the 様式 are UNCONFIRMED (not read); the items are the procedure's.
    Nothing of the My Number card but its 有効期限 (規程第2条の3)."""

    code: ClassVar[str] = "mynumber_application"
    template: ClassVar[str] = "documents/mynumber_application.html"
    action: ClassVar[Action] = Action.MYNUMBER_APPLICATION_RENDER

    kind: MynumberFormKind
    ledger_number: str  # 申請（届出）簿 20261127-0012
    received_on: date
    office: str
    name: str
    name_kana: str
    birth_date: date
    address: str
    licence_number: str
    kinds: tuple[str, ...]
    holding_before: str  # 免許証のみ …
    holding_after: str
    record_number: str  # 免許情報記録番号 ("" before a record exists)
    card_valid_until: date | None  # the My Number card's 有効期限 (記録・移し替え)
    fee: FeeLine | None  # None when free
    slip_number: str  # the 手数料事務処理票 ("" when free)
    procedure: str  # the procedure as entered in the 申請（届出）簿: 特定免許情報の記録 …

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "kind", MynumberFormKind(self.kind))
        _require_ascii_key(self.ledger_number, "ledger_number")

    @property
    def title(self) -> str:  # type: ignore[override]
        return _MYNUMBER_FORMS[self.kind][0]

    @property
    def short_title(self) -> str:  # type: ignore[override]
        return _MYNUMBER_FORMS[self.kind][0]

    @property
    def form_number(self) -> str:
        return _MYNUMBER_FORMS[self.kind][1]

    @property
    def legal_basis(self) -> LegalBasis:  # type: ignore[override]
        return _MYNUMBER_FORMS[self.kind][2]

    @property
    def declaration(self) -> str:
        return _MYNUMBER_FORMS[self.kind][3]

    @property
    def key(self) -> str:
        return self.ledger_number


@dataclass(frozen=True)
class MynumberReceipt(Form):
    """受領書 of a マイナ免許証 recording (規程第15条の2第1項: the signature is taken before the 特定免許情報
    is recorded on the My Number card — a first record or a record on a new card — or the card is
    handed over): what is recorded, the licence, its 免許情報記録番号, the office and the day. In the
    style of the rewrite's :class:`RewriteReceipt`."""

    code: ClassVar[str] = "mynumber_receipt"
    template: ClassVar[str] = "documents/mynumber_receipt.html"
    title: ClassVar[str] = "受領書（特定免許情報の記録）"
    short_title: ClassVar[str] = "受領書"
    page_size: ClassVar[str] = "A5 landscape"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_15NO2
    action: ClassVar[Action] = Action.MYNUMBER_RECEIPT_RENDER

    ledger_number: str
    name: str
    licence_number: str
    record_number: str
    what: str  # 特定免許情報の記録 / 新しい個人番号カードへの記録 / 運転免許証の交付
    holding_after: str
    office: str
    received_on: date
    received_by: str

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.ledger_number, "ledger_number")

    @property
    def key(self) -> str:
        return self.ledger_number


FORMS: tuple[type[Form], ...] = (ExamTicket, ApplicationForm, RefusalNotice, ProcessingSlip, Receipt, CardReceipt,
                                 ReissueApplication, CancellationNotice, RenewalNotices, RenewalForm, EarlyRenewalForm,
                                 DrivingHistoryCertificate, ViaRenewalForm, LectureCompletionNotice, MynumberApplication,
                                 MynumberReceipt)


@dataclass(frozen=True)
class CourseNoticeForm(Form):
    """A notice to attend a course or to take the 再試験 (規程第53条: 講習等実施規程 and 別に定める
    form, UNCONFIRMED): whom, why (the violations or the period), by when (the law engine's deadline,
    ``rules.course_notices``) and what follows if not. One subclass per notice."""

    template: ClassVar[str] = "documents/course_notice.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_53

    number: str  # 28-C-000012
    sent_on: date
    name: str
    birth_date: date
    address: str
    licence_number: str
    licence_kind: str  # 初心・若年: the licence concerned; "" otherwise
    grounds: tuple[str, ...]  # 令和8年3月1日 信号無視（赤色等） 2点 …
    points: int
    deadline: date
    law: str  # the article the notice is given under (law engine)
    if_not_taken: str
    issuer: str  # 兵庫県公安委員会

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_ascii_key(self.number, "number")

    @property
    def key(self) -> str:
        return self.number


@dataclass(frozen=True)
class ViolatorCourseNotice(CourseNoticeForm):
    """違反者講習通知書 (道路交通法第102条の2): 累積6点 of minor violations, no 前歴."""

    code: ClassVar[str] = "violator_course_notice"
    template: ClassVar[str] = "documents/violator_course_notice.html"
    title: ClassVar[str] = "違反者講習通知書"
    short_title: ClassVar[str] = "違反者講習通知書"
    action: ClassVar[Action] = Action.VIOLATOR_COURSE_NOTICE_RENDER


@dataclass(frozen=True)
class ProbationaryCourseNotice(CourseNoticeForm):
    """初心運転者講習通知書: the 初心運転者期間's criterion met (law-rules §4.1)."""

    code: ClassVar[str] = "probationary_course_notice"
    template: ClassVar[str] = "documents/probationary_course_notice.html"
    title: ClassVar[str] = "初心運転者講習通知書"
    short_title: ClassVar[str] = "初心運転者講習通知書"
    action: ClassVar[Action] = Action.PROBATIONARY_COURSE_NOTICE_RENDER


@dataclass(frozen=True)
class YoungDriverCourseNotice(CourseNoticeForm):
    """若年運転者講習通知書: the 若年運転者期間's criterion met (law-rules §4.2)."""

    code: ClassVar[str] = "young_driver_course_notice"
    template: ClassVar[str] = "documents/young_driver_course_notice.html"
    title: ClassVar[str] = "若年運転者講習通知書"
    short_title: ClassVar[str] = "若年運転者講習通知書"
    action: ClassVar[Action] = Action.YOUNG_DRIVER_COURSE_NOTICE_RENDER


@dataclass(frozen=True)
class RetestNotice(CourseNoticeForm):
    """再試験通知書 (道路交通法第100条の3; 不合格・未受験は規程第41条の2の取消し)."""

    code: ClassVar[str] = "retest_notice"
    template: ClassVar[str] = "documents/retest_notice.html"
    title: ClassVar[str] = "再試験通知書"
    short_title: ClassVar[str] = "再試験通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_41NO2
    action: ClassVar[Action] = Action.RETEST_NOTICE_RENDER


@dataclass(frozen=True)
class JsdcPointsAnswer(Form):
    """累積点数等通知書 (規程第33条; 様式 UNCONFIRMED): the 免許課長's answer to the 自動車安全運転センター
    office's 照会 (自動車安全運転センター法第31条) — the accumulated points and the licence history."""

    code: ClassVar[str] = "jsdc_points_answer"
    template: ClassVar[str] = "documents/jsdc_points_answer.html"
    title: ClassVar[str] = "累積点数等通知書"
    short_title: ClassVar[str] = "累積点数等通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_33
    action: ClassVar[Action] = Action.JSDC_POINTS_ANSWER_RENDER

    inquiry_reference: str  # the office's 照会 number, as they wrote it
    inquiry_date: date
    answered_on: date
    addressee: str  # 自動車安全運転センター兵庫県事務所長
    sender: str  # 兵庫県警察本部 運転免許課長
    name: str
    name_kana: str
    birth_date: date
    licence_number: str
    issue_date: date | None
    expiry_date: date | None
    kinds: tuple[str, ...]  # 普通（平成12年8月1日取得）
    points: int
    prior_dispositions: int
    outcome: str  # 処分等の基準に該当しない / 違反者講習 …
    as_of: date | None
    violations: tuple[str, ...]  # 令和8年3月1日 信号無視（赤色等） 2点

    @property
    def key(self) -> str:
        return f"{self.answered_on.isoformat()}-{self.licence_number or 'none'}"
