"""The 若年運転者取消処分書 (運転免許取消処分書, 規則別記様式第19の3の4の2; 規程第41条の2の2第1項): who, the licence,
the 特例取得免許 revoked and the kinds kept, the day, the ground (若年運転者講習 not attended, or 令第39条の2の2 after
it), no 欠格期間, and the 教示. The same layout as the 再試験's (``retest_papers.KindRevocationPaper``). Audited
``dispositions.young_revocation.paper`` with the PDF's SHA-256 (``dispositions.view_execution`` of the case's
prefecture). UNCONFIRMED: the 様式's wording is not in the seed or the spec.
"""

from dataclasses import dataclass
from typing import ClassVar

from menkyo.core import legal
from menkyo.core.errors import NotFound
from menkyo.core.legal import LegalBasis
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import YoungRevocationAction
from menkyo.dispositions.models import Case, YoungGround, YoungRevocation
from menkyo.dispositions.permissions import VIEW_EXECUTION
from menkyo.dispositions.retest_papers import (
    KindRevocationPaper,
    kind_revocation_fields,
    render_kind_revocation,
)
from menkyo.documents.services import RenderedDocument

GROUNDS = {YoungGround.NOT_ATTENDED: "若年運転者期間中に基準に該当し、若年運転者講習を受講しなかったため。",
           YoungGround.MET_AGAIN: "若年運転者講習を受講した後、若年運転者期間中に再び基準に該当したため。"}


@dataclass(frozen=True)
class YoungRevocationPaper(KindRevocationPaper):
    """若年運転者取消処分書, plain values only."""

    code: ClassVar[str] = "young_revocation"
    legal_basis: ClassVar[LegalBasis] = legal.KITEI_41NO2NO2
    action: ClassVar[str] = YoungRevocationAction.PAPER  # type: ignore[assignment]

    ground: str

    @property
    def ground_text(self) -> str:
        return GROUNDS[YoungGround(self.ground)] + "（取り消す免許は受験資格の特例により受けた免許です。）"


def young_paper(actor, case: Case) -> RenderedDocument:
    """Render the 若年運転者取消処分書 of an executed 若年運転者期間の取消し (audited)."""
    authorize(actor, VIEW_EXECUTION.name, case, action=YoungRevocationAction.PAPER, person_id=case.person_id)
    done = YoungRevocation.objects.filter(case=case).select_related("licence").first()
    if done is None:
        raise NotFound("この処分事案の若年運転者期間に係る取消処分はまだ執行されていません。")
    return render_kind_revocation(actor, case, YoungRevocationPaper(**kind_revocation_fields(case, done),
                                                                    ground=done.ground))
