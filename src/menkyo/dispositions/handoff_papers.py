"""The hand-off's letter as PDF: the 行政処分関係書類送付書 of a 移送 (規程第38条第1項), the 違反者講習関係書類
送付書 of a 違反者講習's (same paragraph), and the 処分決定通知書・
処分執行依頼書 of an 執行依頼 (第38条の2第1項第1号・第2号), from the sending commission to the receiving one.

Both sides may print it (``dispositions.list_handoffs``, the hand-off visible to the actor's prefecture);
rendered through ``documents`` (audited ``dispositions.handoff.letter`` with the PDF's SHA-256).
UNCONFIRMED: the 様式 is 「交通部長が定める様式」, not in the seed or the spec; the layout carries the usual
content of a 送付書 (addressee, sender, the person, the case and its disposition, the papers attached).
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import HandoffAction
from menkyo.dispositions.handoffs import load_handoff
from menkyo.dispositions.models import HandoffKind
from menkyo.dispositions.permissions import LIST_HANDOFFS
from menkyo.documents.forms import Form
from menkyo.documents.services import RenderedDocument, render_document

TITLES = {HandoffKind.TRANSFER: "行政処分関係書類送付書", HandoffKind.COURSE: "違反者講習関係書類送付書",
          HandoffKind.EXECUTION: "処分決定通知書・処分執行依頼書"}


@dataclass(frozen=True)
class HandoffLetter(Form):
    """送付書 (移送) or 処分決定通知書・処分執行依頼書 (執行依頼), plain values only."""

    code: ClassVar[str] = "handoff_letter"
    template: ClassVar[str] = "dispositions/handoff_letter.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_38
    action: ClassVar[str] = HandoffAction.LETTER  # type: ignore[assignment]

    kind: str  # transfer | course | execution
    number: int
    subject_number: str  # the case's number, or the course notice's reference
    sent_on: date
    addressee: str  # 大阪府公安委員会
    sender: str  # 兵庫県公安委員会
    name: str
    address: str
    birth_date: date
    disposition: str  # 停止（60日） or the proposal
    state: str
    note: str

    @property
    def execution(self) -> bool:
        return self.kind == HandoffKind.EXECUTION

    @property
    def title(self) -> str:  # type: ignore[override]
        return TITLES[self.kind]

    @property
    def short_title(self) -> str:  # type: ignore[override]
        return self.title

    @property
    def key(self) -> str:
        return f"{self.number}-{self.sent_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"handoff-{self.kind}-{self.key}.pdf"


def handoff_letter(actor, handoff_id) -> RenderedDocument:
    """Render the hand-off's letter (audited) for either side."""
    authorize(actor, LIST_HANDOFFS.name, action=HandoffAction.LETTER)
    handoff = load_handoff(actor, handoff_id)
    person, subject = handoff.person, handoff.case or handoff.course_notice
    form = HandoffLetter(
        kind=handoff.kind, number=handoff.pk, subject_number=str(subject.pk if handoff.case_id else subject.reference),
        sent_on=handoff.sent_on, addressee=f"{handoff.to_prefecture.name}公安委員会",
        sender=f"{handoff.from_prefecture.name}公安委員会", name=person.name, address=person.address,
        birth_date=person.birth_date, disposition=handoff.subject_ja, state=subject.get_state_display(),
        note=handoff.note)
    return render_document(actor, form, object_type="handoff", object_id=handoff.pk, person_id=handoff.person_id,
                           subject_prefecture=handoff.from_prefecture_id)
