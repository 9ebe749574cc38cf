"""The papers of a 一定の病気等 matter as PDF, one template with a block per paper:

- ``receipt``: the 医師の届出受理票 (規程第26条の2第1項, 「交通部長が定める様式」 — not in the seed): the receipt's
  course (受理日, 受理した所属, 届出をした医師, 内容) that the station sends on to the 免許課長;
- ``order``: the paper of the notice or order given (規程第26条の3): 臨時適性検査通知書 (臨適通知, 細則第18条
  第1項), 診断書提出命令書 (法第102条, 細則様式第41号の2の4) or 適性検査受検命令書 (法第103条第6項, 細則様式第41号
  の2の3) — the title from ``rules.medical``.

Authorised by ``dispositions.view_medical``, audited ``dispositions.medical.paper`` with the PDF's SHA-256
(``documents.render_document``). UNCONFIRMED: the forms' wording and layout (the 細則's 様式 are not in the
sources); each paper says so in its footer.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import MedicalAction
from menkyo.dispositions.models import MedicalMatter
from menkyo.dispositions.permissions import VIEW_MEDICAL
from menkyo.documents.forms import Form
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.rules import medical as law

PAPERS = ("receipt", "order")


@dataclass(frozen=True)
class MedicalPaper(Form):
    """One paper of a matter (``paper``: receipt or order), plain values only."""

    code: ClassVar[str] = "medical_paper"
    template: ClassVar[str] = "dispositions/medical_paper.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_26NO3_2
    action: ClassVar[str] = MedicalAction.PAPER  # type: ignore[assignment]

    paper: str
    paper_title: str
    number: int
    issued_on: date
    issuer: str  # 兵庫県公安委員会 (order) / the receiving office (receipt)
    name: str
    address: str
    birth_date: date
    licence_number: str
    source: str
    ground: str
    ground_reference: str
    reporter: str
    summary: str
    received_on: date
    office: str
    order_reference: str = ""
    due_on: date | None = None
    place: str = ""
    certificate: bool = False  # a 診断書 to submit (else a test to take)

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.paper_title

    @property
    def short_title(self) -> str:  # type: ignore[override]
        return self.paper_title

    @property
    def key(self) -> str:
        return f"{self.number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"medical-{self.paper}-{self.key}.pdf"


def medical_paper(actor, matter: MedicalMatter, paper: str) -> RenderedDocument:
    """Render ``paper`` for ``matter`` (audited); the order's paper only once it was given."""
    authorize(actor, VIEW_MEDICAL.name, matter, action=MedicalAction.PAPER, person_id=matter.person_id)
    if paper not in PAPERS:
        raise Conflict("その書類はありません（受理票・通知書・命令書）。", field="paper", code="unknown_paper")
    if paper == "order" and not matter.order_kind:
        raise Conflict("臨適通知・命令をしていないため、通知書・命令書はありません。", field="paper", code="not_ordered")
    person = matter.person
    licence = person.licences.order_by("-pk").first()
    grounds = law.grounds(matter.received_on)
    ground = grounds.get(matter.ground, {"label": "", "reference": ""})
    common = dict(
        paper=paper, number=matter.pk, name=person.name, address=person.address, birth_date=person.birth_date,
        licence_number=licence.number if licence else "", source=matter.get_source_display(),
        ground=ground["label"], ground_reference=ground["reference"], reporter=matter.reporter,
        summary=matter.summary, received_on=matter.received_on, office=matter.office.name)
    if paper == "receipt":
        form = MedicalPaper(paper_title="医師の届出受理票" if matter.source == "doctor" else "報告・通報受理票",
                            issued_on=matter.received_on, issuer=matter.office.name, **common)
    else:
        order = law.orders(matter.ordered_on)[matter.order_kind]
        form = MedicalPaper(paper_title=order["paper"], issued_on=matter.ordered_on,
                            issuer=f"{matter.prefecture.name}公安委員会", order_reference=order["reference"],
                            due_on=matter.due_on, place=matter.place,
                            certificate=matter.order_kind in ("certificate", "certificate_order"), **common)
    return render_document(actor, form, object_type="medicalmatter", object_id=matter.pk, person_id=matter.person_id,
                           subject_prefecture=matter.prefecture_id)
