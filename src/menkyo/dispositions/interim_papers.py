"""The 暫定停止's papers (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項):

- ``notice``: the 暫定停止処分通知書 handed at the execution — the period (at most three months), the ground (the
  accident and the suspected 法第103条第1項第1号・第1号の2・第3号), the card held, the 弁明 within 5 days (同第2項),
  the lifting once the illness is ruled out, and the 教示; no 停止処分者講習 guidance (第34条第3項第4号).
- ``lifted``: the 運転免許効力停止処分解除通知書 (規程第34条第5項, 交通部長が定める様式), once lifted.

Authorised (``dispositions.view_case`` of the case's prefecture), audited ``dispositions.interim.paper`` with the
PDF's SHA-256. UNCONFIRMED: the wording of both papers — 規程第34条第1項 has a 停止 executed with the 運転免許取消・
停止処分書 (規則別記様式第19の3の3), whose text is not in the seed or the spec; the layout follows the 仮停止's notice.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.interim import Action
from menkyo.dispositions.models import InterimState, InterimSuspension
from menkyo.dispositions.permissions import VIEW
from menkyo.documents.forms import Form, appeal_instructions
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.rules import medical

PAPERS = {"notice": "暫定停止処分通知書", "lifted": "運転免許効力停止処分解除通知書"}


@dataclass(frozen=True)
class InterimPaper(Form):
    """暫定停止処分通知書 or 運転免許効力停止処分解除通知書, plain values only."""

    code: ClassVar[str] = "interim_paper"
    template: ClassVar[str] = "dispositions/interim_paper.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_34_3
    action: ClassVar[str] = Action.PAPER  # type: ignore[assignment]

    paper: str  # notice | lifted
    number: int
    issued_on: date
    issuer: str  # 〇〇県公安委員会
    prefecture: str
    name: str
    address: str
    birth_date: date
    licence_number: str
    accident_on: date | None
    accident: str
    ground: str
    ground_reference: str
    imposed_on: date
    ends_on: date
    explanation_due: date
    card_handling: str
    lift_reason: str = ""
    diagnosed_on: date | None = None  # the 施行令第39条の2第1項 basis: a doctor's diagnosis, no accident

    @property
    def paper_title(self) -> str:
        return PAPERS[self.paper]

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
    def case_number(self) -> int:
        """The number the shared letter head prints (``_letter_head.html``): the 暫定停止's."""
        return self.number

    @property
    def key(self) -> str:
        return f"{self.number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"interim-{self.paper}-{self.key}.pdf"


def interim_paper(actor, interim: InterimSuspension, paper: str) -> RenderedDocument:
    """Render ``paper`` of ``interim`` (audited); the 解除通知書 only once lifted."""
    case = interim.case
    authorize(actor, VIEW.name, case, action=Action.PAPER, person_id=case.person_id)
    if paper not in PAPERS:
        raise Conflict("その書類はありません（暫定停止処分通知書・解除通知書）。", field="paper", code="unknown_paper")
    if paper == "lifted" and interim.state != InterimState.LIFTED:
        raise Conflict("暫定停止を解除していないため、解除通知書はありません。", field="paper", code="not_lifted")
    person = case.person
    licence = person.licences.order_by("-pk").first()
    ground = medical.grounds(interim.matter.received_on).get(interim.matter.ground, {"label": "", "reference": ""})
    form = InterimPaper(
        paper=paper, number=interim.pk, issued_on=interim.ended_on if paper == "lifted" else interim.imposed_on,
        issuer=f"{case.prefecture.name}公安委員会", prefecture=case.prefecture.name, name=person.name,
        address=person.address, birth_date=person.birth_date, licence_number=licence.number if licence else "",
        accident_on=interim.accident_on, accident=interim.accident, ground=ground["label"],
        ground_reference=ground["reference"], imposed_on=interim.imposed_on, ends_on=interim.ends_on,
        explanation_due=interim.explanation_due, card_handling=interim.get_card_handling_display(),
        lift_reason=interim.end_reason if paper == "lifted" else "", diagnosed_on=interim.diagnosed_on)
    return render_document(actor, form, object_type="interimsuspension", object_id=interim.pk,
                           person_id=case.person_id, subject_prefecture=case.prefecture_id)
