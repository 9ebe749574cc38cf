"""The 運転免許拒否・保留処分通知書 (規則別記様式第13の3; 規程第23条第2項, 第24条) as PDF: made by the licence
division once the 拒否・保留 is decided and handed over by the station; with the 欠格期間 (拒否) or the 保留
period once notified, and the 教示 (periods from the law engine, shared with the other papers).

UNCONFIRMED: the layout follows the usual content of the 様式; its exact wording is not in the seed or the
spec. Rendered through ``documents`` (audited ``dispositions.applicant.paper`` with the PDF's SHA-256).
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import ApplicantAction
from menkyo.dispositions.applicants import APPLICANT_KINDS, applicant_of
from menkyo.dispositions.models import Case, CaseState, DispositionKind
from menkyo.dispositions.permissions import VIEW_EXECUTION
from menkyo.documents.forms import Form, appeal_instructions
from menkyo.documents.services import RenderedDocument, render_document


@dataclass(frozen=True)
class RefusalNotice(Form):
    """運転免許拒否・保留処分通知書, plain values only."""

    code: ClassVar[str] = "refusal_notice"
    template: ClassVar[str] = "dispositions/refusal_notice.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_24
    action: ClassVar[str] = ApplicantAction.PAPER  # type: ignore[assignment]
    title: ClassVar[str] = "運転免許拒否・保留処分通知書"
    short_title: ClassVar[str] = "拒否・保留処分通知書"

    refusal: bool
    issued_on: date
    issuer: str
    prefecture: str
    name: str
    address: str
    birth_date: date
    disposition: str  # 拒否（欠格期間1年） / 保留（30日）
    reason: str
    case_number: int
    disqualified_until: date | None = None
    deferral_starts_on: date | None = None
    deferral_ends_on: date | None = None

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        return appeal_instructions(self.issued_on, self.prefecture)

    @property
    def key(self) -> str:
        return f"{self.case_number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"refusal-notice-{self.key}.pdf"


def refusal_notice(actor, case: Case) -> RenderedDocument:
    """The 通知書 of a decided 拒否・保留 (audited); the dates are printed once the station has notified."""
    authorize(actor, VIEW_EXECUTION.name, case, action=ApplicantAction.PAPER, person_id=case.person_id)
    if case.decided_kind not in APPLICANT_KINDS or case.state not in (CaseState.DECIDED, CaseState.EXECUTED):
        raise Conflict("通知書は決定した拒否・保留の処分事案について作成します。", field="paper", code="not_decided")
    found = applicant_of(case)
    person = case.person
    prefecture = case.prefecture.name
    form = RefusalNotice(
        refusal=case.decided_kind == DispositionKind.REFUSAL,
        issued_on=(found.notified_on if found and found.notified_on else case.decided_on), issuer=f"{prefecture}公安委員会",
        prefecture=prefecture, name=person.name, address=person.address, birth_date=person.birth_date,
        disposition=case.decision_ja, reason=case.proposal_reason or case.ground_ja, case_number=case.pk,
        disqualified_until=found.disqualified_until if found else None,
        deferral_starts_on=found.deferral_starts_on if found else None,
        deferral_ends_on=found.deferral_ends_on if found else None)
    return render_document(actor, form, object_type="case", object_id=case.pk, person_id=case.person_id,
                           subject_prefecture=case.prefecture_id)
