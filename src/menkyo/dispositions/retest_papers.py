"""The 運転免許取消処分書 of a 再試験 (規則別記様式第19の3の4; 規程第41条の2第1項): who, the licence, the
kinds revoked and kept, the day, the ground (再試験の不合格, or 未受験 for the 取消 decided after the 意見の聴取), no
欠格期間, and the 教示. Audited
``dispositions.retest.paper`` with the PDF's SHA-256 (``dispositions.view_execution`` of the case's prefecture).
UNCONFIRMED: the layout follows the usual content; the 様式's wording is not in the seed or the spec.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import NotFound
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.dispositions.actions import RetestAction
from menkyo.dispositions.models import Case, RetestRevocation
from menkyo.dispositions.permissions import VIEW_EXECUTION
from menkyo.dispositions.revocation_papers import CommissionLetter
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.violations.models import CourseNoticeState


@dataclass(frozen=True)
class KindRevocationPaper(CommissionLetter):
    """A 取消処分書 of some kinds (the 再試験's, the 若年運転者期間's): the kinds revoked and kept and the ground
    sentence (``ground_text``); one template, ``dispositions/retest_paper.html``."""

    template: ClassVar[str] = "dispositions/retest_paper.html"
    title: ClassVar[str] = "運転免許取消処分書"
    short_title: ClassVar[str] = "運転免許取消処分書"

    licence_number: str
    kinds_revoked: str
    kinds_kept: str

    @property
    def ground_text(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class RetestRevocationPaper(KindRevocationPaper):
    """運転免許取消処分書（再試験）, plain values only."""

    code: ClassVar[str] = "retest_revocation"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_41NO2
    action: ClassVar[str] = RetestAction.PAPER  # type: ignore[assignment]

    retest_on: date | None
    absent: bool = False

    @property
    def ground_text(self) -> str:
        held = f"（{wareki(self.retest_on)}）" if self.retest_on else ""
        if self.absent:
            return f"初心運転者期間に係る再試験{held}を受けなかったため（意見の聴取の上で決定）。"
        return f"初心運転者期間に係る再試験{held}に合格しなかったため。"


def retest_paper(actor, case: Case) -> RenderedDocument:
    """Render the 取消処分書 of an executed 再試験 取消 (audited)."""
    authorize(actor, VIEW_EXECUTION.name, case, action=RetestAction.PAPER, person_id=case.person_id)
    done = RetestRevocation.objects.filter(case=case).select_related("licence", "course_notice").first()
    if done is None:
        raise NotFound("この処分事案の再試験に係る取消処分はまだ執行されていません。")
    return render_kind_revocation(actor, case, RetestRevocationPaper(
        **kind_revocation_fields(case, done), retest_on=done.course_notice.result_on,
        absent=done.course_notice.state == CourseNoticeState.ABSENT))


def kind_revocation_fields(case: Case, done) -> dict:
    """The fields every :class:`KindRevocationPaper` fills from its case and executed row (the number is the
    case's, the day the execution's)."""
    person = case.person
    return dict(number=case.pk, issued_on=done.executed_on, commission=f"{case.prefecture.name}公安委員会",
                prefecture=case.prefecture.name, name=person.name, address=person.address,
                birth_date=person.birth_date, licence_number=done.licence.number,
                kinds_revoked="・".join(done.kinds_revoked), kinds_kept="・".join(done.kinds_kept))


def render_kind_revocation(actor, case: Case, form: KindRevocationPaper) -> RenderedDocument:
    return render_document(actor, form, object_type="case", object_id=case.pk, person_id=case.person_id,
                           subject_prefecture=case.prefecture_id)
