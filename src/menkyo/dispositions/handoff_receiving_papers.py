"""執行依頼処分通知書 (規程第38条の2第2項後段): the executing commission tells the requesting one that the
requested disposition was executed — the day, the 停止's period or the 欠格期間, and what became of the
card (sent with it, given back here, none).

Both sides may print it (``dispositions.list_handoffs``, the hand-off visible to the actor's prefecture)
once the disposition is executed; rendered through ``documents`` (audited
``dispositions.handoff.report_notice`` with the PDF's SHA-256).
UNCONFIRMED: the 様式 is 「交通部長が定める様式」, not in the seed or the spec; the layout and the wording
carry the usual content of such a notice (addressee, sender, the request's number, the person, the
disposition, the day of execution, the card) and say so on the paper.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.dispositions.handoff_receiving import Action, follow_up_of, today
from menkyo.dispositions.handoffs import load_handoff
from menkyo.dispositions.models import CardSent, Execution, HandoffKind, HandoffState
from menkyo.dispositions.permissions import LIST_HANDOFFS
from menkyo.documents.forms import Form
from menkyo.documents.services import RenderedDocument, render_document


@dataclass(frozen=True)
class ExecutionReportNotice(Form):
    """執行依頼処分通知書, plain values only."""

    code: ClassVar[str] = "execution_report_notice"
    template: ClassVar[str] = "dispositions/execution_report_notice.html"
    title: ClassVar[str] = "執行依頼処分通知書"
    short_title: ClassVar[str] = "執行依頼処分通知書"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_38NO2_2
    action: ClassVar[str] = Action.NOTICE  # type: ignore[assignment]

    number: int
    requested_on: date
    issued_on: date
    addressee: str  # 兵庫県公安委員会 (the requesting commission)
    sender: str  # 大阪府公安委員会 (the executing one)
    name: str
    address: str
    birth_date: date
    case_number: int
    disposition: str
    executed_on: date
    period: str  # 停止の期間 or 欠格期間の末日
    card: str  # what became of the card
    card_note: str

    @property
    def key(self) -> str:
        return f"{self.number}-{self.issued_on.isoformat()}"


def execution_report_notice(actor, handoff_id) -> RenderedDocument:
    """Render the 執行依頼処分通知書 of an executed 執行依頼 (audited), for either side."""
    authorize(actor, LIST_HANDOFFS.name, action=Action.NOTICE)
    handoff = load_handoff(actor, handoff_id)
    if handoff.kind != HandoffKind.EXECUTION or handoff.state != HandoffState.EXECUTED:
        raise Conflict("執行依頼処分通知書は、執行依頼を受けた処分を執行した後に作成できます。", code="not_executed")
    execution, follow_up, person = Execution.objects.get(case_id=handoff.case_id), follow_up_of(handoff), handoff.person
    card = follow_up.card if follow_up and follow_up.card else ""
    form = ExecutionReportNotice(
        number=handoff.pk, requested_on=handoff.sent_on, issued_on=(follow_up and follow_up.reported_on) or today(),
        addressee=f"{handoff.from_prefecture.name}公安委員会", sender=f"{handoff.to_prefecture.name}公安委員会",
        name=person.name, address=person.address, birth_date=person.birth_date, case_number=handoff.case_id,
        disposition=handoff.case.decision_ja, executed_on=execution.executed_on, period=_period(execution),
        card=CardSent(card).label if card else "（未送付：執行依頼処分通知書の送付の際に記録します）",
        card_note=follow_up.card_note if follow_up else "")
    return render_document(actor, form, object_type="handoff", object_id=handoff.pk, person_id=handoff.person_id,
                           subject_prefecture=handoff.to_prefecture_id)


def _period(execution) -> str:
    if execution.disqualified_until:
        return f"欠格期間の末日 {wareki(execution.disqualified_until)}"
    return f"{wareki(execution.starts_on)}から{wareki(execution.ends_on)}まで"
