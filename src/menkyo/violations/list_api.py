"""行政処分警告対象者 API (procedures.md B.2; ADR 0016 part 1): the 名簿 of the operator's prefecture, read
from the latest assessments (the warning margin is the law engine's parameter, UNCONFIRMED)."""

from datetime import date

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS
from menkyo.violations import lists

router = Router(tags=["violations"])


class WarningRowOut(Schema):
    person_id: int
    name: str
    licence_number: str | None
    points: int = Field(..., description="累積点数（最新の判定）")
    prior_dispositions: int
    threshold: int = Field(..., description="前歴に応じた最も低い停止の基準の点数")
    points_to_go: int
    as_of: date = Field(..., description="判定日（最後の違反日）")
    assessment_id: int


class WarningListOut(Schema):
    margin_assumption: str = Field(..., description="警告の幅についての仮定（出典なし）")
    items: list[WarningRowOut]


@router.get("/warning-list", response={200: WarningListOut, **ERRORS}, summary="行政処分警告対象者の名簿（自県）")
def warning_list(request):
    rows = lists.warning_list(request.actor)
    items = []
    for row in rows:
        a, licence = row.assessment, row.assessment.person.current_licence
        items.append(WarningRowOut(person_id=a.person_id, name=a.person.name,
                                   licence_number=licence.number if licence else None, points=a.points,
                                   prior_dispositions=a.prior_dispositions, threshold=row.band.threshold,
                                   points_to_go=row.points_to_go, as_of=a.as_of, assessment_id=a.pk))
    return WarningListOut(margin_assumption=lists.band_without_prior().note, items=items)
