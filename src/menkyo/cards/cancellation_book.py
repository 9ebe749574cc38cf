"""The 申請取消簿 (規程第41条の3第1項) and the kinds a cancellation removes: shared by the cancellation on
application (:mod:`menkyo.cards.cancellation`) and the 上位免許 cancelled before a condition asked for is
added (規程第9条の2第2項, ``cards.services.issue_review_card``). Everything here runs inside the caller's
transaction on the locked licence; nothing here makes a card."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import Applicant, CancellationScope, CardJob, LicenceCancellation
from menkyo.cards.permissions import CANCEL_LICENCE
from menkyo.core import legal, serials
from menkyo.core.errors import InvalidInput
from menkyo.core.models import Affiliation
from menkyo.core.permissions import authorize
from menkyo.registry import services as registry
from menkyo.registry.models import Licence, LicenceKindHeld
from menkyo.rules.kinds import covers


@dataclass(frozen=True)
class Split:
    cancelled: list[LicenceKindHeld]
    kept: list[LicenceKindHeld]


def split_kinds(held: list[LicenceKindHeld], scope: CancellationScope, kinds: Iterable[str], day: date) -> Split:
    """The kinds cancelled and kept. The whole licence: all. Higher kinds only: those named, leaving at
    least one, and none a kept kind covers (法第85条, law-rules §6.1: the lower kind cannot go alone)."""
    if scope == CancellationScope.WHOLE:
        return Split(held, [])
    named = set(kinds or ())
    codes = {h.kind_id for h in held}
    if not named or not named <= codes:
        raise InvalidInput("取り消す免許の種類を、現に受けている種類から選んでください。", field="kinds")
    cancelled = [h for h in held if h.kind_id in named]
    kept = [h for h in held if h.kind_id not in named]
    if not kept:
        raise InvalidInput("すべての種類を取り消す場合は「全部の取消し」を選んでください。", field="kinds",
                           code="all_kinds")
    for lower in cancelled:
        above = [k.kind_id for k in kept if lower.kind_id in covers(k.kind_id, day)]
        if above:
            raise InvalidInput(f"{lower.kind_id}は引き続き受ける{'・'.join(above)}免許で運転できる下位の種類のため、"
                               "これだけを取り消すことはできません（上位の種類のみ取り消せます）。",
                               field="kinds", code="not_higher")
    return Split(cancelled, kept)


def book_number(office: Affiliation, day: date) -> str:
    """The next entry of the office's 申請取消簿 for the year: 28-101-2026-0001."""
    prefix = f"{office.code}-{day:%Y}-"

    def highest_in_use() -> int:
        last = (LicenceCancellation.objects.filter(book_number__startswith=prefix)
                .aggregate(last=Max("book_number"))["last"])
        return int(last[-4:]) if last else 0

    return f"{prefix}{serials.take(f'cancellation-book:{prefix}', highest_in_use):04d}"


def cancel_upper_kinds(actor, licence: Licence, kinds: list[str], office: Affiliation, day: date,
                       reason: str) -> LicenceCancellation:
    """Cancel the 上位免許 ``kinds`` before a condition asked for is added (規程第9条の2第2項: 「普通免許の上位
    免許を第41条の3の規定に準じて取り消した上で」): as a cancellation of the higher kinds on the holder's own
    application — the 申請取消簿 entry, the kinds removed, the history, the 申請取消通知書 to hand over. Runs
    inside the caller's transaction on the locked licence; the card of the kinds kept is the 審査's card
    job, linked by the caller. Law basis 規程第9条の2第2項."""
    authorize(actor, CANCEL_LICENCE.name, licence, action=Action.CANCELLATION_RECEIVE, person_id=licence.person_id)
    split = split_kinds(list(licence.kinds.select_related("kind")), CancellationScope.HIGHER, kinds, day)
    remove_kinds(licence, split)
    return enter_cancellation(actor, licence, split, CancellationScope.HIGHER, office, day, reason, job=None,
                  legal_basis=legal.KITEI_9_2_P2)


def remove_kinds(licence: Licence, split: Split) -> None:
    LicenceKindHeld.objects.filter(pk__in=[h.pk for h in split.cancelled]).delete()
    Licence.objects.filter(pk=licence.pk).update(version=licence.version + 1)


def enter_cancellation(actor, licence: Licence, split: Split, scope: CancellationScope, office: Affiliation, day: date,
           reason: str, *, job: CardJob | None, legal_basis: legal.LegalBasis, applicant: str = Applicant.HOLDER,
           agent_name: str = "", agent_relation: str = "") -> LicenceCancellation:
    """The 申請取消簿 entry (規程第41条の3第1項), its audit event and the history row."""
    cancellation = LicenceCancellation.objects.create(
        person=licence.person, licence=licence, prefecture_id=licence.home_prefecture_id, office=office,
        book_number=book_number(office, day), licence_number=licence.number, scope=scope,
        kinds_cancelled=[h.label for h in split.cancelled], kinds_kept=[h.label for h in split.kept],
        applicant=applicant, agent_name=agent_name, agent_relation=agent_relation, cancelled_on=day,
        received_by=actor.actor_name, card_job=job)
    event = record(actor, Action.CANCELLATION_RECEIVE, object_type="licencecancellation",
                   object_id=cancellation.pk, person_id=licence.person_id,
                   subject_prefecture=licence.home_prefecture_id,
                   detail={"scope": scope.value, "cancelled": [h.kind_id for h in split.cancelled],
                           "kept": [h.kind_id for h in split.kept], "applicant": applicant,
                           "card_job": job.pk if job else None, "legal_basis": str(legal_basis)})
    registry.add_history(actor, licence.person, licence, "licence.cancelled_on_application",
                         _changes(licence, split), reason, legal_basis, event)
    return cancellation


def _changes(licence: Licence, split: Split) -> dict:
    held = [h.label for h in split.cancelled + split.kept]
    if not split.kept:
        return {"status": ["有効", "返納（申請による取消し）"], "kinds": ["・".join(held), None]}
    return {"kinds": ["・".join(held), "・".join(h.label for h in split.kept)],
            "card": [f"免許証 {licence.number}", "上位の種類の取消し（引き続き受ける種類の免許証と引換え）"]}
