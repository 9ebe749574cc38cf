"""The 運転禁止's papers (道路交通法第107条の5; 規程第31条第2項, 第49条 applying 第34条):

- ``decision``: the 自動車等の運転禁止処分決定書 (規程第31条第2項, 交通部長が定める様式) — the review's proposal (the
  paragraph, the period, the ground and facts, the 意見の聴取) and the 公安委員会's decision.
- ``notice``: the 自動車等運転禁止処分書 handed over at the execution — the period, the ground, the permit held
  (法第107条の5第11項 applying 第104条の3) and the 教示.

Both once the case is decided. Authorised (``dispositions.view_foreign_permit`` of the case's prefecture), audited
``dispositions.driving_ban.paper`` with the PDF's SHA-256. UNCONFIRMED: the wording and layout of both — neither
form is in the seed or the spec; they follow the 暫定停止's notice.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.dispositions.driving_ban import Action
from menkyo.dispositions.models import DispositionKind, DrivingBan, HearingKind
from menkyo.dispositions.permissions import VIEW_FOREIGN_PERMIT
from menkyo.documents.forms import Form, appeal_instructions
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.rules import driving_ban as law

PAPERS = {"decision": "自動車等の運転禁止処分決定書", "notice": "自動車等運転禁止処分書"}


@dataclass(frozen=True)
class DrivingBanPaper(Form):
    """自動車等の運転禁止処分決定書 or 自動車等運転禁止処分書, plain values only."""

    code: ClassVar[str] = "driving_ban_paper"
    template: ClassVar[str] = "dispositions/driving_ban_paper.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_31_2
    action: ClassVar[str] = Action.PAPER  # type: ignore[assignment]

    paper: str  # decision | notice
    number: int
    issued_on: date
    issuer: str  # 〇〇県公安委員会
    prefecture: str
    name: str
    name_kana: str
    nationality: str
    address: str
    birth_date: date
    permit_type: str
    issuing_country: str
    permit_number: str
    permit_valid_until: date
    paragraph: str
    paragraph_reference: str
    days: int
    ground: str
    facts: str
    hearing: str
    decided_on: date
    starts_on: date | None
    ends_on: date | None
    permit_handling: str

    @property
    def title(self) -> str:  # type: ignore[override]
        return PAPERS[self.paper]

    @property
    def short_title(self) -> str:  # type: ignore[override]
        return PAPERS[self.paper]

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        return appeal_instructions(self.issued_on, self.prefecture)

    @property
    def key(self) -> str:
        return f"{self.number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"driving-ban-{self.paper}-{self.key}.pdf"


def driving_ban_paper(actor, ban: DrivingBan, paper: str) -> RenderedDocument:
    """Render ``paper`` of ``ban`` (audited), once the case is decided."""
    case = ban.case
    authorize(actor, VIEW_FOREIGN_PERMIT.name, case, action=Action.PAPER, person_id=case.person_id)
    if paper not in PAPERS:
        raise Conflict("その書類はありません（運転禁止処分決定書・処分書）。", field="paper", code="unknown_paper")
    if case.decided_kind != DispositionKind.DRIVING_BAN:
        raise Conflict("運転禁止を決定していないため、この書類はありません。", field="paper", code="not_decided")
    return render_document(actor, _form(ban, paper), object_type="drivingban", object_id=ban.pk,
                           person_id=case.person_id, subject_prefecture=case.prefecture_id)


def _form(ban: DrivingBan, paper: str) -> DrivingBanPaper:
    case, permit, person = ban.case, ban.permit, ban.case.person
    row = law.paragraphs(case.decided_on).get(ban.paragraph, {"label": "", "reference": ""})
    issued = case.decided_on if paper == "decision" else (ban.executed_on or case.decided_on)
    hearing = case.hearings.order_by("-hearing_date").first()
    heard = (f"{HearingKind(hearing.kind).label}（{wareki(hearing.hearing_date)}、{hearing.get_attendance_display()}）"
             if hearing else "")
    starts = ban.starts_on
    ends = ban.ends_on or (None if starts is None else starts + timedelta(days=case.decided_days - 1))
    held = "提出を受けて保管します" if ban.permit_held or not ban.executed_on else f"提出なし（{ban.permit_missing_reason}）"
    return DrivingBanPaper(
        paper=paper, number=case.pk, issued_on=issued, issuer=f"{case.prefecture.name}公安委員会",
        prefecture=case.prefecture.name, name=person.name, name_kana=person.name_kana, nationality=person.nationality,
        address=person.address, birth_date=person.birth_date, permit_type=permit.get_permit_type_display(),
        issuing_country=permit.issuing_country, permit_number=permit.permit_number,
        permit_valid_until=permit.valid_until, paragraph=row["label"], paragraph_reference=row["reference"],
        days=case.decided_days, ground=ban.ground, facts=ban.facts, hearing=heard, decided_on=case.decided_on,
        starts_on=starts, ends_on=ends, permit_handling=held)
