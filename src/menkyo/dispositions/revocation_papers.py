"""The 仮運転免許取消し処分通知書 (規則別記様式第19の4) the 署長等 hand over (規程第41条第3項): who, the 仮免許
revoked, the day, the ground reported, the 弁明 taken at the handing-over and the 教示.

Rendered like the other dispositions papers: authorised (``dispositions.view_provisional_revocation`` of its
prefecture), audited ``dispositions.provisional_revocation.paper`` with the PDF's SHA-256. Printable once the
免許課長 has decided (before the handing-over, to be handed over; after, as a copy). UNCONFIRMED: the layout
follows the usual content of the notice; the 様式's wording is not in the seed or the spec.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.utils import timezone

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import RevocationAction
from menkyo.dispositions.models import ProvisionalRevocation, ProvisionalRevocationState
from menkyo.dispositions.permissions import VIEW_PROVISIONAL_REVOCATION
from menkyo.documents.forms import Form, appeal_instructions
from menkyo.documents.services import RenderedDocument, render_document


@dataclass(frozen=True)
class CommissionLetter(Form):
    """A 公安委員会's notice to the person (numbered, dated, addressed) with the 教示 of the day: the 仮運転免許
    取消し処分通知書 and the 再試験's 取消処分書 (``retest_papers``) share it and ``_commission_letter_head.html``."""

    number: int
    issued_on: date
    commission: str  # 〇〇県公安委員会
    prefecture: str
    name: str
    address: str
    birth_date: date

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        return appeal_instructions(self.issued_on, self.prefecture)

    @property
    def key(self) -> str:
        return f"{self.number}-{self.issued_on.isoformat()}"


@dataclass(frozen=True)
class ProvisionalRevocationNotice(CommissionLetter):
    """仮運転免許取消し処分通知書, plain values only."""

    code: ClassVar[str] = "provisional_revocation_notice"
    template: ClassVar[str] = "dispositions/revocation_notice.html"
    title: ClassVar[str] = "仮運転免許取消し処分通知書"
    short_title: ClassVar[str] = "仮運転免許取消し処分通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_41_P3
    action: ClassVar[str] = RevocationAction.PAPER  # type: ignore[assignment]

    provisional_number: str
    provisional_kind: str
    issue_date: date
    revoked_on: date
    ground: str


def revocation_notice(actor, revocation: ProvisionalRevocation) -> RenderedDocument:
    """Render the notice of a decided (or served) 仮免許の取消し (audited)."""
    authorize(actor, VIEW_PROVISIONAL_REVOCATION.name, revocation, action=RevocationAction.PAPER,
              person_id=revocation.person_id)
    if revocation.state not in (ProvisionalRevocationState.DECIDED, ProvisionalRevocationState.SERVED):
        raise Conflict("仮運転免許取消し処分通知書は、免許課長が取消しを決定した後に作成できます。", code="not_decided")
    person, provisional = revocation.person, revocation.provisional_licence
    day = revocation.served_on or timezone.localdate()
    form = ProvisionalRevocationNotice(
        number=revocation.pk, issued_on=day, commission=f"{revocation.prefecture.name}公安委員会",
        prefecture=revocation.prefecture.name, name=person.name, address=person.address,
        birth_date=person.birth_date, provisional_number=provisional.number,
        provisional_kind=str(provisional.kind_id), issue_date=provisional.issue_date, revoked_on=day,
        ground=revocation.ground)
    return render_document(actor, form, object_type="provisionalrevocation", object_id=revocation.pk,
                           person_id=revocation.person_id, subject_prefecture=revocation.prefecture_id)
