"""The hearing's papers as PDF (規程第44条; 法第104条第1項, 第104条の2; 規則27号第8条), one shared
template with a block per paper: the notice to the person (意見の聴取通知書 / 聴聞通知書 / 弁明通知書 by
the hearing's kind), the 公示 of its date and place, and the 変更通知書 after a change of date.

The service authorises (``dispositions.hold_hearing``), builds the dataclass from the records and
renders it through ``documents`` (audited ``dispositions.notice.render`` with the PDF's SHA-256).
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import Action
from menkyo.dispositions.models import Hearing, HearingKind
from menkyo.dispositions.permissions import HEAR
from menkyo.documents.forms import Form
from menkyo.documents.services import RenderedDocument, render_document

PAPERS = ("notice", "announcement", "change")
NOTICE_TITLES = {HearingKind.OPINION: "意見の聴取通知書", HearingKind.FORMAL: "聴聞通知書",
                 HearingKind.EXPLANATION: "弁明通知書"}
GROUNDS = {HearingKind.OPINION: "道路交通法第104条第1項", HearingKind.FORMAL: "道路交通法第104条の2",
           HearingKind.EXPLANATION: "行政手続法第13条第1項第2号"}


@dataclass(frozen=True)
class HearingPaper(Form):
    """One of the hearing's papers (``paper``: notice, announcement, change), plain values only."""

    code: ClassVar[str] = "hearing_notice"
    template: ClassVar[str] = "dispositions/hearing_notice.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_44
    action: ClassVar[str] = Action.NOTICE  # type: ignore[assignment]

    paper: str
    hearing_kind: str  # 意見の聴取 / 聴聞 / 弁明の機会の付与
    notice_title: str  # 意見の聴取通知書 …
    ground: str  # the article the hearing is held under
    issued_on: date
    issuer: str  # 兵庫県公安委員会
    name: str
    address: str
    disposition: str  # 取消（欠格期間1年）
    reason: str  # 処分をしようとする理由
    hearing_date: date
    place: str
    previous_date: date | None = None
    change_reason: str = ""
    case_number: int = 0

    @property
    def title(self) -> str:  # type: ignore[override]
        return {"notice": self.notice_title, "announcement": "公示", "change": "変更通知書"}[self.paper]

    @property
    def short_title(self) -> str:  # type: ignore[override]
        return self.title

    @property
    def key(self) -> str:
        return f"{self.case_number}-{self.hearing_date.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"hearing-{self.paper}-{self.key}.pdf"


def hearing_paper(actor, hearing: Hearing, paper: str) -> RenderedDocument:
    """Render ``paper`` for ``hearing`` (audited); 変更通知書 only after a change of date."""
    case = hearing.case
    authorize(actor, HEAR.name, case, action=Action.NOTICE, person_id=case.person_id)
    if paper not in PAPERS:
        raise Conflict("その書類はありません（通知書・公示・変更通知書）。", field="paper", code="unknown_paper")
    if paper == "change" and not hearing.previous_dates:
        raise Conflict("期日を変更していないため、変更通知書はありません。", field="paper", code="not_changed")
    person = case.person
    form = HearingPaper(
        paper=paper, hearing_kind=hearing.get_kind_display(), notice_title=NOTICE_TITLES[hearing.kind],
        ground=GROUNDS[hearing.kind], issued_on=hearing.notice_served, issuer=f"{case.prefecture.name}公安委員会",
        name=person.name, address=person.address, disposition=case.proposal_ja,
        reason=case.proposal_reason or case.ground_ja,
        hearing_date=hearing.hearing_date, place=hearing.place,
        previous_date=date.fromisoformat(hearing.previous_dates[-1]) if hearing.previous_dates else None,
        case_number=case.pk)
    return render_document(actor, form, object_type="hearing", object_id=hearing.pk, person_id=case.person_id,
                           subject_prefecture=case.prefecture_id)
