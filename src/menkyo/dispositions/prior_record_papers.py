"""The 前歴通知書 (規程第22条第2号: 「交通部長が定める様式」) as PDF: handed by the station to a person entered
under 第21条第2号 when their licence is handed over, stating the 点数通報等 (the points and the standard they
met) and that the 拒否等処分 was not made.

UNCONFIRMED: the wording and layout (the 様式 is the 交通部長's; neither the seed nor the spec has it); the
issuer printed is the handing office's head (the 署長 hands it, 第22条第2号), the prefecture's 公安委員会
before it is handed. Rendered through ``documents`` (audited ``dispositions.prior_record.paper`` with the
PDF's SHA-256).
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.utils import timezone

from menkyo.core import legal
from menkyo.core.legal import LegalBasis
from menkyo.core.models import Affiliation
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import PriorRecordAction
from menkyo.dispositions.models import PriorRecordNotice
from menkyo.dispositions.permissions import VIEW_EXECUTION
from menkyo.documents.forms import Form
from menkyo.documents.services import RenderedDocument, render_document


@dataclass(frozen=True)
class PriorRecordPaper(Form):
    """前歴通知書, plain values only (wording UNCONFIRMED)."""

    code: ClassVar[str] = "prior_record_notice"
    template: ClassVar[str] = "dispositions/prior_record_notice.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_22
    action: ClassVar[str] = PriorRecordAction.PAPER  # type: ignore[assignment]
    title: ClassVar[str] = "前歴通知書"
    short_title: ClassVar[str] = "前歴通知書"

    issued_on: date
    issuer: str
    name: str
    address: str
    birth_date: date
    contents: str
    points: int | None
    standard: str
    entered_on: date
    case_number: int

    @property
    def key(self) -> str:
        return f"{self.case_number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"prior-record-notice-{self.key}.pdf"


def prior_record_paper(actor, notice: PriorRecordNotice) -> RenderedDocument:
    """The 前歴通知書 of an entry (「窓口」「審査」「決定」 of its prefecture; audited): dated the day it was
    handed, or today before that."""
    authorize(actor, VIEW_EXECUTION.name, notice, action=PriorRecordAction.PAPER, person_id=notice.person_id)
    case = notice.case
    person = case.person
    form = PriorRecordPaper(
        issued_on=notice.handed_on or timezone.localdate(), issuer=_issuer(notice), name=person.name,
        address=person.address, birth_date=person.birth_date, contents=notice.contents, points=notice.points,
        standard=notice.standard, entered_on=notice.entered_on, case_number=case.pk)
    return render_document(actor, form, object_type="prior_record", object_id=notice.pk, person_id=person.pk,
                           subject_prefecture=case.prefecture_id)


def _issuer(notice: PriorRecordNotice) -> str:
    office = Affiliation.objects.filter(code=notice.office_code).first() if notice.office_code else None
    return f"{office.name}長" if office else f"{notice.case.prefecture.name}公安委員会"
