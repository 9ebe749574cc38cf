"""Papers of the 運転禁止・仮禁止 of 国際運転免許証等 holders (道路交通法第107条の5) left by the branch that built them:

- :class:`ProvisionalBanNotice` — the 仮禁止通知書 handed to the holder at the 仮禁止 (第10項 applying 第103条の2): the
  accident, the ground (第103条の2第1項各号), the period (until the 30th day counting the accident day), the permit
  held, the 弁明 within 5 days counting the 仮禁止 day (第103条の2第2項 applied). 規程第39条 names a 仮停止・禁止通知書
  (規則別記様式第19の3 for the 仮停止); its text is not in the sources. Made by whoever may read the 仮禁止
  (``dispositions.view_foreign_permit`` of the reporting prefecture).
- :class:`BanAppearanceOrder` — the 出頭命令書 for a decided, not yet executed 運転禁止 (第11項 applying 第104条の3): the
  holder is ordered to appear on a day and at a place to receive the 自動車等運転禁止処分書; with ``permit_held`` the
  保管証 of the permit too (第104条の3第3項 applied). Made by who executes the ban (``dispositions.execute_driving_ban``
  of the case's prefecture). The spec (procedures §A.4, [P18]) names 第104条の3第2項 as the 出頭命令 and 第3項 as the
  保管, both applied to the 運転禁止 by 第107条の5第11項; which paragraph a ban's order rests on is UNCONFIRMED.

Each audited with the PDF's SHA-256. UNCONFIRMED: the wording and layout of both (marked on the paper).
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
from menkyo.dispositions.models import CaseState, DispositionKind, DrivingBan, ProvisionalBan
from menkyo.dispositions.permissions import EXECUTE_DRIVING_BAN, VIEW_FOREIGN_PERMIT
from menkyo.dispositions.provisional_ban import GROUNDS
from menkyo.dispositions.services import _day, _required
from menkyo.documents.forms import Form, appeal_instructions
from menkyo.documents.services import RenderedDocument, render_document


class PaperAction(StrEnum):
    PROVISIONAL_BAN_NOTICE = "dispositions.provisional_ban.paper"  # 仮禁止通知書 PDF (法第107条の5第10項)
    BAN_APPEARANCE_ORDER = "dispositions.driving_ban.appearance_order"  # 出頭命令書 PDF (同第11項)


describe_actions({PaperAction.PROVISIONAL_BAN_NOTICE: "仮禁止通知書の作成",
                  PaperAction.BAN_APPEARANCE_ORDER: "運転禁止の出頭命令書の作成"})


@dataclass(frozen=True)
class _PermitLetter(Form):
    number: int
    issued_on: date
    issuer: str
    prefecture: str
    name: str
    name_kana: str
    nationality: str
    address: str
    birth_date: date
    permit_type: str
    issuing_country: str
    permit_number: str

    @property
    def case_number(self) -> int:
        """The number the letter head prints."""
        return self.number

    @property
    def key(self) -> str:
        return f"{self.number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"{self.code.replace('_', '-')}-{self.key}.pdf"


@dataclass(frozen=True)
class ProvisionalBanNotice(_PermitLetter):
    """仮禁止通知書, plain values only."""

    code: ClassVar[str] = "provisional_ban_notice"
    template: ClassVar[str] = "dispositions/provisional_ban_notice.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_39
    action: ClassVar[str] = PaperAction.PROVISIONAL_BAN_NOTICE  # type: ignore[assignment]
    title: ClassVar[str] = "仮禁止通知書"
    short_title: ClassVar[str] = "仮禁止通知書"

    accident_on: date | None = None
    ground: str = ""
    summary: str = ""
    ends_on: date | None = None
    explanation_due: date | None = None
    permit_handling: str = ""

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        return appeal_instructions(self.issued_on, self.prefecture)


@dataclass(frozen=True)
class BanAppearanceOrder(_PermitLetter):
    """出頭命令書 for a decided 運転禁止 and, with ``permit_held``, the permit's 保管証."""

    code: ClassVar[str] = "ban_appearance_order"
    template: ClassVar[str] = "dispositions/ban_appearance_order.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_49
    action: ClassVar[str] = PaperAction.BAN_APPEARANCE_ORDER  # type: ignore[assignment]
    title: ClassVar[str] = "出頭命令書"
    short_title: ClassVar[str] = "出頭命令書"

    disposition: str = ""
    appear_on: date | None = None
    place: str = ""
    permit_held: bool = False
    officer: str = ""


def _letter(prefecture, permit, number: int, day: date) -> dict:
    person = permit.person
    return {"number": number, "issued_on": day, "issuer": f"{prefecture.name}公安委員会", "prefecture": prefecture.name,
            "name": person.name, "name_kana": person.name_kana, "nationality": person.nationality,
            "address": person.address, "birth_date": person.birth_date,
            "permit_type": permit.get_permit_type_display(), "issuing_country": permit.issuing_country,
            "permit_number": permit.permit_number}


def provisional_ban_notice(actor, ban: ProvisionalBan) -> RenderedDocument:
    """The 仮禁止通知書 of ``ban``, dated the 仮禁止 day, from the 警察署長 who made it (第103条の2第1項 applied)."""
    authorize(actor, VIEW_FOREIGN_PERMIT.name, ban, action=PaperAction.PROVISIONAL_BAN_NOTICE, person_id=ban.person_id)
    held = "提出を受けて保管します" if ban.permit_held else f"提出なし（{ban.permit_missing_reason}）"
    form = ProvisionalBanNotice(
        **{**_letter(ban.prefecture, ban.permit, ban.pk, ban.imposed_on), "issuer": f"{ban.office.name}長"},
        accident_on=ban.accident_on,
        ground=GROUNDS.get(ban.ground, ""), summary=ban.summary, ends_on=ban.ends_on,
        explanation_due=ban.explanation_due, permit_handling=held)
    return render_document(actor, form, object_type="provisionalban", object_id=ban.pk, person_id=ban.person_id,
                           subject_prefecture=ban.prefecture_id)


def ban_appearance_order(actor, ban: DrivingBan, *, appear_on, place: str, permit_held: bool = False
                         ) -> RenderedDocument:
    """The 出頭命令書 of a decided, not yet executed 運転禁止 (法第107条の5第11項 applying 第104条の3): the day (today or
    later) and place to appear to receive the 処分書; with ``permit_held`` the permit's 保管証 too."""
    case = ban.case
    authorize(actor, EXECUTE_DRIVING_BAN.name, case, action=PaperAction.BAN_APPEARANCE_ORDER, person_id=case.person_id)
    if case.state != CaseState.DECIDED or case.decided_kind != DispositionKind.DRIVING_BAN:
        raise Conflict(f"出頭命令書は運転禁止を決定し、まだ執行していない事案について作成します（現在の状態：{case.state_ja}）。",
                       field="paper", code="not_decided")
    today = timezone.localdate()
    appear_on = _day(appear_on, "appear_on", "出頭すべき日")
    if appear_on < today:
        raise InvalidInput("出頭すべき日は本日以降の日付を入力してください。", field="appear_on")
    place = _required(place, "place", "出頭すべき場所", 100)
    form = BanAppearanceOrder(
        **_letter(case.prefecture, ban.permit, case.pk, today), disposition=case.decision_ja, appear_on=appear_on,
        place=place, permit_held=bool(permit_held), officer=getattr(actor, "display_name", "") or actor.actor_name)
    return render_document(actor, form, object_type="drivingban", object_id=ban.pk, person_id=case.person_id,
                           subject_prefecture=case.prefecture_id)
