"""The 仮停止・禁止処分通知書 (規則別記様式第19の2) the station hands the person at the 仮停止 (規程第39条第2項):
the 仮停止's period (to the 30th day from the accident, 道路交通法第103条の2第1項), the ground, where the card
is kept, the 弁明の機会 within 5 days (同第2項) and the 教示.

Rendered like the execution's papers (``dispositions.papers``): authorised (``dispositions.view_case`` of the
prefecture that made it), audited ``dispositions.provisional.paper`` with the PDF's SHA-256. UNCONFIRMED: the
layout follows the usual content of the notice; the 様式's wording is not in the seed or the spec.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.models import ProvisionalSuspension
from menkyo.dispositions.permissions import VIEW
from menkyo.dispositions.provisional import Action
from menkyo.documents.forms import Form, appeal_instructions
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.rules.provisional_suspension import GROUNDS


@dataclass(frozen=True)
class ProvisionalNotice(Form):
    """仮停止・禁止処分通知書, plain values only."""

    code: ClassVar[str] = "provisional_notice"
    template: ClassVar[str] = "dispositions/provisional_notice.html"
    title: ClassVar[str] = "仮停止処分通知書"
    short_title: ClassVar[str] = "仮停止処分通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_39
    action: ClassVar[str] = Action.PAPER  # type: ignore[assignment]

    number: int
    issued_on: date
    issuer: str  # 〇〇警察署長
    prefecture: str
    name: str
    address: str
    birth_date: date
    licence_number: str
    accident_on: date
    ground: str
    imposed_on: date
    ends_on: date
    explanation_due: date
    card_kept_at: str
    card_handling: str

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        return appeal_instructions(self.issued_on, self.prefecture)

    @property
    def key(self) -> str:
        return f"{self.number}-{self.issued_on.isoformat()}"


def provisional_notice(actor, provisional: ProvisionalSuspension) -> RenderedDocument:
    """Render the notice of ``provisional`` (audited)."""
    case = provisional.case
    authorize(actor, VIEW.name, case, action=Action.PAPER, person_id=case.person_id)
    person = case.person
    licence = person.licences.order_by("-pk").first()
    form = ProvisionalNotice(
        number=provisional.pk, issued_on=provisional.imposed_on, issuer=f"{provisional.office.name}長",
        prefecture=case.prefecture.name, name=person.name, address=person.address, birth_date=person.birth_date,
        licence_number=licence.number if licence else "", accident_on=provisional.accident_on,
        ground=GROUNDS.get(provisional.ground, ""), imposed_on=provisional.imposed_on, ends_on=provisional.ends_on,
        explanation_due=provisional.explanation_due, card_kept_at=provisional.office.name,
        card_handling=provisional.get_card_handling_display())
    return render_document(actor, form, object_type="provisionalsuspension", object_id=provisional.pk,
                           person_id=case.person_id, subject_prefecture=case.prefecture_id)
