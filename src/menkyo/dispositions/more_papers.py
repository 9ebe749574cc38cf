"""Papers left by parts 2–3 (ADR 0016 part 7), each from its article, as PDF through ``documents`` (audited):

- :class:`DeferralNotice` — the 処分猶予通知書 with the 請書（誓約書） to sign (規程第32条第2項: the 免許課長 explains
  that the case meets the standard and why the 停止 is deferred, hands over the 通知書 and has the 請書 submitted;
  both 「交通部長が定める様式」). Made for a case in 猶予, on its case page (「審査」「決定」: the division that
  deferred it).
- :class:`AppearanceOrder` — the 出頭命令書 (府令別記様式第19の3の5) and, when the card is taken into custody, the
  免許証保管証 (第19の3の6): 規程第45条第3項第1号 has the 所属長 whose 照会 hits a 被処分手配者 take 「法第104条の3
  第2項の規定による出頭命令の措置」 — the person is ordered to appear to receive the 処分書 (and, 同第3項, the card
  may be held). Made for a case in 執行不能 (its 処分手配 registered), on its execution page, by who executes
  (「窓口」「審査」 of the case's prefecture or of an accepted 執行依頼). The day and place are the officer's.

UNCONFIRMED: the wording and layout of all these 様式 (not in the seed; spec procedures §A.4 names them from
other prefectures' 要領). The 出頭命令通知書 (第19の3の7) is not made: whom it goes to is not in the seed or spec.
The 前歴通知書 of 規程第22条第2号 is made by :mod:`menkyo.dispositions.prior_record_papers` (ADR 0016 part 10): a
拒否・保留 case the 拒否等処分 cannot be made on is reported as such (第21条第2号) and the notice goes with the licence.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

from django.utils import timezone

from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.core.recording import describe_actions
from menkyo.dispositions.models import Case, CaseState
from menkyo.dispositions.permissions import EXECUTE, VIEW
from menkyo.dispositions.services import _day, _required
from menkyo.documents.forms import Form
from menkyo.documents.services import RenderedDocument, render_document


class PaperAction(StrEnum):
    DEFERRAL_NOTICE = "dispositions.deferral.paper"  # 処分猶予通知書・請書 PDF (規程第32条第2項)
    APPEARANCE_ORDER = "dispositions.appearance_order.paper"  # 出頭命令書・免許証保管証 PDF (第45条第3項)


describe_actions({PaperAction.DEFERRAL_NOTICE: "処分猶予通知書・請書の作成",
                  PaperAction.APPEARANCE_ORDER: "出頭命令書・免許証保管証の作成"})


@dataclass(frozen=True)
class _Letter(Form):
    issued_on: date
    issuer: str
    prefecture: str
    name: str
    address: str
    birth_date: date
    licence_number: str
    case_number: int

    @property
    def key(self) -> str:
        return f"{self.case_number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"{self.code.replace('_', '-')}-{self.key}.pdf"


@dataclass(frozen=True)
class DeferralNotice(_Letter):
    """処分猶予通知書 and the 請書（誓約書） (規程第32条第2項), plain values only."""

    code: ClassVar[str] = "deferral_notice"
    template: ClassVar[str] = "dispositions/deferral_notice.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_32_2
    action: ClassVar[str] = PaperAction.DEFERRAL_NOTICE  # type: ignore[assignment]
    title: ClassVar[str] = "処分猶予通知書"
    short_title: ClassVar[str] = "処分猶予通知書"

    disposition: str = ""  # the 停止 the case met: 停止（30日）
    ground: str = ""
    reason: str = ""  # why it was deferred (the decision's reason)


@dataclass(frozen=True)
class AppearanceOrder(_Letter):
    """出頭命令書 (様式第19の3の5) and, with ``card_held``, the 免許証保管証 (様式第19の3の6)."""

    code: ClassVar[str] = "appearance_order"
    template: ClassVar[str] = "dispositions/appearance_order.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_45_3
    action: ClassVar[str] = PaperAction.APPEARANCE_ORDER  # type: ignore[assignment]
    title: ClassVar[str] = "出頭命令書"
    short_title: ClassVar[str] = "出頭命令書"

    disposition: str = ""
    appear_on: date | None = None
    place: str = ""
    card_held: bool = False
    officer: str = ""


def _letter(case: Case, day: date) -> dict:
    person = case.person
    licence = person.licences.order_by("-pk").first()
    prefecture = case.prefecture.name
    return {"issued_on": day, "issuer": f"{prefecture}公安委員会", "prefecture": prefecture, "name": person.name,
            "address": person.address, "birth_date": person.birth_date,
            "licence_number": licence.number if licence else "", "case_number": case.pk}


def _render(actor, case: Case, form: Form) -> RenderedDocument:
    return render_document(actor, form, object_type="case", object_id=case.pk, person_id=case.person_id,
                           subject_prefecture=case.prefecture_id)


def deferral_notice(actor, case: Case) -> RenderedDocument:
    """The 処分猶予通知書 with the 請書 of a case in 猶予 (規程第32条第2項), dated the day of the deferral."""
    authorize(actor, VIEW.name, case, action=PaperAction.DEFERRAL_NOTICE, person_id=case.person_id)
    if case.state != CaseState.DEFERRED:
        raise Conflict("処分猶予通知書は処分猶予とした事案について作成します。", field="paper", code="not_deferred")
    form = DeferralNotice(**_letter(case, case.decided_on or timezone.localdate()), disposition=case.proposal_ja,
                          ground=case.ground_ja, reason=case.end_reason)
    return _render(actor, case, form)


def appearance_order(actor, case: Case, *, appear_on, place: str, card_held: bool = False) -> RenderedDocument:
    """The 出頭命令書 for a 被処分手配者 found (規程第45条第3項第1号; 法第104条の3第2項): the day (today or later) and
    place to appear to receive the 処分書; with ``card_held`` the 免許証保管証 too (同第3項)."""
    authorize(actor, EXECUTE.name, case, action=PaperAction.APPEARANCE_ORDER, person_id=case.person_id)
    if case.state != CaseState.UNEXECUTABLE:
        raise Conflict("出頭命令書は執行不能（処分手配中）の事案について作成します。", field="paper",
                       code="not_unexecutable")
    today = timezone.localdate()
    appear_on = _day(appear_on, "appear_on", "出頭すべき日")
    if appear_on < today:
        raise InvalidInput("出頭すべき日は本日以降の日付を入力してください。", field="appear_on")
    place = _required(place, "place", "出頭すべき場所", 100)
    form = AppearanceOrder(**_letter(case, today), disposition=case.decision_ja, appear_on=appear_on, place=place,
                           card_held=bool(card_held), officer=getattr(actor, "display_name", "") or actor.actor_name)
    return _render(actor, case, form)
