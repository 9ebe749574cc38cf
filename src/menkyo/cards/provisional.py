"""The life of a 仮免許 after its issue: expiry, reissue (規程第15条第2項) and return (規程第20条第2項).

- **Expiry** (law-rules §6.1: valid six months from the issue day, ``rules.dates.provisional_expiry``):
  a 仮免許 past its expiry date is 失効 on the day asked (``ProvisionalLicence.status_on``); nothing
  is stored at midnight. No extension of the period is found in law-rules §5–§7 or the regulation,
  so none is modelled. A lapsed 仮免許 is neither reissued nor returned here, and intake and the
  examinee registration refuse it for a direct test (they ask for one valid on the day).
- **Reissue** (:func:`reissue_provisional_licence`, 規程第15条第2項): the 試験場長 receives the
  再交付申請書 (規則別記様式第17, as for a licence: 第15条第1項 applies 「に準じて」), enters it in the
  事務処理票 and makes the 仮免許証 from the 仮免許受験票 and the application, handed over on the day
  of the application with the holder's signature. The statutory basis (道路交通法第94条, the
  paragraph for the 仮免許証) is UNCONFIRMED. Here: a card job for the 試験場's 免許証作成機, handed
  over the same day through the ordinary hand-over (``cards.services.hand_over_card``). The
  validity is not renewed: the period still runs from the first issue. After a loss or theft the
  12th digit of the number goes up as for a licence (law-rules §7.1; that 仮免許証 follow the
  licence's numbering is UNCONFIRMED, see ``ProvisionalLicence``), so the lost card's number is no
  longer honoured. The reissue of a 教習生's 仮免許証 on the school's application (第15条第6項) is
  applied for in :mod:`menkyo.cards.school_reissue` and made here.
- **Fee of a reissue**: the law engine's fee table has no row for a 仮免許証 reissue and the
  sources (counter-facts §1) give no amount: UNCONFIRMED. :func:`reissue_fee` says so (pages and
  API show it) and no 領収書 is produced; when a ``provisional_reissue`` row is added to
  ``rules/params/fees.yaml`` its amount is shown instead.
- **Return** (:func:`return_provisional_licence`, 規程第20条第2項): the 試験場長等 receive the
  仮免許証 returned (with the 運転免許証等返納書, 細則様式第63号, as for a licence under 第20条第1項),
  enter it in the 申請（届出）簿 and shred it; a station sends the form to the 試験場長. The 仮免許
  becomes 返納 (:data:`~menkyo.cards.models.PROVISIONAL_LICENCE`) and can no longer be used for a test.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import (
    GROUNDS_CARD_GONE,
    LAPSED_MESSAGE,
    PROVISIONAL_LICENCE,
    CardJob,
    CardJobState,
    CardKind,
    ReissueGround,
)
from menkyo.cards.permissions import REISSUE_PROVISIONAL, RETURN_PROVISIONAL, VIEW_PROVISIONAL
from menkyo.cards.services import save_numbered
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.models import AffiliationKind
from menkyo.core.permissions import allowed, authorize
from menkyo.core.recording import Outcome
from menkyo.registry import services as registry
from menkyo.registry.models import LicenceStatus, ProvisionalLicence
from menkyo.rules import fees
from menkyo.rules.errors import RulesError
from menkyo.rules.numbers import reissue_digit

#: The fee table's procedure code a 仮免許証 reissue would have (not in the table: UNCONFIRMED).
FEE_PROCEDURE = "provisional_reissue"


def load_provisional(pk: int) -> ProvisionalLicence:
    """One 仮免許 with its holder, kind and commission, or :class:`NotFound` naming the field."""
    provisional = (ProvisionalLicence.objects.select_related("person", "kind", "commission")
                   .filter(pk=pk).first())
    if provisional is None:
        raise NotFound(f"仮免許 {pk} は登録されていません。", field="provisional_id")
    return provisional


def get_provisional_licence(actor, provisional_id: int) -> ProvisionalLicence:
    """One 仮免許 for the staff of its prefecture; the read is audited (it names a person)."""
    provisional = load_provisional(provisional_id)
    authorize(actor, VIEW_PROVISIONAL.name, provisional, action=Action.PROVISIONAL_READ,
              person_id=provisional.person_id)
    record(actor, Action.PROVISIONAL_READ, object_type="provisional_licence", object_id=provisional.pk,
           person_id=provisional.person_id, subject_prefecture=provisional.home_prefecture_id)
    return provisional


def find_provisional_licence(actor, number: str) -> ProvisionalLicence:
    """The 仮免許 of a 仮免許証番号 (checked by its check digit, law-rules §7), read as
    :func:`get_provisional_licence`; an unknown number is :class:`NotFound` naming ``number``."""
    number = registry.parse_licence_number(number)
    pk = ProvisionalLicence.objects.filter(number=number).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(f"仮免許証番号 {number} の仮免許は登録されていません。", field="number")
    return get_provisional_licence(actor, pk)


def card_jobs(provisional: ProvisionalLicence) -> list[CardJob]:
    """The cards made of this 仮免許 (its issue, then each reissue), oldest first."""
    return list(CardJob.objects.filter(provisional_licence=provisional).select_related("handover_office")
                .order_by("created_at", "pk"))


def actions_for(actor, provisional: ProvisionalLicence) -> list[str]:
    """What ``actor`` may do with the 仮免許 now (buttons and the API's ``actions``; no audit)."""
    if provisional.current_status != LicenceStatus.VALID:
        return []
    found = []
    if allowed(actor, REISSUE_PROVISIONAL.name, provisional) and _at_centre(actor):
        found.append("reissue")
    if allowed(actor, RETURN_PROVISIONAL.name, provisional):
        found.append("return")
    return found


@dataclass(frozen=True)
class ReissueFee:
    """The fee of a reissue: the law engine's amount, or why there is none (UNCONFIRMED)."""

    amount: int | None
    status: str  # the fee table's status, or "unconfirmed" when the table has no row
    note: str


def reissue_fee(day: date, prefecture: str) -> ReissueFee:
    """The fee table's amount for a 仮免許証 reissue on ``day``; the table has no such row yet, so
    the answer says the amount is UNCONFIRMED instead of guessing one."""
    try:
        fee = fees.fee(FEE_PROCEDURE, day, prefecture=prefecture)
    except RulesError:
        # counter-facts §1 gives no amount for a 仮免許証 reissue: nothing to put in the table.
        return ReissueFee(None, "unconfirmed", "未確認：手数料表に仮免許証の再交付の額が登録されていません。"
                                               "県の手数料条例の額を確認してください。")
    return ReissueFee(fee.amount, fee.status, fee.note)


# --- reissue (規程第15条第2項) ----------------------------------------------------------------------


def _at_centre(actor) -> bool:
    affiliation = getattr(actor, "affiliation", None)
    return getattr(affiliation, "kind", None) == AffiliationKind.LICENCE_CENTRE


def _refuse_outside_centre(actor, provisional: ProvisionalLicence) -> None:
    """The 試験場長 reissues a 仮免許証 (規程第15条第2項): a police station or the licence division
    does not (the refusal is audited, like the office checks of ``cards.services``)."""
    if _at_centre(actor):
        return
    record(actor, Action.PROVISIONAL_REISSUE, object_type="provisional_licence", object_id=provisional.pk,
           person_id=provisional.person_id, subject_prefecture=provisional.home_prefecture_id,
           outcome=Outcome.DENIED, detail={"rule": "not_a_centre"})
    raise NotPermitted("仮免許証の再交付は運転免許試験場で行います（規程第15条第2項）。", code="not_a_centre")


def _ground(value) -> ReissueGround:
    if value not in ReissueGround.values:
        choices = "・".join(str(label) for label in ReissueGround.labels)
        raise InvalidInput(f"再交付の事由を{choices}から選んでください。", field="ground")
    return ReissueGround(value)


def _check_usable(provisional: ProvisionalLicence, day: date) -> None:
    """Only a 仮免許 有効 on ``day`` is reissued or returned: 返納, 取消 or 失効 ones are refused."""
    status = provisional.status_on(day)
    if status == LicenceStatus.LAPSED:
        raise Conflict(LAPSED_MESSAGE.format(day=provisional.expiry_date), field="provisional_id", code="lapsed")
    if status != LicenceStatus.VALID:
        raise Conflict(f"この仮免許は「{LicenceStatus(status).label}」です。有効な仮免許のみ扱えます。",
                       field="provisional_id", code="not_valid")


def _check_no_card_pending(provisional: ProvisionalLicence) -> None:
    pending = (CardJob.objects.filter(provisional_licence=provisional).exclude(state=CardJobState.HANDED_OVER)
               .first())
    if pending is not None:
        raise Conflict(f"この仮免許証の作成・交付（事務処理票 {pending.slip_number}）がまだ終わっていません。",
                       field="provisional_id", code="card_pending")


def _number_after(provisional: ProvisionalLicence, ground: ReissueGround) -> str:
    """After a loss or theft the 12th digit counts the reissues (law-rules §7.1); otherwise unchanged."""
    if ground not in GROUNDS_CARD_GONE:
        return provisional.number
    gone = CardJob.objects.filter(provisional_licence=provisional, reissue_ground__in=GROUNDS_CARD_GONE).count()
    return f"{provisional.number[:11]}{reissue_digit(gone + 1)}"


@procedure(legal.KITEI_15_2, rule=REISSUE_PROVISIONAL.name)
def reissue_provisional_licence(actor, provisional_id: int, *, ground: str, reason: str) -> CardJob:
    """Reissue a 仮免許証 lost, stolen, destroyed, dirty or damaged (規程第15条第2項).

    The 試験場長 checks the 再交付申請書 as for a licence (第15条第1項に準じて), enters it in the
    事務処理票 and makes the card, handed over on the day of the application with the holder's
    signature: a card job for the 試験場's own 免許証作成機, to be handed over today. The validity
    is unchanged. After a loss or theft the number's 12th digit goes up (law-rules §7.1). The fee
    is UNCONFIRMED (:func:`reissue_fee`). Refused for a 仮免許 that is not 有効 today (返納, 失効 …)
    or whose card is still being made or handed over.
    """
    provisional = load_provisional(provisional_id)
    authorize(actor, REISSUE_PROVISIONAL.name, provisional, action=Action.PROVISIONAL_REISSUE,
              person_id=provisional.person_id)
    _refuse_outside_centre(actor, provisional)
    ground = _ground(ground)
    reason = registry.clean_reason(reason)
    day = timezone.localdate()
    fee = reissue_fee(day, provisional.home_prefecture_id)
    with transaction.atomic():
        provisional = ProvisionalLicence.objects.select_for_update().select_related("person", "commission").get(
            pk=provisional.pk)
        _check_usable(provisional, day)
        _check_no_card_pending(provisional)
        before, provisional.number = provisional.number, _number_after(provisional, ground)
        provisional.save(update_fields=["number"])
        centre = actor.affiliation
        job = save_numbered(CardJob(
            person=provisional.person, provisional_licence=provisional, card_kind=CardKind.PROVISIONAL,
            reissue_ground=ground, prefecture_id=provisional.home_prefecture_id, producing_centre=centre,
            handover_office=centre, handover_date=day), day)
        event = record(actor, Action.PROVISIONAL_REISSUE, object_type="provisional_licence",
                       object_id=provisional.pk, person_id=provisional.person_id,
                       subject_prefecture=provisional.home_prefecture_id,
                       detail={"ground": ground.value, "card_job": job.pk, "slip_number": job.slip_number,
                               "number_changed": before != provisional.number, "fee": fee.amount,
                               "fee_status": fee.status, "legal_basis": str(legal.KITEI_15_2)})
        registry.add_history(actor, provisional.person, None, "provisional.reissued",
                             {"provisional": [f"{provisional.kind_id} {before}",
                                              f"{provisional.kind_id} {provisional.number}（再交付・{ground.label}）"]},
                             reason, legal.KITEI_15_2, event)
    return job


# --- return (規程第20条第2項) -----------------------------------------------------------------------


@procedure(legal.KITEI_20_2, rule=RETURN_PROVISIONAL.name)
def return_provisional_licence(actor, provisional_id: int, *, reason: str) -> ProvisionalLicence:
    """Receive a 仮免許証 returned (規程第20条第2項): the holder gives it back (no longer needed, or
    the licence obtained); it is entered in the 申請（届出）簿 and shredded, and the 仮免許 is 返納 —
    no longer valid for a test. A 仮免許 not 有効 today (already 返納, 失効, 取消) is refused, and so is
    one whose card is still being made or waits for its hand-over (the holder has no card to return)."""
    provisional = load_provisional(provisional_id)
    authorize(actor, RETURN_PROVISIONAL.name, provisional, action=Action.PROVISIONAL_RETURN,
              person_id=provisional.person_id)
    reason = registry.clean_reason(reason)
    _check_usable(provisional, timezone.localdate())
    with transaction.atomic():
        _check_no_card_pending(provisional)
        event = PROVISIONAL_LICENCE.apply(actor, provisional, "return", reason=reason)
        registry.add_history(actor, provisional.person, None, "provisional.returned",
                             {"provisional": [f"{provisional.kind_id} {provisional.number}（有効）",
                                              f"{provisional.kind_id} {provisional.number}（返納）"]},
                             reason, legal.KITEI_20_2, event)
    return provisional
