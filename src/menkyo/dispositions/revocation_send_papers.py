"""The 送付書 of a 再試験・若年 取消処分書 not handed over (ADR 0016 part 9 addendum), as PDF through ``documents``:

- 規程第41条の2第3項: 「試験場長は、取消処分書を交付して処分した場合を除き、速やかに交通部長が定める様式の運転免許
  取消処分書の送付書により、当該取消処分書を被処分者の住所地を管轄する署長に送付するものとする」;
- 規程第41条の2の2第3項: the same for the 若年運転者取消処分書, by the 「特例取得免許取消処分書の送付書」 of the 免許課長.

:func:`revocation_send_paper` makes it for a ``retest`` / ``young_driver`` case decided 取消 and not yet executed (決定・
執行待ち・執行不能), addressed to the station the officer names (the register has no map from an address to the
station that has jurisdiction over it). The 署長 then hands the 処分書 over as 第34条第2項 (第4項) — recorded by the
case's execution (``retests`` / ``young_revocations``) — and reports 執行不能 after 20 days (第8項).
Rule ``dispositions.summon_for_execution`` (「審査」 of the case's prefecture: the 出頭通知's, the other way of getting
the 処分書 to the person); the rendering is audited by ``documents`` (``dispositions.revocation_send.paper``).
UNCONFIRMED: the wording and layout (「交通部長が定める様式」, not in the seed or the spec).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

from django.utils import timezone

from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import allowed, authorize
from menkyo.core.recording import describe_actions
from menkyo.dispositions import execution
from menkyo.dispositions.models import Case, CaseType, DispositionKind
from menkyo.dispositions.more_papers import _Letter, _letter, _render
from menkyo.dispositions.permissions import SUMMON
from menkyo.dispositions.services import _required
from menkyo.documents.services import RenderedDocument


class SendAction(StrEnum):
    PAPER = "dispositions.revocation_send.paper"  # 取消処分書の送付書 PDF (規程第41条の2第3項, 第41条の2の2第3項)


describe_actions({SendAction.PAPER: "取消処分書の送付書の作成"})

STATION_MAX = 60


@dataclass(frozen=True)
class RevocationSendPaper(_Letter):
    """運転免許取消処分書の送付書 (規程第41条の2第3項), plain values only."""

    code: ClassVar[str] = "revocation_send"
    template: ClassVar[str] = "dispositions/revocation_send_paper.html"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_41NO2_P3
    action: ClassVar[str] = SendAction.PAPER  # type: ignore[assignment]
    title: ClassVar[str] = "運転免許取消処分書の送付書"
    short_title: ClassVar[str] = "運転免許取消処分書の送付書"
    paper: ClassVar[str] = "運転免許取消処分書（規則別記様式第19の3の4）"  # the 処分書 sent with it
    sender: ClassVar[str] = "運転免許試験場長"

    station: str = ""  # the 署 of the person's address
    decided_on: date | None = None
    ground: str = ""


@dataclass(frozen=True)
class YoungSendPaper(RevocationSendPaper):
    """特例取得免許取消処分書の送付書 (規程第41条の2の2第3項), plain values only."""

    code: ClassVar[str] = "young_revocation_send"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_41NO2NO2_P3
    title: ClassVar[str] = "特例取得免許取消処分書の送付書"
    short_title: ClassVar[str] = "特例取得免許取消処分書の送付書"
    paper: ClassVar[str] = "若年運転者取消処分書（規則別記様式第19の3の4の2）"
    sender: ClassVar[str] = "運転免許課長"


#: The case type → its 送付書.
KINDS = {CaseType.RETEST: RevocationSendPaper, CaseType.YOUNG_DRIVER: YoungSendPaper}


def sendable(case: Case) -> bool:
    """A 再試験・若年 取消 decided and not executed: its 処分書 may still be sent to the 署長."""
    return (case.case_type in KINDS and case.decided_kind == DispositionKind.REVOCATION
            and case.state in execution.PENDING)


def revocation_send_paper(actor, case: Case, *, station: str) -> RenderedDocument:
    """The 送付書 with which the 取消処分書 not handed over goes to the 署長 of the person's address (規程第41条の2
    第3項, 第41条の2の2第3項: 「取消処分書を交付して処分した場合を除き、速やかに…送付するものとする」)."""
    authorize(actor, SUMMON.name, case, action=SendAction.PAPER, person_id=case.person_id)
    if not sendable(case):
        raise Conflict("送付書は再試験・若年運転者期間に係る取消しを決定し、まだ執行していない事案について作成します。",
                       field="paper", code="not_sendable")
    station = _required(station, "station", "送付先の署", STATION_MAX)
    form = KINDS[case.case_type](**_letter(case, timezone.localdate()), station=station,
                                 decided_on=case.decided_on, ground=case.proposal_reason)
    return _render(actor, case, form)


def offered(actor, case: Case) -> dict | None:
    """What the case's page offers ``actor``: the 送付書's title, the 処分書 it sends and its article, or None."""
    if not sendable(case) or not allowed(actor, SUMMON.name, case):
        return None
    paper = KINDS[case.case_type]
    return {"title": paper.title, "paper": paper.paper, "legal_basis": str(paper.legal_basis)}
