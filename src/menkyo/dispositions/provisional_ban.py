"""仮禁止 of a 国際運転免許証・外国運転免許証 holder (道路交通法第107条の5第10項 applying 第103条の2), in the shape of
``dispositions.provisional`` (仮停止, 規程第39条 — whose 仮停止・禁止通知書 serves both).

- :func:`report_provisional_ban` (the 警察署長 of the accident place, 「審査」 of any prefecture): after an accident of
  the 第103条の2第1項 kinds, the holder is banned from driving until the 30th day counting the accident day; the permit
  is held. Refused once the 仮停止's window (5 days counting the accident day) has passed — the dates are
  ``rules.driving_ban``'s, which apply the 仮停止's unchanged (UNCONFIRMED). A :class:`ProvisionalBan` keyed on the
  permit: no 処分事案 (the 運転禁止's case, if one is opened, is the 住所地's).
- :func:`record_provisional_ban_explanation` (第103条の2第2項 applied): the 弁明 within 5 days counting the 仮禁止 day.
- :func:`provisional_bans_ended` (the daily batch, ``menkyo dispositions provisional-bans-ended``): a 仮禁止 ends after
  its last day, or once a 運転禁止 of the same permit is executed (UNCONFIRMED, as a 仮停止's).
"""

from datetime import date
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import describe_actions
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.core.workflow import Transition, Workflow
from menkyo.dispositions.driving_ban import _one
from menkyo.dispositions.models import (
    BanState,
    DrivingBan,
    ForeignPermit,
    ProvisionalBan,
    ProvisionalBanEnd,
    ProvisionalBanState,
)
from menkyo.dispositions.permissions import (
    END_PROVISIONAL_BAN,
    HANDLE_PROVISIONAL_BAN,
    REPORT_PROVISIONAL_BAN,
    VIEW_FOREIGN_PERMIT,
)
from menkyo.dispositions.provisional import Deadline
from menkyo.dispositions.services import _day, _required
from menkyo.registry.models import Person
from menkyo.registry.services import add_history
from menkyo.rules import driving_ban as law
from menkyo.rules import provisional_suspension


class Action(StrEnum):
    REPORT = "dispositions.provisional_ban.report"  # 仮禁止 (法第107条の5第10項)
    EXPLAIN = "dispositions.provisional_ban.explain"  # 弁明 (第103条の2第2項 applied)
    END = "dispositions.provisional_ban.end"  # 終期・運転禁止の執行 (daily job)
    READ = "dispositions.provisional_ban.read"


describe_actions({Action.REPORT: "仮禁止", Action.EXPLAIN: "仮禁止の弁明の記録", Action.END: "仮禁止の終了",
                  Action.READ: "仮禁止の閲覧"})

S = ProvisionalBanState
PROVISIONAL_BANS = Workflow(
    name="dispositions.provisional_ban", label_ja="仮禁止", states=ProvisionalBanState, transitions=[
        Transition("record_explanation", source=(S.IN_FORCE,), target=S.IN_FORCE, rule=HANDLE_PROVISIONAL_BAN.name,
                   legal_basis=legal.KITEI_39_2, label_ja="弁明の記録（弁明調書）", audit_action=Action.EXPLAIN),
        Transition("end", source=(S.IN_FORCE,), target=S.ENDED, rule=END_PROVISIONAL_BAN.name,
                   legal_basis=legal.KITEI_39, label_ja="仮禁止の終了", audit_action=Action.END),
    ],
)
GROUNDS = provisional_suspension.GROUNDS  # 第103条の2第1項各号, applied by 第107条の5第10項


@procedure(legal.KITEI_39, rule=REPORT_PROVISIONAL_BAN.name)
def report_provisional_ban(actor, permit: ForeignPermit, *, accident_on, ground: str, summary: str,
                           permit_presented: bool = True, reason: str = "") -> ProvisionalBan:
    """The 警察署長's 仮禁止 of ``permit``'s holder after the accident of ``accident_on``: until the 30th day counting
    the accident day, the permit held (or why it was not presented); the 弁明 due within 5 days."""
    authorize(actor, REPORT_PROVISIONAL_BAN.name, action=Action.REPORT, person_id=permit.person_id)
    today = timezone.localdate()
    accident_on = _accident_day(accident_on, today)
    if ground not in GROUNDS:
        raise InvalidInput("仮禁止の事由を一覧から選んでください。", field="ground")
    summary = _required(summary, "summary", "事案の概要", 400)
    note = str(reason or "").strip()[:200]
    if not permit_presented and not note:
        raise InvalidInput("国際運転免許証等の提出がないときは、その理由を入力してください。", field="reason",
                           code="permit_not_presented")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=permit.person_id)
        ban = _create(actor, permit, accident_on, ground, summary, today, bool(permit_presented), note)
        event = record(actor, Action.REPORT, object_type="provisionalban", object_id=ban.pk, person_id=person.pk,
                       subject_prefecture=ban.prefecture_id,
                       detail={"foreign_permit": permit.pk, "accident_on": accident_on.isoformat(), "ground": ground,
                               "ends_on": ban.ends_on.isoformat(), "legal_basis": str(legal.KITEI_39)})
        add_history(actor, person, None, "provisional_ban.report",
                    {"provisional_ban": (None, f"{today.isoformat()}–{ban.ends_on.isoformat()}")},
                    f"仮禁止（{GROUNDS[ground][:40]}）", legal.KITEI_39, event)
    return ban


def _create(actor, permit, accident_on, ground, summary, today, held, note) -> ProvisionalBan:
    try:
        with transaction.atomic():
            return ProvisionalBan.objects.create(
                prefecture_id=actor.prefecture_id, permit=permit, accident_on=accident_on, ground=ground,
                summary=summary, office=actor.affiliation, imposed_on=today,
                ends_on=law.provisional_last_day(accident_on), explanation_due=law.provisional_explanation_due(today),
                permit_held=held, permit_missing_reason="" if held else note, reported_by=actor.actor_name)
    except IntegrityError:
        raise Conflict("この国際運転免許証等は既に仮禁止中です。", field="accident_on", code="already_in_force") from None


def _accident_day(value, today: date) -> date:
    """Not in the future, and the 仮禁止 still possible today (UNCONFIRMED: the 仮停止's 5 days from the accident)."""
    accident_on = _day(value, "accident_on", "事故の日")
    if accident_on > today:
        raise InvalidInput("事故の日は本日以前の日付を入力してください。", field="accident_on")
    if not law.provisional_may_impose(accident_on, today):
        due = provisional_suspension.papers_due(accident_on)
        raise InvalidInput(f"仮禁止は事故の日（{wareki(accident_on)}）から起算して5日以内（{wareki(due)}まで）に"
                           "行う必要があります（仮停止の例による）。本日は仮禁止できません。", field="accident_on",
                           code="too_late")
    return accident_on


@procedure(legal.KITEI_39_2, rule=HANDLE_PROVISIONAL_BAN.name)
def record_provisional_ban_explanation(actor, ban: ProvisionalBan, *, explained_on, explanation: str
                                       ) -> ProvisionalBan:
    """The 弁明 given (弁明調書): within 5 days counting the 仮禁止 day (第103条の2第2項 applied); later is refused."""
    authorize(actor, HANDLE_PROVISIONAL_BAN.name, ban, action=Action.EXPLAIN, person_id=ban.person_id)
    if ban.explained_on:
        raise Conflict("弁明は記録済みです。", field="explained_on", code="already_recorded")
    day = _day(explained_on, "explained_on", "弁明の日")
    if not ban.imposed_on <= day <= timezone.localdate():
        raise InvalidInput(f"弁明の日は仮禁止の日（{wareki(ban.imposed_on)}）から本日までの日付を入力してください。",
                           field="explained_on")
    if day > ban.explanation_due:
        raise InvalidInput(f"弁明の機会は仮禁止の日から起算して5日以内（{wareki(ban.explanation_due)}まで）に与える"
                           "必要があります（道路交通法第107条の5第10項、第103条の2第2項）。", field="explained_on",
                           code="explanation_too_late")
    text = _required(explanation, "explanation", "弁明の要旨", 1000)
    with transaction.atomic():
        event = PROVISIONAL_BANS.apply(actor, ban, "record_explanation", reason="弁明", explained_on=day,
                                       explanation=text)
        add_history(actor, ban.permit.person, None, "provisional_ban.explanation", {"explained_on": (None, day)},
                    "仮禁止の弁明（弁明調書）", legal.KITEI_39_2, event)
    return ban


def provisional_bans_due(actor, day: date) -> dict:
    """End every 仮禁止 in force whose last day is before ``day`` or whose permit's 運転禁止 was executed."""
    counts = {"expired": 0, "disposition": 0}
    for ban in ProvisionalBan.objects.filter(state=S.IN_FORCE).select_related("permit__person").order_by("pk"):
        if ban.ends_on < day:
            why = ProvisionalBanEnd.EXPIRED
        elif DrivingBan.objects.filter(permit_id=ban.permit_id, state__in=(BanState.IN_FORCE, BanState.ENDED),
                                       executed_on__gte=ban.imposed_on).exists():
            why = ProvisionalBanEnd.DISPOSITION
        else:
            continue
        label = ProvisionalBanEnd(why).label
        with transaction.atomic():
            event = PROVISIONAL_BANS.apply(actor, ban, "end", reason=label, ended_on=day, end_reason=why)
            add_history(actor, ban.permit.person, None, "provisional_ban.end",
                        {"provisional_ban": ("仮禁止中", f"終了（{label}）")}, f"仮禁止の終了（{label}）", legal.KITEI_39,
                        event)
        counts[why] += 1
    return counts


@batch_task("dispositions.provisional_bans_ended", key=lambda day: f"dispositions.provisional_bans_ended:{day}")
def provisional_bans_ended(actor, day: str) -> dict:
    """The daily batch (``menkyo dispositions provisional-bans-ended``) for ``day``."""
    return provisional_bans_due(actor, date.fromisoformat(day))


def deadlines(ban: ProvisionalBan) -> list[Deadline]:
    return [Deadline("弁明の機会", ban.explanation_due, ban.explained_on),
            Deadline("仮禁止の終期", ban.ends_on, ban.ended_on)]


def load_provisional_ban(pk) -> ProvisionalBan:
    return _one(ProvisionalBan.objects.select_related("permit__person", "office"), pk, "その仮禁止はありません。")


def get_provisional_ban(actor, pk) -> ProvisionalBan:
    """One 仮禁止, for 「窓口」「審査」「決定」 of the prefecture that made it (audited read)."""
    ban = load_provisional_ban(pk)
    authorize(actor, VIEW_FOREIGN_PERMIT.name, ban, action=Action.READ, person_id=ban.person_id)
    record(actor, Action.READ, object_type="provisionalban", object_id=ban.pk, person_id=ban.person_id,
           subject_prefecture=ban.prefecture_id)
    return ban
