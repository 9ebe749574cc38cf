"""Renewal of a licence under suspension (免許の効力の停止中の更新, 規程第16条; issue 10 §1).

A 停止 does not stop the validity: a holder whose licence expires during it renews in the window like
anyone else, or the licence lapses (the law engine's ``suspended_renewal``: DERIVED from a secondary
source, no primary one found). The renewal itself is the ordinary one (``cards.renewal.renew_licence``:
new 交付年月日, expiry and colour; the law engine judged the class at intake on the violations in the
look-back — the 停止 follows from them and is not counted a second time). The licence stays 停止中 and
the 停止 keeps its last day.

The card (this system's reading, UNCONFIRMED in the rule's note): the police hold the old card during
the 停止 (規程第34条第3項, ``dispositions`` ``CardHandling.HELD``). The renewed card is made as usual;
at the hand-over office :func:`keep_renewed_card` issues it on the holder's signature **into the
police's keeping** (card job 交付済（停止期間中のため保管）, a :class:`~menkyo.cards.models.CardKeeping`
row) instead of handing it over, and the held old card is invalidated in exchange; the holder takes
the 免許証保管証 (:func:`keeping_receipt`, PDF). When the held card is given back at the 停止's end
(``dispositions.execution.release_card``, 第43条・第34条第4項), :func:`return_kept_cards` gives back
the renewed card instead. A マイナ免許証 holder's record is rewritten as after any renewal
(``cards.rewrite``); a 2枚持ち holder gets both.

The 停止's dates come from ``dispositions`` (which sits above this app) through :data:`SUSPENSION_OF`.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.db import transaction
from django.utils import timezone

from menkyo.accounts.services import name_of
from menkyo.cards.actions import Action
from menkyo.cards.models import CARD_JOB, CardJob, CardKeeping
from menkyo.cards.permissions import KEEP_RENEWED_CARD
from menkyo.cards.services import _check_office, kept_while_suspended, load_job
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import LegalBasis, procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.counter.models import APPLICATION
from menkyo.documents.forms import Form
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceStatus
from menkyo.rules.suspended_renewal import SuspendedRenewal, suspended_renewal

#: Providers ``provider(person_id) -> Suspension | None`` of the 停止 a person is under (registered by
#: ``dispositions``: the executed 停止 whose held card has not been given back).
SUSPENSION_OF: list = []

KEEP_REASON = "停止期間中のため保管"


@dataclass(frozen=True)
class Suspension:
    """The 停止 the holder is under: its first and last day (the last day after a 講習's reduction)."""

    starts_on: date
    ends_on: date


def suspension_of(person_id: int) -> Suspension | None:
    """The 停止 the person is under, as ``dispositions`` records it, or None."""
    for provider in SUSPENSION_OF:
        found = provider(person_id)
        if found is not None:
            return found
    return None


def renewable_status(licence: Licence, day: date) -> SuspendedRenewal | None:
    """Refuse a licence that cannot be renewed (取消・失効・返納・死亡…: 「…の免許は更新できません」); a 停止中
    licence is renewed when the law engine's ``suspended_renewal`` says so, and its answer is returned
    (None for a 有効 licence)."""
    if licence.status == LicenceStatus.VALID:
        return None
    if licence.status == LicenceStatus.SUSPENDED:
        answer = suspended_renewal(day)
        if answer.renewable:
            return answer
    raise Conflict(f"{licence.get_status_display()}の免許は更新できません。", field="application_id",
                   code="licence_not_valid")


def suspension_text(person_id: int) -> str:
    """What the pages say about a 停止中 holder's renewal (empty when none)."""
    suspension = suspension_of(person_id)
    if suspension is None:
        return ""
    return (f"この免許は効力の停止中です（{wareki(suspension.starts_on)}から{wareki(suspension.ends_on)}まで）。"
            "停止中でも有効期間は進むため、更新できます（更新しないと失効します）。停止はそのまま続き、更新後の"
            "免許証は交付の際に本人の署名を受けて停止期間中は警察で保管し（保管中の旧免許証は無効）、停止の終期に"
            "返還します。マイナ免許証の記録は通常どおり書き換えます。")


@procedure(legal.KITEI_16, rule=KEEP_RENEWED_CARD.name, also=(legal.KITEI_34_3,))
def keep_renewed_card(actor, job_id: int, *, signature_confirmed: bool, old_card_invalidated: bool) -> CardJob:
    """Issue the renewed card of a holder under a 停止 into the police's keeping (規程第16条; the card
    held under 第34条第3項): the holder signs for it (受領の署名), the held old card is invalidated in
    exchange, the card job becomes 交付済（停止期間中のため保管） and the application 交付済 — in one
    transaction, audited, with a history row. Only at the hand-over office, from the 交付予定日, never
    while a 交付停止 is active, and only while the 停止 lasts (otherwise: hand it over)."""
    job = load_job(job_id)
    authorize(actor, KEEP_RENEWED_CARD.name, job, action=Action.JOB_KEEP, person_id=job.person_id)
    _check_office(actor, job, job.handover_office, Action.JOB_KEEP,
                  "この免許証の交付所属は{office}です。保管の手続は交付所属で行います。")
    if not kept_while_suspended(job):  # a renewed card of a licence still 停止中
        raise Conflict("この免許証は停止中の免許の更新のものではありません。通常どおり交付してください。",
                       field="job_id", code="not_suspended")
    if signature_confirmed is not True:
        raise InvalidInput("受領の署名を確認してから保管してください（規程第16条）。", field="signature_confirmed",
                           code="signature_required")
    if old_card_invalidated is not True:
        raise InvalidInput("保管中の旧免許証を更新後の免許証と引き換えに無効（穴あけ等）にしてください。",
                           field="old_card_invalidated", code="old_card_required")
    day = timezone.localdate()
    if day < job.handover_date:
        raise Conflict(f"この免許証の交付予定日は{wareki(job.handover_date)}です。それより前には保管の手続はできません"
                       "（規程第13条第4項）。", field="job_id", code="before_handover_date")
    suspension = suspension_of(job.person_id)
    with transaction.atomic():
        event = CARD_JOB.apply(actor, job, "keep", reason=KEEP_REASON, handed_over_at=timezone.now(),
                               handed_over_by=actor.actor_name, signature_confirmed=True, old_card_collected=True)
        CardKeeping.objects.create(job=job, person_id=job.person_id, prefecture_id=job.prefecture_id,
                                   office=job.handover_office, kept_on=day, kept_by=actor.actor_name,
                                   suspension_ends_on=suspension.ends_on if suspension else None,
                                   old_card_invalidated=True)
        APPLICATION.apply(actor, job.application, "issue", reason=KEEP_REASON)
        registry.add_history(actor, job.person, job.licence, "card.kept",
                             {"card": [None, f"{job.licence.number}（{KEEP_REASON}）"],
                              "old_card": ["保管", "無効（更新後の免許証と引換え）"]},
                             "停止中の免許の更新：更新後の免許証を停止期間中保管", legal.KITEI_16, event)
    return job


def return_kept_cards(actor, person_id: int, *, reason: str = "停止の終期の到来") -> list[CardKeeping]:
    """Give back every renewed card kept for ``person_id`` (第43条, 第34条第4項): called inside the
    transaction that gives the held card back (``dispositions.execution.release_card``); each job
    becomes 交付済, audited, with a history row. Returns the keepings given back."""
    day = timezone.localdate()
    given = []
    for keeping in (CardKeeping.objects.select_for_update(of=("self",)).select_related("job__licence", "job__person")
                    .filter(person_id=person_id, returned_on__isnull=True).order_by("pk")):
        job = keeping.job
        event = CARD_JOB.apply(actor, job, "return_kept", reason=reason)
        keeping.returned_on, keeping.returned_by = day, actor.actor_name
        keeping.save(update_fields=["returned_on", "returned_by"])
        registry.add_history(actor, job.person, job.licence, "card.kept_returned",
                             {"card": [f"{job.licence.number}（保管）", "返還"]},
                             "停止の終期：保管した更新後の免許証の返還", legal.KITEI_43, event)
        given.append(keeping)
    return given


def kept_cards(person_id: int) -> list[CardKeeping]:
    """The renewed cards kept for a person and not yet given back (the 執行 page shows them)."""
    return list(CardKeeping.objects.filter(person_id=person_id, returned_on__isnull=True)
                .select_related("job", "office").order_by("pk"))


# --- 免許証保管証 (PDF) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardKeepingReceipt(Form):
    """免許証保管証: the renewed card of a holder under a 停止, signed for and kept by the police until the
    停止's last day (規程第16条, 第34条第3項; title, wording and layout UNCONFIRMED — no 様式 names it)."""

    code: ClassVar[str] = "card_keeping_receipt"
    template: ClassVar[str] = "cards/keeping_receipt.html"
    title: ClassVar[str] = "免許証保管証"
    short_title: ClassVar[str] = "免許証保管証"
    page_size: ClassVar[str] = "A5 landscape"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_16
    action: ClassVar[str] = Action.KEEPING_RECEIPT_RENDER  # type: ignore[assignment]

    slip_number: str
    name: str
    licence_number: str
    card_serial: str
    expiry_date: date
    office: str
    kept_on: date
    kept_by: str
    suspension_ends_on: date | None

    @property
    def key(self) -> str:
        return self.slip_number


@procedure(legal.KITEI_16, rule=KEEP_RENEWED_CARD.name)
def keeping_receipt(actor, job_id: int) -> RenderedDocument:
    """The 免許証保管証 handed to the holder whose renewed card is kept during the 停止: the card, its
    number, serial and expiry, the office, the day, the 停止's last day from which it is given back; printed by
    those who keep the card (「窓口」「審査」). Not kept: 409 ``document_not_applicable``."""
    job = load_job(job_id)
    authorize(actor, KEEP_RENEWED_CARD.name, job, action=Action.KEEPING_RECEIPT_RENDER, person_id=job.person_id)
    keeping = CardKeeping.objects.filter(job=job).select_related("office").first()
    if keeping is None:
        raise Conflict("免許証保管証は停止期間中に保管した免許証について作成します。", field="job_id",
                       code="document_not_applicable")
    licence = job.licence
    form = CardKeepingReceipt(
        slip_number=job.slip_number, name=job.person.name, licence_number=licence.number,
        card_serial=job.card_serial, expiry_date=licence.expiry_date, office=keeping.office.name,
        kept_on=keeping.kept_on, kept_by=name_of(keeping.kept_by), suspension_ends_on=keeping.suspension_ends_on)
    return render_document(actor, form, object_type="cardjob", object_id=job.pk, person_id=job.person_id,
                           subject_prefecture=job.prefecture_id)
