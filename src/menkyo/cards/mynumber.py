"""マイナ免許証: the licence recorded on a My Number card (規程第15条の2–第15条の4; 法第95条の2).

A licence is held as the card (免許証のみ), on the My Number card (マイナ免許証のみ) or both (2枚持ち;
law-rules §5.7, ``rules.holding``). Each procedure is entered in the office's 申請（届出）簿 (the
same book and series as the counter's applications) as a :class:`MynumberProcedure`, with the
holding form before and after, the fee of ``rules.fees`` with its payment (method and 手数料事務処理票
number, taken before the procedure: 第15条の2第2項; the 領収書 is :func:`mynumber_fee_receipt`), an
audit event and a history row:

- **Recording** (:func:`record_on_mynumber_card`, 第15条の2第1項; 法第95条の2第1項): a card holder's
  licence is recorded on the My Number card, keeping the card (2枚持ち) or returning it (マイナのみ; the
  card is returned and cut, 第15条の3). The record gets a 免許情報記録番号 (see
  :func:`_new_record_number`). The 特定免許情報の記録手数料 (1,500円, ``mynumber_record``).
- **A card again** (:func:`request_card_for_mynumber_holder`, 第15条の2; 法第95条の2第11項): a マイナのみ
  holder asks for the card: a card job as for a reissue (made at the 試験場, handed over there today or
  at the station on the 交付予定日); the holder then holds both. The fee is the 再交付手数料 of
  ``rules.fees`` — UNCONFIRMED: the 2025 fee of a 免許証の交付 on a change of holding form was not found.
- **Returns** (第15条の3; 法第95条の2第4項・第10項): a 2枚持ち holder returns the card
  (:func:`return_licence_card`: マイナのみ; the card is cut) or has the record erased
  (:func:`erase_mynumber_record`: 免許証のみ; the 記録番号 ends with the record). Both free (no fee is
  known for a 届出).
- **Loss and found** (:func:`report_mynumber_card_lost`, :func:`report_mynumber_card_found`,
  第15条の4): the 免許等保有状況変更申出書（紛失等・発見） for the My Number card. The holding form stays;
  the record is 紛失中 until found or written on a new card.
- **A new My Number card** (:func:`move_mynumber_record`, 第15条の2): after a loss or the card's
  renewal the record is written again on the new card (1,500円, counter-facts §4.7). The 記録番号
  stays: it names the licence's record, not the card, and the holder types it when the record is
  carried over online (counter-facts §4.7–4.8).

規程第2条の3: the My Number (個人番号) is never asked for nor stored, and the card shown is never
kept. No card reader is built: the service takes only what the counter's reader would return — the
My Number card's 有効期限 (a マイナ免許証 is not made on an expired card, counter-facts §4.2) — as
entered by the clerk or sent by the 業務端末 through the API, and the clerk's confirmation of the
signature on the 受領書 (第15条の2第1項). Every change locks the licence row (no lost update).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from menkyo.accounts.services import name_of
from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import CardJob, CardKind, MynumberProcedure
from menkyo.cards.models import MynumberProcedureKind as Kind
from menkyo.cards.permissions import MYNUMBER_LICENCE
from menkyo.cards.reissue import check_no_card_pending, check_valid, load_licence, receiving_office
from menkyo.cards.services import _handover_date, _producing_centre, save_numbered, today
from menkyo.core import legal, serials
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import LegalBasis, procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.counter.models import Application
from menkyo.counter.services import clean_payment, slip_in_use
from menkyo.documents.actions import Action as DocumentAction
from menkyo.documents.forms import (
    FeeLine,
    MynumberApplication,
    MynumberFormKind,
    MynumberReceipt,
    Receipt,
)
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry import services as registry
from menkyo.registry.models import HoldingForm, Licence
from menkyo.registry.purposes import ReadPurpose
from menkyo.rules import fees
from menkyo.rules.errors import RulesError
from menkyo.rules.holding import mynumber_licence_from

WITH_RECORD = (HoldingForm.MYNUMBER, HoldingForm.BOTH)
#: The procedures that decide whether the record is 紛失中 (the last of them for the licence).
RECORD_STATE_KINDS = (Kind.RECORD, Kind.MOVE, Kind.LOSS, Kind.FOUND, Kind.ERASE)


@dataclass(frozen=True)
class ReaderData:
    """What the counter's card reader returns and the clerk confirms (規程第2条の3: nothing else)."""

    card_valid_until: date | None
    signature_confirmed: bool


def record_lost(licence: Licence) -> bool:
    """True when the My Number card carrying the record is reported lost and not yet found or replaced."""
    last = licence.mynumber_procedures.filter(kind__in=RECORD_STATE_KINDS).order_by("-pk").first()
    return last is not None and last.kind == Kind.LOSS


# --- checks ----------------------------------------------------------------------------------------


def _check_reader(data: ReaderData) -> None:
    """A valid My Number card (counter-facts §4.2) and the signature on the 受領書 (第15条の2第1項)."""
    if data.card_valid_until is None:
        raise InvalidInput("個人番号カードの有効期限を入力してください（カードリーダーの読取り結果）。",
                           field="card_valid_until")
    if data.card_valid_until < today():
        raise InvalidInput(f"個人番号カードの有効期限（{wareki(data.card_valid_until)}）が過ぎています。"
                           "有効期限内のカードにのみ記録できます。", field="card_valid_until", code="card_expired")
    if not data.signature_confirmed:
        raise InvalidInput("受領書への署名等を確認してください（規程第15条の2第1項）。", field="signature_confirmed")


def _check_in_operation() -> None:
    if today() < mynumber_licence_from():
        raise Conflict(f"マイナ免許証は{wareki(mynumber_licence_from())}から扱います。", field="licence_id",
                       code="not_in_operation")


def _check_form(licence: Licence, allowed: tuple[str, ...], message: str) -> None:
    if licence.holding_form not in allowed:
        raise Conflict(f"保有形態が「{licence.get_holding_form_display()}」のため、{message}", field="licence_id",
                       code="holding_form")


def _check_not_lost(licence: Licence) -> None:
    if record_lost(licence):
        raise Conflict("マイナ免許証（個人番号カード）の紛失等の申出があります。発見の申出か新しい個人番号カードへの"
                       "記録を先に行ってください。", field="licence_id", code="record_lost")


def procedure_fee(procedure_code: str, holding_form: str, licence: Licence) -> fees.Fee:
    """The fee of a procedure today for the licence's prefecture and the holding form after it (``rules.fees``)."""
    try:
        return fees.fee(procedure_code, today(), holding_form, licence.home_prefecture_id)
    except RulesError as error:
        raise InvalidInput(f"手数料を決められません: {error.message}", field="fee") from None


@dataclass(frozen=True)
class Payment:
    """How the fee was paid and the 手数料事務処理票 it was paid on (the counter's series)."""

    method: str
    slip_number: str


def _paid(fee: fees.Fee, method: str, slip_number: str) -> Payment:
    """The fee's payment, taken before the procedure: the 手数料事務処理票 is signed before the record is
    written or the card requested (規程第15条の2第2項・第4項). Refused, naming the field, when missing."""
    if not method and not (slip_number or "").strip():
        raise InvalidInput(f"{fee.name}（{fee.amount:,}円）の納付を記録してください（納付方法と手数料事務処理票番号）。"
                           "手数料の納付の前には受け付けられません（規程第15条の2）。", field="slip_number", code="fee_unpaid")
    return Payment(*clean_payment(method, slip_number, method_field="payment_method"))


def _check_slip_free(payment: Payment | None) -> None:
    """One 手数料事務処理票, one payment: across these procedures and the counter's payments."""
    number = payment.slip_number if payment else ""
    if number and (slip_in_use(number) or MynumberProcedure.objects.filter(fee_slip_number=number).exists()):
        raise InvalidInput("この手数料事務処理票番号は既に使われています。", field="slip_number", code="duplicate")


# --- numbers and the book --------------------------------------------------------------------------


def _new_record_number(licence: Licence) -> str:
    """The next 免許情報記録番号 of the licence's prefecture: its code and a 10-digit serial, 12 digits.

    UNCONFIRMED (counter-facts §4.8): the real format, length and who allots it are not known; a
    numbered series per prefecture (``core.serials``) that never gives a number twice stands in for it.
    An erased number is never given again.
    """
    prefix = licence.home_prefecture_id

    def highest_in_use() -> int:
        held = Licence.objects.filter(mynumber_record_number__startswith=prefix).aggregate(
            last=Max("mynumber_record_number"))["last"]
        past = MynumberProcedure.objects.filter(record_number__startswith=prefix).aggregate(
            last=Max("record_number"))["last"]
        return max(int(n[len(prefix):]) for n in (held or prefix + "0", past or prefix + "0"))

    return f"{prefix}{serials.take(f'mynumber-record:{prefix}', highest_in_use):010d}"


def _ledger_serial(office_id: int, day: date) -> int:
    """The next entry of the office's 申請（届出）簿 for the day: the counter's series (規程第4条)."""
    def highest_in_use() -> int:
        apps = Application.objects.filter(office_id=office_id, ledger_date=day).aggregate(
            last=Max("ledger_serial"))["last"]
        own = MynumberProcedure.objects.filter(office_id=office_id, ledger_date=day).aggregate(
            last=Max("ledger_serial"))["last"]
        return max(apps or 0, own or 0)

    return serials.take(f"ledger:{office_id}:{day}", highest_in_use)


# --- the shared write ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One procedure's write: what it is, its article and action, the holding form after."""

    kind: str
    action: str
    basis: LegalBasis
    after: str
    event_type: str


def _apply(actor, licence: Licence, office, change: Change, reason: str, *, number: str | None = None,
           fee: fees.Fee | None = None, payment: Payment | None = None, reader: ReaderData | None = None,
           job: CardJob | None = None, extra: dict | None = None) -> MynumberProcedure:
    """Write the licence's holding form and record number, the 申請（届出）簿 entry with the fee paid, the
    audit event and the history row (inside the caller's transaction, the licence row locked)."""
    _check_slip_free(payment)
    before, old_number = licence.holding_form, licence.mynumber_record_number
    number = old_number if number is None else (number or None)
    licence.holding_form, licence.mynumber_record_number = change.after, number
    licence.version += 1
    licence.save(update_fields=["holding_form", "mynumber_record_number", "version"])
    day = today()
    entry = MynumberProcedure.objects.create(
        person=licence.person, licence=licence, prefecture_id=licence.home_prefecture_id, office=office,
        kind=change.kind, ledger_date=day, ledger_serial=_ledger_serial(office.pk, day), holding_before=before,
        holding_after=change.after, record_number=number or old_number or "",
        card_valid_until=reader.card_valid_until if reader else None,
        fee_procedure=fee.procedure if fee else "", fee_amount=fee.amount if fee else 0,
        fee_method=payment.method if payment else "", fee_slip_number=payment.slip_number if payment else "",
        card_job=job, received_by=actor.actor_name)
    event = record(actor, change.action, object_type="mynumber_procedure", object_id=entry.pk,
                   person_id=licence.person_id, subject_prefecture=licence.home_prefecture_id,
                   detail={"licence": licence.pk, "kind": change.kind, "ledger": entry.ledger_number,
                           "holding_before": before, "holding_after": change.after,
                           "fee": fee.amount if fee else 0, "fee_status": fee.status if fee else "",
                           "method": payment.method if payment else "", "card_job": job.pk if job else None,
                           "legal_basis": str(change.basis)})
    diff = {"mynumber": [None, f"{entry.get_kind_display()}（申請（届出）簿 {entry.ledger_number}）"]}
    if before != change.after:
        diff["holding_form"] = [HoldingForm(before).label, HoldingForm(change.after).label]
    if old_number != number:
        diff["mynumber_record_number"] = [old_number, number]
    registry.add_history(actor, licence.person, licence, change.event_type, diff | (extra or {}), reason,
                         change.basis, event)
    return entry


def _begin(actor, licence_id: int, action: str):
    licence = load_licence(licence_id)
    authorize(actor, MYNUMBER_LICENCE.name, licence, action=action, person_id=licence.person_id)
    return licence, receiving_office(actor)


def _lock(licence: Licence) -> Licence:
    licence = Licence.objects.select_for_update().select_related("person").get(pk=licence.pk)
    check_valid(licence)
    return licence


def _card_cut(licence: Licence) -> dict:
    return {"card": [f"免許証 {licence.number}", "返納（裁断により廃棄）"]}


# --- the procedures --------------------------------------------------------------------------------


@procedure(legal.KITEI_15NO2, rule=MYNUMBER_LICENCE.name)
def record_on_mynumber_card(actor, licence_id: int, *, keep_card: bool, card_valid_until: date | None,
                            signature_confirmed: bool, payment_method: str = "", slip_number: str = "",
                            reason: str = "特定免許情報の記録の申請") -> MynumberProcedure:
    """Record the licence on the holder's My Number card (規程第15条の2第1項; 法第95条の2第1項).

    The 特定免許情報記録申請書 is checked and the licence registered as recorded, with a new
    免許情報記録番号, after the signature on the 受領書 and the 特定免許情報の記録手数料 paid
    (``payment_method``, ``slip_number``: the 手数料事務処理票, 第15条の2第2項). ``keep_card``: the holder keeps the card
    (2枚持ち); otherwise the card is returned and cut (第15条の3第1項) and the licence is held as the
    マイナ免許証 only. Only a card holder (免許証のみ) with a licence 有効 and no card in production.
    """
    licence, office = _begin(actor, licence_id, Action.MYNUMBER_RECORD)
    _check_in_operation()
    reader = ReaderData(card_valid_until, bool(signature_confirmed))
    _check_reader(reader)
    reason = registry.clean_reason(reason)
    after = HoldingForm.BOTH if keep_card else HoldingForm.MYNUMBER
    fee = procedure_fee("mynumber_record", after, licence)
    payment = _paid(fee, payment_method, slip_number)
    with transaction.atomic():
        licence = _lock(licence)
        _check_form(licence, (HoldingForm.CARD,), "記録できません（既に記録があります）。")
        check_no_card_pending(licence)
        change = Change(Kind.RECORD, Action.MYNUMBER_RECORD, legal.KITEI_15NO2, after, "licence.mynumber_recorded")
        return _apply(actor, licence, office, change, reason, number=_new_record_number(licence), fee=fee,
                      payment=payment, reader=reader, extra=None if keep_card else _card_cut(licence))


@procedure(legal.KITEI_15NO3, rule=MYNUMBER_LICENCE.name)
def return_licence_card(actor, licence_id: int, *, reason: str = "免許証の返納の届出") -> MynumberProcedure:
    """Receive the card of a 2枚持ち holder who keeps the マイナ免許証 only (規程第15条の3; 法第95条の2
    第4項): the 運転免許証返納届 is entered in the 申請（届出）簿 and the card is cut. Refused while the
    My Number card is reported lost (the holder would hold nothing to drive with)."""
    licence, office = _begin(actor, licence_id, Action.MYNUMBER_CARD_RETURN)
    reason = registry.clean_reason(reason)
    with transaction.atomic():
        licence = _lock(licence)
        _check_form(licence, (HoldingForm.BOTH,), "免許証の返納はできません（2枚持ちの方のみ）。")
        check_no_card_pending(licence)
        _check_not_lost(licence)
        change = Change(Kind.CARD_RETURN, Action.MYNUMBER_CARD_RETURN, legal.KITEI_15NO3, HoldingForm.MYNUMBER,
                        "licence.card_returned")
        return _apply(actor, licence, office, change, reason, extra=_card_cut(licence))


def register_card_returned_with_via(actor, licence: Licence, office, reason: str) -> MynumberProcedure:
    """The card a 2枚持ち holder gave back at the 経由地 with a 経由申請 (rules ``via_card_return``; counter-facts
    §3.3), registered by the 住所地 as it renews (``cards.via``): as a 運転免許証返納届 (規程第15条の3) the
    holding form becomes マイナ免許証のみ and the card is recorded as cut. Inside the caller's transaction,
    the licence row locked; refused while the My Number card is reported lost."""
    _check_form(licence, (HoldingForm.BOTH,), "免許証の返納はできません（2枚持ちの方のみ）。")
    _check_not_lost(licence)
    change = Change(Kind.CARD_RETURN, Action.MYNUMBER_CARD_RETURN, legal.KITEI_15NO3, HoldingForm.MYNUMBER,
                    "licence.card_returned")
    return _apply(actor, licence, office, change, reason, extra=_card_cut(licence))


@procedure(legal.KITEI_15NO3, rule=MYNUMBER_LICENCE.name)
def erase_mynumber_record(actor, licence_id: int, *, reason: str = "免許情報記録の抹消の届出") -> MynumberProcedure:
    """Erase the record of a 2枚持ち holder who keeps the card only (規程第15条の3; 法第95条の2第10項):
    the 免許情報記録抹消届 is entered in the 申請（届出）簿 and the record on the card is erased; the
    免許情報記録番号 ends with it (never given again). A マイナのみ holder first asks for a card."""
    licence, office = _begin(actor, licence_id, Action.MYNUMBER_ERASE)
    reason = registry.clean_reason(reason)
    with transaction.atomic():
        licence = _lock(licence)
        _check_form(licence, (HoldingForm.BOTH,), "記録の抹消はできません（2枚持ちの方のみ。マイナ免許証のみの方は"
                                                  "先に免許証の交付を申請してください）。")
        check_no_card_pending(licence)
        change = Change(Kind.ERASE, Action.MYNUMBER_ERASE, legal.KITEI_15NO3, HoldingForm.CARD,
                        "licence.mynumber_erased")
        return _apply(actor, licence, office, change, reason, number="")


@procedure(legal.KITEI_15NO2, rule=MYNUMBER_LICENCE.name)
def request_card_for_mynumber_holder(actor, licence_id: int, *, handover_date: date | None = None,
                                     payment_method: str = "", slip_number: str = "",
                                     reason: str = "免許証の交付の申請") -> MynumberProcedure:
    """A マイナのみ holder asks for the card again (規程第15条の2; 法第95条の2第11項): the 運転免許証交付
    申請書 is entered and a card job made as for a reissue — at a 試験場 handed over today, at a 警察署
    on the 交付予定日 after the 試験場 made and sent it (第15条の2第2項–第4項). The card is made from
    the register's photo, its fee paid first (``payment_method``, ``slip_number``). The holder then holds
    both; a lost My Number card does not stop it."""
    licence, office = _begin(actor, licence_id, Action.MYNUMBER_CARD_ISSUE)
    reason = registry.clean_reason(reason)
    if licence.photo_id is None:
        raise InvalidInput("登録された写真がありません。免許証を作成できません（再交付の手続で写真を登録してください）。",
                           field="photo", code="photo_missing")
    day = today()
    centre, handover = _producing_centre(office), _handover_date(office, handover_date, day)
    fee = procedure_fee("reissue", HoldingForm.BOTH, licence)
    payment = _paid(fee, payment_method, slip_number)
    with transaction.atomic():
        licence = _lock(licence)
        _check_form(licence, (HoldingForm.MYNUMBER,), "免許証の交付の申請はできません（マイナ免許証のみの方のみ）。")
        check_no_card_pending(licence)
        job = save_numbered(CardJob(person=licence.person, licence=licence, card_kind=CardKind.LICENCE,
                                    prefecture_id=licence.home_prefecture_id, producing_centre=centre,
                                    handover_office=office, handover_date=handover), day)
        change = Change(Kind.CARD_ISSUE, Action.MYNUMBER_CARD_ISSUE, legal.KITEI_15NO2, HoldingForm.BOTH,
                        "licence.card_requested")
        return _apply(actor, licence, office, change, reason, fee=fee, payment=payment, job=job,
                      extra={"card": [None, f"免許証の作成依頼（事務処理票 {job.slip_number}）"]})


@procedure(legal.KITEI_15NO4, rule=MYNUMBER_LICENCE.name)
def report_mynumber_card_lost(actor, licence_id: int, *, reason: str = "個人番号カードの紛失等") -> MynumberProcedure:
    """The 保有状況変更の申出 on the loss (紛失・盗難・滅失) of the My Number card carrying the record
    (規程第15条の4; 細則第25条の2第1項): entered in the 申請（届出）簿 and registered; the record is
    紛失中 until found or written on a new card. The holding form in the register stays."""
    licence, office = _begin(actor, licence_id, Action.MYNUMBER_LOSS)
    reason = registry.clean_reason(reason)
    with transaction.atomic():
        licence = _lock(licence)
        _check_form(licence, WITH_RECORD, "マイナ免許証の紛失等の申出はできません（記録がありません）。")
        _check_not_lost(licence)
        change = Change(Kind.LOSS, Action.MYNUMBER_LOSS, legal.KITEI_15NO4, licence.holding_form,
                        "licence.mynumber_lost")
        return _apply(actor, licence, office, change, reason)


@procedure(legal.KITEI_15NO4, rule=MYNUMBER_LICENCE.name)
def report_mynumber_card_found(actor, licence_id: int, *, reason: str = "個人番号カードの発見") -> MynumberProcedure:
    """The 保有状況変更の申出 on finding the My Number card reported lost (規程第15条の4; 細則第25条の2
    第2項): the record counts again."""
    licence, office = _begin(actor, licence_id, Action.MYNUMBER_FOUND)
    reason = registry.clean_reason(reason)
    with transaction.atomic():
        licence = _lock(licence)
        _check_form(licence, WITH_RECORD, "発見の申出はできません（記録がありません）。")
        if not record_lost(licence):
            raise Conflict("この免許にはマイナ免許証の紛失等の申出がありません。", field="licence_id", code="not_lost")
        change = Change(Kind.FOUND, Action.MYNUMBER_FOUND, legal.KITEI_15NO4, licence.holding_form,
                        "licence.mynumber_found")
        return _apply(actor, licence, office, change, reason)


@procedure(legal.KITEI_15NO2, rule=MYNUMBER_LICENCE.name)
def move_mynumber_record(actor, licence_id: int, *, card_valid_until: date | None, signature_confirmed: bool,
                         payment_method: str = "", slip_number: str = "",
                         reason: str = "新しい個人番号カードへの記録") -> MynumberProcedure:
    """Write the record on the holder's new My Number card (規程第15条の2第1項) after a loss or the
    card's renewal: the 免許情報記録番号 stays (it names the licence's record); the record is no longer
    紛失中. The 特定免許情報の記録手数料 (1,500円, counter-facts §4.7), paid first (``payment_method``,
    ``slip_number``)."""
    licence, office = _begin(actor, licence_id, Action.MYNUMBER_MOVE)
    reader = ReaderData(card_valid_until, bool(signature_confirmed))
    _check_reader(reader)
    reason = registry.clean_reason(reason)
    with transaction.atomic():
        licence = _lock(licence)
        _check_form(licence, WITH_RECORD, "新しい個人番号カードへの記録はできません（記録がありません）。")
        fee = procedure_fee("mynumber_record", licence.holding_form, licence)
        payment = _paid(fee, payment_method, slip_number)
        change = Change(Kind.MOVE, Action.MYNUMBER_MOVE, legal.KITEI_15NO2, licence.holding_form,
                        "licence.mynumber_moved")
        return _apply(actor, licence, office, change, reason, fee=fee, payment=payment, reader=reader)


@dataclass(frozen=True)
class Status:
    """The licence's マイナ免許証 state and its procedures, newest first."""

    licence: Licence
    lost: bool
    procedures: list[MynumberProcedure]


@procedure(legal.KITEI_15NO2, rule=MYNUMBER_LICENCE.name)
def read_mynumber_status(actor, licence_id: int) -> Status:
    """The holding form, the 免許情報記録番号, whether the My Number card is reported lost, and the
    licence's マイナ免許証 procedures — read as the counter's business (照会事由 窓口事務; audited)."""
    licence = load_licence(licence_id)
    authorize(actor, MYNUMBER_LICENCE.name, licence, action=Action.MYNUMBER_READ, person_id=licence.person_id)
    record(actor, Action.MYNUMBER_READ, object_type="licence", object_id=licence.pk, person_id=licence.person_id,
           subject_prefecture=licence.home_prefecture_id, purpose=ReadPurpose.COUNTER)
    procedures = list(licence.mynumber_procedures.select_related("office", "card_job").order_by("-pk"))
    last = next((p for p in procedures if p.kind in RECORD_STATE_KINDS), None)
    return Status(licence, last is not None and last.kind == Kind.LOSS, procedures)


@procedure(legal.KITEI_15NO2, rule=MYNUMBER_LICENCE.name)
def mynumber_fee_receipt(actor, procedure_id: int) -> RenderedDocument:
    """The 領収書 of the fee paid on a マイナ免許証 procedure (the counter's receipt form): the fee, the
    amount, how it was paid, the 手数料事務処理票 number, the day and the office. A free procedure has
    none (409)."""
    entry = _procedure_for_document(actor, procedure_id, DocumentAction.RECEIPT_RENDER)
    if not entry.fee_slip_number or entry.fee_amount <= 0:
        raise Conflict("この手続の手数料の納付は記録されていません（領収書はありません）。", field="procedure_id",
                       code="document_not_applicable")
    name = procedure_fee(entry.fee_procedure, entry.holding_after, entry.licence).name
    form = Receipt(payer=entry.person.name, paid_on=timezone.localdate(entry.received_at), office=entry.office.name,
                   lines=(FeeLine(name, entry.fee_amount),), method=entry.get_fee_method_display(),
                   slip_number=entry.fee_slip_number, legal_basis=legal.KITEI_15NO2)
    return _render_entry(actor, form, entry)


#: The 様式 each procedure is received on: a record on a new card is a 特定免許情報の記録 too.
FORM_OF = {Kind.RECORD: MynumberFormKind.RECORD, Kind.MOVE: MynumberFormKind.RECORD,
           Kind.CARD_ISSUE: MynumberFormKind.CARD, Kind.CARD_RETURN: MynumberFormKind.CARD_RETURN,
           Kind.ERASE: MynumberFormKind.ERASE, Kind.LOSS: MynumberFormKind.LOSS, Kind.FOUND: MynumberFormKind.FOUND}
#: The procedures whose record is written on the My Number card after the 受領書 is signed (第15条の2第1項);
#: a card handed over has the card's own 受領書 (``cards.services.card_receipt``).
RECEIPT_KINDS = (Kind.RECORD, Kind.MOVE)


def _procedure_for_document(actor, procedure_id: int, action: str) -> MynumberProcedure:
    entry = (MynumberProcedure.objects.select_related("person", "office", "licence").filter(pk=procedure_id).first())
    if entry is None:
        raise NotFound("指定されたマイナ免許証の手続はありません。", field="procedure_id")
    authorize(actor, MYNUMBER_LICENCE.name, entry.licence, action=action, person_id=entry.person_id)
    return entry


def _render_entry(actor, form, entry: MynumberProcedure) -> RenderedDocument:
    return render_document(actor, form, object_type="mynumber_procedure", object_id=entry.pk,
                           person_id=entry.person_id, subject_prefecture=entry.prefecture_id)


@procedure(legal.KITEI_15NO2, rule=MYNUMBER_LICENCE.name)
def mynumber_form(actor, procedure_id: int) -> RenderedDocument:
    """The 申請書・届・申出書 a マイナ免許証 procedure was received on, pre-filled from the register and the
    申請（届出）簿 entry for the applicant's signature: 特定免許情報記録申請書 (規則別記様式第17の2; a record
    on a new card too), 運転免許証交付申請書 (第17の5), 運転免許証返納届 (第17の3), 免許情報記録抹消届
    (第17の4), 免許等保有状況変更申出書（紛失等・発見） (細則様式第63号の2) — 規程第15条の2–第15条の4."""
    entry = _procedure_for_document(actor, procedure_id, DocumentAction.MYNUMBER_APPLICATION_RENDER)
    person, licence = entry.person, entry.licence
    fee = FeeLine(procedure_fee(entry.fee_procedure, entry.holding_after, licence).name, entry.fee_amount) \
        if entry.fee_amount else None
    form = MynumberApplication(
        kind=FORM_OF[Kind(entry.kind)], ledger_number=entry.ledger_number, received_on=entry.ledger_date,
        office=entry.office.name, name=person.name, name_kana=person.name_kana, birth_date=person.birth_date,
        address=person.address, licence_number=licence.number,
        kinds=[h.label for h in licence.kinds.select_related("kind").order_by("kind__display_order")],
        holding_before=entry.holding_before_label, holding_after=entry.holding_after_label,
        record_number=entry.record_number, card_valid_until=entry.card_valid_until, fee=fee,
        slip_number=entry.fee_slip_number, procedure=entry.get_kind_display())
    return _render_entry(actor, form, entry)


@procedure(legal.KITEI_15NO2, rule=MYNUMBER_LICENCE.name)
def mynumber_receipt(actor, procedure_id: int) -> RenderedDocument:
    """The 受領書 the holder signs before the 特定免許情報 is recorded on the My Number card (規程第15条の2
    第1項): a first record or a record on a new card. Other procedures have none (409)."""
    entry = _procedure_for_document(actor, procedure_id, DocumentAction.MYNUMBER_RECEIPT_RENDER)
    if entry.kind not in RECEIPT_KINDS:
        raise Conflict("この手続には特定免許情報の記録の受領書はありません。", field="procedure_id",
                       code="document_not_applicable")
    form = MynumberReceipt(
        ledger_number=entry.ledger_number, name=entry.person.name, licence_number=entry.licence.number,
        record_number=entry.record_number, what=entry.get_kind_display(), holding_after=entry.holding_after_label,
        office=entry.office.name, received_on=entry.ledger_date, received_by=name_of(entry.received_by))
    return _render_entry(actor, form, entry)
