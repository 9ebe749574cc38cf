"""Read views over the violations register that staff work from (ADR 0016 part 1):

- the **行政処分警告対象者** 名簿 (procedures.md B.2: the list of drivers close to a disposition that goes to
  the JSDC office): drivers of the actor's prefecture whose latest assessment prescribes nothing yet but
  whose points lie within the law engine's warning band of their 前歴 row (``rules.violation_lists``;
  the margin is UNCONFIRMED). The latest assessment is as of the driver's newest violation: points that
  have since left the 3-year window still show until the next assessment (a nightly re-assessment is
  part 2's deadline job).
- the **仮登録** not confirmed after the age the law engine gives (規程第28条の2 leaves it to 別に定める:
  UNCONFIRMED, ``params/provisional_confirmation.yaml``).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import sql
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.registry.models import CURRENT_STATUSES
from menkyo.rules.violation_lists import (
    ProvisionalAge,
    WarningBand,
    provisional_confirmation,
    warning_band,
)
from menkyo.violations.actions import ListAction
from menkyo.violations.models import Assessment, OutcomeAction, RecordState, ViolationRecord
from menkyo.violations.permissions import LIST_PROVISIONAL, LIST_WARNINGS

LIST_LIMIT = 1000


@dataclass(frozen=True)
class WarningRow:
    assessment: Assessment
    band: WarningBand

    @property
    def points_to_go(self) -> int:
        """How many more points reach the lowest 停止 threshold."""
        return self.band.threshold - self.assessment.points


def _warning_rows(actor) -> list[WarningRow]:
    authorize(actor, LIST_WARNINGS.name, action=ListAction.WARNINGS)
    latest = Assessment.objects.values("person_id").annotate(last=Max("pk")).values("last")
    candidates = (Assessment.objects.filter(pk__in=latest, action=OutcomeAction.NONE, points__gt=0)
                  .filter(person__licences__home_prefecture_id=actor.prefecture_id,
                          person__licences__status__in=CURRENT_STATUSES)
                  .select_related("person").distinct().order_by("-points", "person_id"))
    today = timezone.localdate()
    bands: dict[int, WarningBand] = {}
    rows = []
    for assessment in candidates:
        band = bands.setdefault(assessment.prior_dispositions, warning_band(assessment.prior_dispositions, today))
        if band.from_points <= assessment.points < band.threshold:
            rows.append(WarningRow(assessment, band))
            if len(rows) >= LIST_LIMIT:
                break
    return rows


def band_without_prior() -> WarningBand:
    """The band of a driver without 前歴 today (the pages explain the list with it)."""
    return warning_band(0, timezone.localdate())


def warning_list(actor) -> list[WarningRow]:
    """The 行政処分警告対象者 of the actor's prefecture, most points first (audited with the persons listed)."""
    rows = _warning_rows(actor)
    record(actor, ListAction.WARNINGS, object_type="assessment",
           detail={"persons": [r.assessment.person_id for r in rows]})
    return rows


CSV_HEADER = ["氏名", "フリガナ", "生年月日", "免許証番号", "累積点数", "前歴", "処分の基準の点数", "あと", "判定日"]


def warning_csv_rows(actor) -> list[list]:
    """The 名簿's rows for the CSV (:func:`menkyo.core.http.csv_response`: no formulas), audited as an export."""
    rows = _warning_rows(actor)
    out = []
    for row in rows:
        a, person = row.assessment, row.assessment.person
        licence = person.current_licence
        out.append([person.name, person.name_kana, wareki(person.birth_date), licence.number if licence else "",
                    a.points, a.prior_dispositions, row.band.threshold, f"{row.points_to_go}点", wareki(a.as_of)])
    record(actor, ListAction.WARNINGS_CSV, object_type="assessment",
           detail={"persons": [r.assessment.person_id for r in rows]})
    return out


def overdue_provisional(actor) -> tuple[list[ViolationRecord], ProvisionalAge]:
    """The actor's prefecture's 仮登録 still unconfirmed after the age the law engine gives, oldest first."""
    authorize(actor, LIST_PROVISIONAL.name, action=ListAction.OVERDUE_PROVISIONAL)
    age = provisional_confirmation(timezone.localdate())
    before = timezone.now() - timedelta(days=age.days)
    found = list(ViolationRecord.objects.visible_to(actor).filter(state=RecordState.PROVISIONAL, registered_at__lt=before)
                 .select_related("person", "office").order_by("registered_at", "pk")[:LIST_LIMIT])
    record(actor, ListAction.OVERDUE_PROVISIONAL, object_type="violationrecord",
           detail={"days": age.days, "ids": [v.pk for v in found]})
    return found, age


def points_lines(person_ids: list[int]) -> dict[int, list[str]]:
    """The 累積点数 section of an inquiry answer (規程第45条): each person's latest assessment as one line —
    「累積点数 6点（前歴0回、令和8年10月1日現在）処分等の基準：違反者講習」 — in one query."""
    latest = Assessment.objects.filter(person_id__in=person_ids).values("person_id").annotate(last=Max("pk"))
    return {a.person_id: [f"累積点数 {a.points}点（前歴{a.prior_dispositions}回、{wareki(a.as_of)}現在）"
                          f"処分等の基準：{a.outcome_ja}"]
            for a in Assessment.objects.filter(pk__in=latest.values("last"))}


def points_any_sql(on, person: str) -> tuple[str, list]:
    """An SQL ``EXISTS``: the person in column ``person`` has an assessment (:func:`points_lines` has a line)."""
    return f"EXISTS (SELECT 1 FROM {sql.table(on, Assessment)} s WHERE s.person_id = {person})", []
