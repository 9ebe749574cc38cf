"""The execution's papers as PDF (規程第34条): the 出頭通知書 (the day and place to appear to receive the
処分書) and the 運転免許取消・停止処分書 (規則別記様式第19の3の3) handed over at the execution, with the
dates the law gives and the 教示 (periods from the law engine).

The service authorises (``dispositions.view_execution``), builds the dataclass from the records and
renders it through ``documents`` (audited ``dispositions.paper.render`` with the PDF's SHA-256).
UNCONFIRMED: the layout follows the usual content of these papers; the 様式's exact wording is not in
the seed or the spec.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import Action
from menkyo.dispositions.models import Case, CaseState, DispositionKind, Execution
from menkyo.dispositions.permissions import VIEW_EXECUTION
from menkyo.documents.forms import Form, appeal_instructions
from menkyo.documents.services import RenderedDocument, render_document

PAPERS = ("summons", "disposition")


@dataclass(frozen=True)
class ExecutionPaper(Form):
    """The 出頭通知書 (``paper`` summons) or the 取消・停止処分書 (disposition), plain values only."""

    code: ClassVar[str] = "execution_paper"
    template: ClassVar[str] = "dispositions/execution_paper.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_34
    action: ClassVar[str] = Action.PAPER  # type: ignore[assignment]

    paper: str
    revocation: bool
    issued_on: date
    issuer: str  # 兵庫県公安委員会
    prefecture: str
    name: str
    address: str
    birth_date: date
    licence_number: str
    disposition: str  # 停止（60日）
    reason: str
    case_number: int
    appear_on: date | None = None
    place: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    disqualified_until: date | None = None
    course_notice: bool = False  # 停止処分者講習の教示 (第34条第3項第4号)

    @property
    def title(self) -> str:  # type: ignore[override]
        if self.paper == "summons":
            return "出頭通知書"
        return "運転免許取消処分書" if self.revocation else "運転免許停止処分書"

    @property
    def short_title(self) -> str:  # type: ignore[override]
        return self.title

    @property
    def appeal_instructions(self) -> tuple[str, ...]:
        return appeal_instructions(self.issued_on, self.prefecture)

    @property
    def key(self) -> str:
        return f"{self.case_number}-{self.issued_on.isoformat()}"

    @property
    def ascii_filename(self) -> str:
        return f"execution-{self.paper}-{self.key}.pdf"


def execution_paper(actor, case: Case, paper: str) -> RenderedDocument:
    """Render ``paper`` for ``case`` (audited): the 出頭通知書 once summoned, the 処分書 once executed."""
    authorize(actor, VIEW_EXECUTION.name, case, action=Action.PAPER, person_id=case.person_id)
    if paper not in PAPERS:
        raise Conflict("その書類はありません（出頭通知書・処分書）。", field="paper", code="unknown_paper")
    execution = Execution.objects.filter(case=case).first()
    if paper == "summons" and (execution is None or execution.appear_on is None):
        raise Conflict("出頭通知をしていないため、出頭通知書はありません。", field="paper", code="not_summoned")
    if paper == "disposition" and case.state != CaseState.EXECUTED:
        raise Conflict("処分書は執行（交付）の時に作成します。", field="paper", code="not_executed")
    assert execution is not None
    return render_document(actor, _form(case, execution, paper), object_type="case", object_id=case.pk,
                           person_id=case.person_id, subject_prefecture=case.prefecture_id)


def _form(case: Case, execution: Execution, paper: str) -> ExecutionPaper:
    person = case.person
    licence = person.licences.order_by("-pk").first()
    prefecture = case.prefecture.name
    revocation = case.decided_kind == DispositionKind.REVOCATION
    issued = (execution.executed_on if paper == "disposition" else execution.summoned_on) or case.decided_on
    return ExecutionPaper(
        paper=paper, revocation=revocation, issued_on=issued, issuer=f"{_issuer(case, execution, paper)}公安委員会",
        prefecture=prefecture,
        name=person.name, address=person.address, birth_date=person.birth_date,
        licence_number=licence.number if licence else "", disposition=case.decision_ja,
        reason=case.proposal_reason or case.ground_ja + ("（道路交通法第103条第1項第5号）" if case.assessment_id else ""),
        case_number=case.pk, appear_on=execution.appear_on, place=execution.place, starts_on=execution.starts_on,
        ends_on=execution.original_ends_on, disqualified_until=execution.disqualified_until,
        course_notice=not revocation and case.points_based)


def _issuer(case: Case, execution: Execution, paper: str) -> str:
    """The 処分書 is the deciding commission's; the 出頭通知書 that of the prefecture which summoned — the
    requested one of an 執行依頼 (規程第38条の2第2項: 第34条に準じて処理)."""
    if paper == "summons" and execution.office_id:
        return execution.office.prefecture.name
    return case.prefecture.name
