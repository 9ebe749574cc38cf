"""運転禁止 of 国際運転免許証・外国運転免許証 holders (道路交通法第107条の5; 規程第30条第2項, 第31条第2項, 第49条).

A person who drives in Japan on a 国際運転免許証 or 外国運転免許証 (法第107条の2) holds no Japanese licence; the
公安委員会 of their 住所地 (or 居所) may ban them from driving for a period (第1項: up to 5 years; 第2項: 3 to 10
years for the serious cases), after an 意見の聴取 (第4項 applying 第104条). The regulation applies its 第30条–第38条
(規程第49条): the 免許課長 reviews with the 基本量定書（運転禁止）(第30条第2項) and the 公安委員会 decides with the
自動車等の運転禁止処分決定書 (第31条第2項).

- :func:`register_foreign_permit` (「窓口」「審査」): the permit shown — type, issuing country, number, valid
  until — and its holder, found in the register by name, reading and birth date or registered with the
  nationality (no licence number); the prefecture is that of the 住所地・居所 entered.
- :func:`open_driving_ban_case` (「審査」, 第30条第2項): a :class:`~menkyo.dispositions.models.Case` of type
  ``driving_ban`` with its :class:`~menkyo.dispositions.models.DrivingBan` (the ground and the violation or
  accident facts). From there part 2's review → 意見の聴取 → decision run as they are.
- :func:`propose_driving_ban` (「審査」, ``prepare_case``): the reviewer names the paragraph (第1項 / 第2項 — the
  list of 第2項's grounds is NOT FOUND) and the days; ``rules.driving_ban.check_period`` bounds them, counted
  from the proposal day (UNCONFIRMED). The one way to propose a ban: ``services.propose_disposition`` refuses it.
- The decision is ``services.decide_case``: the engine names the 公安委員会 (``rules.authority``), the decider
  never a preparer.
- :func:`execute_driving_ban` (「窓口」「審査」, 規程第49条 applying 第34条; 法第107条の5第11項 applying 第104条の3):
  the 処分書 handed over, the ban runs from that day for the decided days, the permit held (保管).
- :func:`return_foreign_permit` (from the ban's last day on) and the daily batch :func:`driving_bans_ended`
  (``menkyo dispositions driving-bans-ended``: a ban past its last day is 期間満了).
"""

from datetime import date, timedelta
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import describe_actions
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.core.workflow import Transition, Workflow
from menkyo.dispositions.actions import Action as CaseAction
from menkyo.dispositions.models import (
    CASES,
    BanState,
    Case,
    CaseState,
    CaseType,
    DispositionKind,
    DrivingBan,
    ForeignPermit,
    PermitType,
)
from menkyo.dispositions.permissions import (
    END_DRIVING_BAN,
    EXECUTE_DRIVING_BAN,
    LIST_DRIVING_BANS,
    OPEN_DRIVING_BAN,
    PREPARE,
    REGISTER_FOREIGN_PERMIT,
    RETURN_FOREIGN_PERMIT,
    VIEW_FOREIGN_PERMIT,
)
from menkyo.dispositions.services import (
    LIST_LIMIT,
    _day,
    _history,
    _number,
    _required,
    _text,
    propose,
)
from menkyo.registry.models import Person
from menkyo.registry.services import add_history, clean_person
from menkyo.rules import driving_ban as law
from menkyo.rules.errors import RulesError


class Action(StrEnum):
    REGISTER = "dispositions.foreign_permit.register"  # 国際運転免許証等の登録
    PERMIT_READ = "dispositions.foreign_permit.read"
    OPEN = "dispositions.driving_ban.open"  # 運転禁止の処分事案の開始 (規程第30条第2項)
    EXECUTE = "dispositions.driving_ban.execute"  # 処分書の交付・保管 (規程第49条, 法第107条の5第11項)
    RETURN = "dispositions.driving_ban.return_permit"  # 保管した国際運転免許証等の返還
    EXPIRE = "dispositions.driving_ban.expire"  # 期間満了 (daily job)
    READ = "dispositions.driving_ban.read"
    LIST = "dispositions.driving_ban.list"
    PAPER = "dispositions.driving_ban.paper"  # 運転禁止処分決定書・処分書 PDF


describe_actions({
    Action.REGISTER: "国際運転免許証等の登録", Action.PERMIT_READ: "国際運転免許証等の閲覧",
    Action.OPEN: "運転禁止の処分事案の開始", Action.EXECUTE: "運転禁止の執行（処分書の交付・国際運転免許証等の保管）",
    Action.RETURN: "保管した国際運転免許証等の返還", Action.EXPIRE: "運転禁止の期間満了", Action.READ: "運転禁止の閲覧",
    Action.LIST: "国際運転免許証等・運転禁止の一覧", Action.PAPER: "自動車等の運転禁止処分決定書・処分書の作成",
})

BANS = Workflow(
    name="dispositions.driving_ban", label_ja="運転禁止", states=BanState, transitions=[
        Transition("expire", source=(BanState.IN_FORCE,), target=BanState.ENDED, rule=END_DRIVING_BAN.name,
                   legal_basis=legal.KITEI_49, label_ja="期間満了", audit_action=Action.EXPIRE),
    ],
)


# --- the permit and its holder ---------------------------------------------------------------------------


@procedure(legal.KITEI_30_2, rule=REGISTER_FOREIGN_PERMIT.name)
def register_foreign_permit(actor, *, permit_type: str, issuing_country: str, permit_number: str, valid_until,
                            holder: dict) -> ForeignPermit:
    """Register the 国際運転免許証 / 外国運転免許証 shown and its holder: found in the register when one person has
    the same name, reading and birth date, otherwise registered with ``holder``'s particulars and nationality
    (:func:`menkyo.registry.services.clean_person`). The permit's prefecture is the 住所地・居所 entered (法第107条の5
    第1項: that 公安委員会 may ban)."""
    values = clean_person(holder)
    if not values["nationality"]:
        raise InvalidInput("国籍等を入力してください。", field="nationality")
    probe = ForeignPermit(prefecture_id=values["address_prefecture_id"])
    authorize(actor, REGISTER_FOREIGN_PERMIT.name, probe, action=Action.REGISTER)
    fields = _permit_fields(permit_type, issuing_country, permit_number, valid_until)
    with transaction.atomic():
        person, found = _holder(values)
        try:
            with transaction.atomic():
                permit = ForeignPermit.objects.create(person=person, prefecture_id=values["address_prefecture_id"],
                                                      registered_by=actor.actor_name, **fields)
        except IntegrityError:
            raise Conflict("この国際運転免許証等は既に登録されています。", field="permit_number",
                           code="already_registered") from None
        event = record(actor, Action.REGISTER, object_type="foreignpermit", object_id=permit.pk, person_id=person.pk,
                       subject_prefecture=permit.prefecture_id,
                       detail={"permit_type": permit.permit_type, "person_found": found,
                               "legal_basis": str(legal.KITEI_30_2)})
        add_history(actor, person, None, "foreign_permit.register",
                    {"foreign_permit": (None, f"{permit.get_permit_type_display()}（{permit.issuing_country}）")},
                    "国際運転免許証等の登録" + ("" if found else "（保有者の新規登録）"), legal.KITEI_30_2, event)
    return permit


def _permit_fields(permit_type, issuing_country, permit_number, valid_until) -> dict:
    if permit_type not in PermitType.values:
        raise InvalidInput("免許証の種類（国際運転免許証・外国運転免許証）を選んでください。", field="permit_type")
    return {"permit_type": permit_type,
            "issuing_country": _required(issuing_country, "issuing_country", "発給国・地域", 40),
            "permit_number": _required(str(permit_number or "").upper(), "permit_number", "免許証の番号", 40),
            "valid_until": _day(valid_until, "valid_until", "有効期限")}


def _holder(values: dict) -> tuple[Person, bool]:
    """The register's person with the same name, reading and birth date (exactly one), else a new one."""
    same = list(Person.objects.select_for_update().filter(
        name=values["name"], search_kana=values["search_kana"], birth_date=values["birth_date"])[:2])
    if len(same) == 1:
        return same[0], True
    return Person.objects.create(**values), False


def _one(queryset, pk, missing: str):
    """The row ``pk`` of ``queryset``, or NotFound with ``missing`` (a malformed id is not found either)."""
    try:
        found = queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(missing)
    return found


def load_permit(pk) -> ForeignPermit:
    return _one(ForeignPermit.objects.select_related("person", "prefecture"), pk, "その国際運転免許証等はありません。")


def get_foreign_permit(actor, pk) -> ForeignPermit:
    """One permit with its holder, for 「窓口」「審査」「決定」 of its prefecture (audited read)."""
    permit = load_permit(pk)
    authorize(actor, VIEW_FOREIGN_PERMIT.name, permit, action=Action.PERMIT_READ, person_id=permit.person_id)
    record(actor, Action.PERMIT_READ, object_type="foreignpermit", object_id=permit.pk, person_id=permit.person_id,
           subject_prefecture=permit.prefecture_id)
    return permit


# --- the case (規程第30条第2項) and the proposal ---------------------------------------------------------------


@procedure(legal.KITEI_30_2, rule=OPEN_DRIVING_BAN.name)
def open_driving_ban_case(actor, permit: ForeignPermit, *, ground: str, facts: str) -> DrivingBan:
    """Open the 運転禁止 case of ``permit``'s holder (審査 with the 基本量定書（運転禁止）, 規程第30条第2項): the ground
    (法第107条の5第1項第2号 or 第2項 as the reviewer reads it) and the facts of the violation or accident. At most
    one open 運転禁止 case per person."""
    authorize(actor, OPEN_DRIVING_BAN.name, permit, action=Action.OPEN, person_id=permit.person_id)
    ground = _required(ground, "ground", "運転禁止の事由", 400)
    facts = _required(facts, "facts", "違反・事故の事実", 1000)
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=permit.person_id)
        if Case.objects.filter(person_id=permit.person_id, case_type=CaseType.DRIVING_BAN,
                               state__in=(CaseState.REVIEW, CaseState.HEARING_SCHEDULED, CaseState.HEARD,
                                          CaseState.AWAITING_DECISION)).exists():
            raise Conflict("この者には審査中の運転禁止の処分事案があります。", field="ground", code="case_open")
        case = Case.objects.create(prefecture_id=permit.prefecture_id, person_id=permit.person_id,
                                   case_type=CaseType.DRIVING_BAN, points_based=False, opened_by=actor.actor_name)
        ban = DrivingBan.objects.create(case=case, permit=permit, ground=ground, facts=facts)
        event = record(actor, Action.OPEN, object_type="case", object_id=case.pk, person_id=permit.person_id,
                       subject_prefecture=case.prefecture_id,
                       detail={"foreign_permit": permit.pk, "driving_ban": ban.pk, "legal_basis": str(legal.KITEI_30_2)})
        _history(actor, case, "disposition_case.open", {"disposition_case": (None, CaseType.DRIVING_BAN.label)},
                 "運転禁止の処分事案の開始（基本量定書（運転禁止）による審査）", legal.KITEI_30_2, event)
    return ban


@procedure(legal.KITEI_30_2, rule=PREPARE.name)
def propose_driving_ban(actor, ban: DrivingBan, *, paragraph: str, days, reason: str = "") -> DrivingBan:
    """Propose the 運転禁止 for ``days`` under ``paragraph`` (``general`` 第1項: up to the day before five years
    later; ``serious`` 第2項: three to ten years — ``rules.driving_ban``, the period counted from today, UNCONFIRMED).
    Part 2's proposal then names the 公安委員会 and the 意見の聴取 (法第107条の5第4項)."""
    case = ban.case
    authorize(actor, PREPARE.name, case, action=CaseAction.PROPOSE, person_id=case.person_id)
    days = _number(days, "days", "運転禁止の日数", 10 * 366)
    today = timezone.localdate()
    try:
        law.check_period(paragraph, today, today + timedelta(days=days - 1))
    except RulesError as error:
        raise InvalidInput(error.message, field="paragraph" if error.path == "paragraph" else "days",
                           code="period_out_of_bounds") from None
    label = law.paragraphs(today)[paragraph]["label"]
    with transaction.atomic():
        propose(actor, case, kind=DispositionKind.DRIVING_BAN, days=days, years=None, points_based=False,
                reason=_text(reason, "reason", "審査の所見") or f"{label}による運転禁止")
        ban.paragraph = paragraph
        ban.save(update_fields=["paragraph"])
    return ban


def period_hint(day: date) -> list[str]:
    """「第1項（…）：…まで」 for each paragraph, counted from ``day`` (for the proposal form)."""
    lines = []
    for code, row in law.paragraphs(day).items():
        earliest, latest = law.period_bounds(code, day)
        low = f"{(earliest - day).days + 1}日（{wareki(earliest)}まで）以上" if earliest else "1日以上"
        lines.append(f"{row['label']}：{low}、{(latest - day).days + 1}日（{wareki(latest)}まで）以下")
    return lines


# --- execution (規程第49条 applying 第34条; 法第107条の5第11項 applying 第104条の3) -------------------------------


@procedure(legal.KITEI_49, rule=EXECUTE_DRIVING_BAN.name)
def execute_driving_ban(actor, ban: DrivingBan, *, permit_presented: bool = True, reason: str = "") -> DrivingBan:
    """Hand the 処分書 over and execute the decided 運転禁止: it runs from today for the decided days (UNCONFIRMED:
    counted from the day of service, as a 停止) and the permit is held (保管, 法第107条の5第11項 applying 第104条の3);
    when none is presented the reason is recorded."""
    case = ban.case
    authorize(actor, EXECUTE_DRIVING_BAN.name, case, action=Action.EXECUTE, person_id=case.person_id)
    if case.state != CaseState.DECIDED or case.decided_kind != DispositionKind.DRIVING_BAN:
        raise Conflict(f"執行できるのは決定した運転禁止です（現在の状態：{case.state_ja}）。", code="not_decided")
    note = str(reason or "").strip()[:200]
    if not permit_presented and not note:
        raise InvalidInput("国際運転免許証等の提出がないときは、その理由を入力してください。", field="reason",
                           code="permit_not_presented")
    today = timezone.localdate()
    ends_on = today + timedelta(days=case.decided_days - 1)
    with transaction.atomic():
        event = CASES.apply(actor, case, "execute_driving_ban", reason=note or "処分書の交付")
        DrivingBan.objects.filter(pk=ban.pk).update(
            state=BanState.IN_FORCE, executed_on=today, executed_by=actor.actor_name, starts_on=today, ends_on=ends_on,
            office_code=getattr(actor.affiliation, "code", ""), permit_held=bool(permit_presented),
            permit_missing_reason="" if permit_presented else note)
        ban.refresh_from_db()
        held = "国際運転免許証等の保管" if permit_presented else f"提出なし（{note}）"
        _history(actor, case, "disposition_case.driving_ban_execute",
                 {"driving_ban": (None, f"{today.isoformat()}–{ends_on.isoformat()}"), "permit": (None, held)},
                 f"運転禁止の執行（{wareki(ends_on)}まで）", legal.KITEI_49, event)
    return ban


@procedure(legal.KITEI_49, rule=RETURN_FOREIGN_PERMIT.name)
def return_foreign_permit(actor, ban: DrivingBan, *, reason: str = "") -> DrivingBan:
    """Give the held permit back from the ban's last day on (the 保管 of 第104条の3 ends with the ban)."""
    authorize(actor, RETURN_FOREIGN_PERMIT.name, ban, action=Action.RETURN, person_id=ban.person_id)
    if not ban.holds_permit:
        raise Conflict("保管中の国際運転免許証等はありません。", code="not_held")
    today = timezone.localdate()
    if today < ban.ends_on:
        raise InvalidInput(f"国際運転免許証等は運転禁止の終期（{wareki(ban.ends_on)}）以後に返還できます。",
                           field="reason", code="ban_running")
    note = _text(reason, "reason", "返還の記録", 200)
    with transaction.atomic():
        updated = DrivingBan.objects.filter(pk=ban.pk, permit_returned_on__isnull=True).update(
            permit_returned_on=today, permit_returned_by=actor.actor_name)
        if not updated:
            raise Conflict("国際運転免許証等は返還済みです。", code="not_held")
        ban.refresh_from_db()
        event = record(actor, Action.RETURN, object_type="drivingban", object_id=ban.pk, person_id=ban.person_id,
                       subject_prefecture=ban.prefecture_id, detail={"legal_basis": str(legal.KITEI_49)})
        _history(actor, ban.case, "disposition_case.permit_returned", {"permit": ("保管", "返還")},
                 note or "国際運転免許証等の返還", legal.KITEI_49, event)
    return ban


def bans_due(actor, day: date) -> dict:
    """End (期間満了) every 運転禁止 in force whose last day is before ``day``."""
    count = 0
    for ban in DrivingBan.objects.filter(state=BanState.IN_FORCE, ends_on__lt=day).select_related("case"):
        with transaction.atomic():
            event = BANS.apply(actor, ban, "expire", reason="終期の到来", ended_on=day)
            _history(actor, ban.case, "disposition_case.driving_ban_ended", {"driving_ban": ("運転禁止中", "期間満了")},
                     "運転禁止の期間満了", legal.KITEI_49, event)
        count += 1
    return {"ended": count}


@batch_task("dispositions.driving_bans_ended", key=lambda day: f"dispositions.driving_bans_ended:{day}")
def driving_bans_ended(actor, day: str) -> dict:
    """The daily batch (``menkyo dispositions driving-bans-ended``) for ``day``."""
    return bans_due(actor, date.fromisoformat(day))


# --- reading ---------------------------------------------------------------------------------------------------


def load_ban(pk) -> DrivingBan:
    return _one(DrivingBan.objects.select_related("case__person", "permit"), pk, "その運転禁止はありません。")


def get_driving_ban(actor, pk) -> DrivingBan:
    """One ban with its case and permit, for 「窓口」「審査」「決定」 of its prefecture (audited read)."""
    ban = load_ban(pk)
    authorize(actor, VIEW_FOREIGN_PERMIT.name, ban, action=Action.READ, person_id=ban.person_id)
    record(actor, Action.READ, object_type="drivingban", object_id=ban.pk, person_id=ban.person_id,
           subject_prefecture=ban.prefecture_id)
    return ban


def ban_lists(actor) -> dict[str, list]:
    """The actor's prefecture's permits and bans: the bans to execute, in force (permit held) or with a permit to
    give back, those under review, and the latest permits registered (audited)."""
    authorize(actor, LIST_DRIVING_BANS.name, action=Action.LIST)
    bans = list(DrivingBan.objects.filter(case__prefecture_id=actor.prefecture_id)
                .select_related("case__person", "permit").order_by("-pk")[:LIST_LIMIT])
    permits = list(ForeignPermit.objects.visible_to(actor).select_related("person").order_by("-pk")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="drivingban",
           detail={"bans": [b.pk for b in bans], "permits": [p.pk for p in permits]})
    return {"to_execute": [b for b in bans if b.case.state == CaseState.DECIDED],
            "held": [b for b in bans if b.holds_permit or b.state == BanState.IN_FORCE],
            "review": [b for b in bans if b.case.is_open], "permits": permits}
