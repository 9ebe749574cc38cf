"""違反等登録 (規程第28条–第28条の2) and the assessment of the driver after every change.

第28条: the 署長等 send a 違反等登録票 with the 行政処分書 to the 免許課長, who checks it and
registers what is registrable (第2項) — :func:`register_violation`. A report later found outside
the register is deleted at the station's request (抹消, 第3項) or struck out by the 免許課長
(不適格抹消, 第4項) — :func:`delete_violation`. 第28条の2: cases named in advance are reported by
phone and registered at once as a 仮登録 (第1–2項) — :func:`register_provisional_violation` — and
confirmed when the papers arrive (:func:`confirm_violation`); a wrong 仮登録 is struck out and
registered again (第3項).

Every change re-assesses the person (:func:`_assess`): all their counted point events (登録 and
仮登録 of 一般違反行為, 特定違反行為 and 交通事故) go to the law engine through the audited
judgement service (``assess``); the answer with its trace is kept as an :class:`Assessment`, and
each listener of :data:`ASSESSED` is called with it inside the transaction (the dispositions app
opens its case there, without this app importing it). 重大違反唆し等 and 道路外致死傷 carry no
points (別表第四/第五; procedures A.7): they are registered and noted in the assessment's trace,
and their disposition is a case of its own (聴聞). The person's row is locked first, so two
registrations for one person assess in order.
"""

import hashlib
import json
import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed, authorize
from menkyo.core.wareki import wareki
from menkyo.judgement.services import judge
from menkyo.registry.models import Licence, Person
from menkyo.registry.services import add_history
from menkyo.rules import assess
from menkyo.rules import points as points_module
from menkyo.rules.errors import RulesError
from menkyo.rules.vehicles import choices as vehicle_choices
from menkyo.violations.actions import Action
from menkyo.violations.models import (
    COUNTED_STATES,
    RECORDS,
    Alcohol,
    Assessment,
    HitAndRun,
    RecordState,
    Severity,
    Source,
    ViolationKind,
    ViolationRecord,
)
from menkyo.violations.permissions import (
    CONFIRM,
    DELETE,
    LIST_PROVISIONAL,
    REGISTER,
    REGISTER_PROVISIONAL,
    VIEW,
)

#: Listeners ``listener(actor, assessment)`` called inside the transaction of every assessment.
ASSESSED: list = []

#: Providers of a person's further engine events that other modules keep (attended courses, executed
#: dispositions; rules-contract §1): each is called with a list of person ids and returns
#: ``{person_id: [event, …]}``, one query per provider whatever the number of persons.
ENGINE_EVENTS: list = []

#: 事案の態様 whose events carry points (施行令 別表第二); the others are non-point events.
POINT_KINDS = (ViolationKind.GENERAL, ViolationKind.SPECIFIED, ViolationKind.ACCIDENT)
TEXT_MAX_LENGTH = 200
REFERENCE_MAX_LENGTH = 40
CALLER_MAX_LENGTH = 60
LIST_LIMIT = 200
LICENCE_NUMBER = re.compile(r"\d{12}")
NON_POINT_REFERENCE = "道路交通法 第103条第1項第6号・第7号、別表第四・別表第五; procedures A.7"
# The engine's paths (events[0].…) → the field names and labels of this app.
ENGINE_FIELDS = {"code": ("code", "違反行為"), "date": ("violation_date", "違反日"), "vehicle": ("vehicle", "車両"),
                 "alcohol": ("alcohol", "酒気帯び"), "accident.severity": ("accident_severity", "交通事故の結果"),
                 "accident.sole_fault": ("sole_fault", "専ら違反者の不注意"), "hit_and_run": ("hit_and_run", "あて逃げ・ひき逃げ")}
CONTENT_FIELDS = ("licence_number", "person_id", "kind", "code", "violation_date", "alcohol", "accident_severity",
                  "sole_fault", "hit_and_run", "vehicle", "office_code", "reporter_reference")


def violation_choices() -> list[tuple[str, str]]:
    """The violations of 施行令 別表第二 by name (一般違反行為, then 特定違反行為), for the forms."""
    rows = points_module.rows().values()
    return [(row.code, row.name) for row in sorted(rows, key=lambda row: row.specified)]


# --- registration --------------------------------------------------------------------------------


@procedure(legal.KITEI_28_2, rule=REGISTER.name)
def register_violation(actor, *, reason: str = "", **report) -> ViolationRecord:
    """Register a 違反等登録票 of a 署長等 of the actor's prefecture (第28条第2項) and re-assess the driver.

    ``report``: ``licence_number`` (or ``person_id`` for 無免許), ``kind``, ``code``,
    ``violation_date``, ``alcohol``, ``accident_severity``, ``sole_fault``, ``hit_and_run``,
    ``vehicle``, ``office_code`` (the reporting office; the actor's own by default) and
    ``reporter_reference`` (the 違反等登録票's number)."""
    office = _office(actor, report.get("office_code"))
    authorize(actor, REGISTER.name, office, action=Action.REGISTER)
    return _register(actor, office, report, state=RecordState.REGISTERED, source=Source.COUNTER, reason=reason)


@procedure(legal.KITEI_28NO2, rule=REGISTER_PROVISIONAL.name)
def register_provisional_violation(actor, *, caller: str, reason: str = "", **report) -> ViolationRecord:
    """Register at once what a 署長等 reported by phone (仮登録, 第28条の2第1項・第2項), recording who
    called; the 違反等登録票 confirms it later (:func:`confirm_violation`)."""
    office = _office(actor, report.get("office_code"))
    authorize(actor, REGISTER_PROVISIONAL.name, office, action=Action.PROVISIONAL)
    caller = (caller or "").strip()
    if not caller:
        raise InvalidInput("電話で上申した者（所属・氏名）を入力してください。", field="caller")
    if len(caller) > CALLER_MAX_LENGTH:
        raise InvalidInput(f"上申者は{CALLER_MAX_LENGTH}文字以内で入力してください。", field="caller")
    return _register(actor, office, report, state=RecordState.PROVISIONAL, source=Source.COUNTER, reason=reason,
                     caller=caller)


def _register(actor, office: Affiliation, report: dict, *, state: str, source: str, reason: str = "",
              caller: str = "", source_system: str = "", external_reference: str = "") -> ViolationRecord:
    """Validate ``report``, then in one transaction: lock the person, write, audit, assess, history."""
    person, licence, fields, reference = validated_report(report)
    reason = _text(reason, TEXT_MAX_LENGTH, "reason", "備考")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        violation = new_record(actor, office, person, licence, fields, report, state=state, source=source,
                               reporter_reference=reference, caller=caller, source_system=source_system,
                               external_reference=external_reference)
        violation.save()
        action, fields, basis = registration_audit(violation)
        _after_change(actor, person, violation, lambda: record(actor, action, **fields), basis,
                      reason or f"{violation.get_state_display()}")
    return violation


def validated_report(report: dict, lookup: "Lookup | None" = None) -> tuple[Person, Licence | None, dict, str]:
    """The report checked (nothing written): the driver, their licence, the event's fields (with the
    engine's points) and the 違反等登録票's number; :class:`InvalidInput` naming the first bad field."""
    person, licence = _subject(report.get("licence_number"), report.get("person_id"), lookup or ONE_BY_ONE)
    fields = _event_fields(report, person)
    reference = _text(report.get("reporter_reference"), REFERENCE_MAX_LENGTH, "reporter_reference", "違反等登録票の番号")
    return person, licence, fields, reference


def new_record(actor, office: Affiliation, person: Person, licence: Licence | None, fields: dict, report: dict, *,
               state: str, source: str, reporter_reference: str, caller: str = "", source_system: str = "",
               external_reference: str = "") -> ViolationRecord:
    """The (unsaved) record of a checked report (:func:`validated_report`)."""
    return ViolationRecord(
        prefecture_id=office.prefecture_id, office=office, person=person, licence=licence, state=state,
        source=source, source_system=source_system, external_reference=external_reference,
        content_hash=content_hash(report) if external_reference else "", reporter_reference=reporter_reference,
        caller=caller, registered_by=actor.actor_name, **fields)


def registration_audit(violation: ViolationRecord) -> tuple[str, dict, object]:
    """The registration's audit action and fields, and its legal basis (第28条第2項, 仮登録 第28条の2)."""
    provisional = violation.state == RecordState.PROVISIONAL
    basis = legal.KITEI_28NO2_2 if provisional else legal.KITEI_28_2
    return (Action.PROVISIONAL if provisional else Action.REGISTER,
            {"object_type": "violationrecord", "object_id": violation.pk, "person_id": violation.person_id,
             "subject_prefecture": violation.prefecture_id,
             "detail": {"kind": violation.kind, "points": violation.points, "source": violation.source,
                        "office": violation.office.code, "legal_basis": str(basis)}},
            basis)


def history_change(violation: ViolationRecord, before, after) -> dict:
    """The history row's change: the record added, the points before and after."""
    return {"violation": (None, describe(violation)), "points": (before, after)}


def _after_change(actor, person: Person, violation: ViolationRecord, audit, basis, reason: str) -> Assessment:
    """Re-assess the person and add the history row with the points before and after. ``audit`` is the
    change's audit event, or the function that records it: called after the law engine has answered,
    so that the audit chain's head (locked until commit) is held as briefly as possible."""
    before = Assessment.objects.filter(person=person).order_by("-pk").values_list("points", flat=True).first()
    assessment = _assess(actor, person, violation)
    event = audit() if callable(audit) else audit
    add_history(actor, person, violation.licence, f"violation.{violation.state}",
                history_change(violation, before, assessment.points), reason[:TEXT_MAX_LENGTH], basis, event)
    return assessment


# --- confirmation and deletion -------------------------------------------------------------------


@procedure(legal.KITEI_28NO2_2, rule=CONFIRM.name)
def confirm_violation(actor, violation: ViolationRecord, *, reporter_reference: str = "",
                      reason: str = "") -> ViolationRecord:
    """The 違反等登録票 of a 仮登録 arrived: the 仮登録 becomes a registration (第28条の2第2項). A
    仮登録 whose papers say otherwise is struck out and registered again (第3項)."""
    authorize(actor, CONFIRM.name, violation, action=Action.CONFIRM, person_id=violation.person_id)
    reference = _text(reporter_reference, REFERENCE_MAX_LENGTH, "reporter_reference", "違反等登録票の番号")
    reason = _text(reason, TEXT_MAX_LENGTH, "reason", "備考")
    extra = {"reporter_reference": reference} if reference else {}
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=violation.person_id)
        event = RECORDS.apply(actor, violation, "confirm", reason=reason, confirmed_by=actor.actor_name,
                              confirmed_at=timezone.now(), **extra)
        _after_change(actor, person, violation, event, legal.KITEI_28NO2_2, reason or "違反等登録票の到着による確認")
    return violation


@procedure(legal.KITEI_28_4, rule=DELETE.name)
def delete_violation(actor, violation: ViolationRecord, *, reason: str, not_registrable: bool = False
                     ) -> ViolationRecord:
    """抹消 at the 署長等's request (抹消登録依頼書, 第28条第3項), or 不適格抹消 (``not_registrable``: found
    not registrable, 第28条第4項; also a wrong 仮登録, 第28条の2第3項); the driver is re-assessed."""
    name = "strike_out" if not_registrable else "delete"
    transition = RECORDS.transition(name)
    authorize(actor, transition.rule, violation, action=transition.audit_action, person_id=violation.person_id)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"「{transition.label_ja}」の理由を入力してください。", field="reason")
    reason = _text(reason, TEXT_MAX_LENGTH, "reason", "理由")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=violation.person_id)
        event = RECORDS.apply(actor, violation, name, reason=reason, ended_by=actor.actor_name,
                              ended_at=timezone.now(), end_reason=reason)
        _after_change(actor, person, violation, event, transition.legal_basis, reason)
    return violation


# --- the assessment ------------------------------------------------------------------------------


def _assess(actor, person: Person, cause: ViolationRecord | None) -> Assessment:
    """Ask the law engine (audited) for the person's points, 前歴 and outcome; keep and announce it."""
    counted = list(ViolationRecord.objects.filter(person=person, state__in=COUNTED_STATES)
                   .order_by("violation_date", "pk"))
    as_of, data = assessment_input(person, counted)
    ok, result = judge(actor, "assess", data, channel="violations")
    if not ok:
        raise_refused(result)
    assessment = new_assessment(actor, person, cause, counted, as_of, result)
    assessment.save()
    record(actor, Action.ASSESS, **assessment_audit(assessment, person))
    for listener in ASSESSED:
        listener(actor, assessment)
    return assessment


def assessment_input(person: Person, counted: list[ViolationRecord], others: list[dict] | None = None
                     ) -> tuple[date, dict]:
    """The engine's input for ``person`` with their ``counted`` records (oldest first): every point
    event, the ``others`` the :data:`ENGINE_EVENTS` providers keep (asked here when not given),
    ``as_of`` the newest event's date, and their licence (or ``applicant``)."""
    if others is None:
        others = other_events([person.pk]).get(person.pk, [])
    events = [engine_event(v) for v in counted if v.kind in POINT_KINDS] + others
    days = [v.violation_date for v in counted] + [date.fromisoformat(event["date"]) for event in others]
    as_of = max(days, default=timezone.localdate())
    return as_of, {"as_of": as_of.isoformat(), "person": {"birth_date": person.birth_date.isoformat()},
                   "licences": _licences(person), "applicant": not _holds_licence(person), "events": events}


def register_events(person: Person) -> list[dict]:
    """What the register holds of ``person``'s driving record as the law engine's events, oldest first:
    the counted violation records and the other providers' events (dispositions executed, courses
    attended, refusals notified) — the same events the assessment is given (the renewal's driver class
    is judged on them too, 規程第16条; 道路交通法第92条の2)."""
    return register_events_of([person.pk]).get(person.pk, [])


def register_events_of(person_ids: list[int]) -> dict[int, list[dict]]:
    """:func:`register_events` of many persons at once (the monthly 更新連絡書): one query for the
    violation records and one per other provider, whatever the number of persons."""
    found = other_events(person_ids)
    counted = (ViolationRecord.objects.filter(person_id__in=person_ids, state__in=COUNTED_STATES, kind__in=POINT_KINDS)
               .order_by("violation_date", "pk"))
    for violation in counted:
        found.setdefault(violation.person_id, []).append(engine_event(violation))
    for events in found.values():
        events.sort(key=lambda event: event["date"])
    return found


def other_events(person_ids: list[int]) -> dict[int, list[dict]]:
    """The :data:`ENGINE_EVENTS` of ``person_ids``, each person's oldest first."""
    found: dict[int, list[dict]] = {}
    for provider in ENGINE_EVENTS:
        for person_id, events in provider(person_ids).items():
            found.setdefault(person_id, []).extend(events)
    for events in found.values():
        events.sort(key=lambda event: event["date"])
    return found


def reassess(actor, person: Person) -> Assessment:
    """Assess ``person`` again after an event kept outside this app changed (a course attended, a
    disposition executed); called inside the caller's transaction, the person's row locked."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    return _assess(actor, person, None)


def raise_refused(result: dict):
    raise InvalidInput(f"点数の判定ができません：{result['error']['message']}", field="violation_date",
                       code=result["error"]["code"])


def new_assessment(actor, person: Person, cause: ViolationRecord | None, counted: list[ViolationRecord],
                   as_of: date, result: dict) -> Assessment:
    """The engine's answer as an (unsaved) :class:`Assessment`, the non-point events noted in its trace."""
    others = [v for v in counted if v.kind not in POINT_KINDS]
    if others:
        result["trace"].append({
            "step": "non_point_events",
            "detail": "点数によらない処分の対象（" + "、".join(describe(v) for v in others) + "）: 点数には数えず、"
                      "処分は聴聞を経て別に決定する（別表第四・第五の全表は未確認）",
            "reference": NON_POINT_REFERENCE, "assumption": True})
    outcome = result["outcome"]
    return Assessment(
        person=person, as_of=as_of, points=result["points"], prior_dispositions=result["prior_dispositions"],
        action=outcome["action"], days=outcome.get("days"), disqualification_years=outcome.get("disqualification_years"),
        result=result, cause=cause, cause_change=cause.state if cause else "", created_by=actor.actor_name)


def assessment_audit(assessment: Assessment, person: Person) -> dict:
    """The fields of the assessment's audit event (``violations.assess``)."""
    return {"object_type": "assessment", "object_id": assessment.pk, "person_id": person.pk,
            "subject_prefecture": person.home_prefecture_id,
            "detail": {"points": assessment.points, "prior": assessment.prior_dispositions,
                       "action": assessment.action, "days": assessment.days, "cause": assessment.cause_id}}


def engine_event(violation: ViolationRecord) -> dict:
    """The record as a ``violation`` event of the law engine (rules-contract §1)."""
    event = {"type": "violation", "date": violation.violation_date.isoformat(), "code": violation.code,
             "alcohol": violation.alcohol, "hit_and_run": violation.hit_and_run}
    if violation.accident_severity:
        event["accident"] = {"severity": violation.accident_severity, "sole_fault": bool(violation.sole_fault)}
    if violation.vehicle:
        event["vehicle"] = violation.vehicle
    return event


def _licences(person: Person) -> list[dict]:
    """The kinds of the current licence as the engine's ``licences`` (rules-contract §1): a 特例取得免許
    (``LicenceKindHeld.special_course``) with ``special_route: true``, so that its 若年運転者期間 (令第39条の2の2;
    law-rules §4.2) is judged and an attended 若年運転者講習 has a period to apply to."""
    licence = person.current_licence
    if licence is None:
        return []
    return [{"kind": k.kind_id, "acquired": k.acquired_on.isoformat()} | ({"special_route": True} if k.special_course
                                                                          else {})
            for k in licence.kinds.all()]


def _holds_licence(person: Person) -> bool:
    return person.current_licence is not None


def describe(violation: ViolationRecord) -> str:
    """「令和8年1月10日 信号無視（赤色等） 2点」: the record as staff read it (no codes)."""
    name = violation_name(violation)
    points = f" {violation.points}点" if violation.points is not None else ""
    return f"{wareki(violation.violation_date)} {name}{points}"


def violation_name(violation: ViolationRecord) -> str:
    row = points_module.rows().get(violation.code)
    if violation.kind == ViolationKind.OFF_ROAD:
        return "道路外致死傷"
    if violation.kind == ViolationKind.INSTIGATION:
        return f"重大違反唆し等（{row.name if row else ''}）"
    return row.name if row else violation.get_kind_display()


# --- validation ----------------------------------------------------------------------------------


class Lookup:
    """Where :func:`_office` and :func:`_subject` find offices, licences and persons: the database, one
    query each; the bulk intake passes one that was filled for a whole chunk of items at once."""

    def office(self, code: str) -> Affiliation | None:
        return Affiliation.objects.filter(code=code).first()

    def licence(self, number: str) -> Licence | None:
        return Licence.objects.select_related("person").filter(number=number).first()

    def person(self, pk: int) -> Person | None:
        return Person.objects.filter(pk=pk).first()


ONE_BY_ONE = Lookup()


def _office(actor, code, lookup: Lookup = ONE_BY_ONE) -> Affiliation:
    """The reporting office (署長等): the actor's own unless another office's code is given."""
    code = str(code or "").strip()
    if not code:
        office = getattr(actor, "affiliation", None)
        if office is None:
            raise InvalidInput("報告した所属（署長等）を指定してください。", field="office_code")
        return office
    office = lookup.office(code[:8])
    if office is None:
        raise InvalidInput(f"所属コード「{code[:8]}」の所属はありません。", field="office_code")
    return office


def _subject(licence_number, person_id, lookup: Lookup = ONE_BY_ONE) -> tuple[Person, Licence | None]:
    """The driver: by licence number, or — 無免許, no licence to name — by the person's number."""
    number = str(licence_number or "").strip()
    if number:
        if not LICENCE_NUMBER.fullmatch(number):
            raise InvalidInput("免許証番号は12桁の数字で入力してください。", field="licence_number")
        licence = lookup.licence(number)
        if licence is None:
            raise InvalidInput("その免許証番号の免許はありません。", field="licence_number")
        return licence.person, licence
    if person_id in (None, ""):
        raise InvalidInput("免許証番号（無免許の場合は運転者番号）を入力してください。", field="licence_number")
    try:
        person = lookup.person(int(person_id))
    except (TypeError, ValueError):
        person = None
    if person is None:
        raise InvalidInput("その運転者番号の運転者は登録されていません。", field="person_id")
    return person, None


def _event_fields(report: dict, person: Person) -> dict:
    """The event's fields, checked by kind and then by the law engine (code, date, vehicle …)."""
    kind = _choice(report.get("kind"), ViolationKind, "kind", "事案の態様")
    day = report.get("violation_date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise InvalidInput("違反日は YYYY-MM-DD で入力してください。", field="violation_date") from None
    if not isinstance(day, date):
        raise InvalidInput("違反日を入力してください。", field="violation_date")
    if day > timezone.localdate():
        raise InvalidInput(f"違反日（{wareki(day)}）に未来の日付は入力できません。", field="violation_date")
    if day < person.birth_date:
        raise InvalidInput(f"違反日が生年月日（{wareki(person.birth_date)}）より前です。", field="violation_date")
    fields = {
        "kind": kind, "violation_date": day, "code": str(report.get("code") or "").strip(),
        "alcohol": _choice(report.get("alcohol") or Alcohol.NONE, Alcohol, "alcohol", "酒気帯び"),
        "hit_and_run": _choice(report.get("hit_and_run") or HitAndRun.NONE, HitAndRun, "hit_and_run", "あて逃げ・ひき逃げ"),
        "accident_severity": str(report.get("accident_severity") or ""), "sole_fault": report.get("sole_fault"),
        "vehicle": str(report.get("vehicle") or "").strip(),
    }
    _check_kind(fields)
    if fields["vehicle"] and fields["vehicle"] not in vehicle_choices():
        raise InvalidInput("車両を一覧から選んでください。", field="vehicle")
    fields["points"] = _engine_points(fields) if kind in POINT_KINDS else None
    return fields


def _check_kind(fields: dict) -> None:
    """What 第28条第1項's table asks of each kind: a violation of the right 別表第二 part, the accident's
    result for 交通事故 and 道路外致死傷, no violation for 道路外致死傷 (no points: 別表第五)."""
    kind, code = fields["kind"], fields["code"]
    row = points_module.rows().get(code)
    if kind == ViolationKind.OFF_ROAD:
        fields["code"] = ""
    elif not code:
        raise InvalidInput("違反行為を選んでください。", field="code")
    elif row is None:
        raise InvalidInput("違反行為を一覧から選んでください。", field="code", code="unknown_violation")
    elif kind == ViolationKind.GENERAL and row.specified:
        raise InvalidInput(f"「{row.name}」は特定違反行為です。事案の態様を「特定違反行為」としてください。", field="kind")
    elif kind == ViolationKind.SPECIFIED and not row.specified:
        raise InvalidInput(f"「{row.name}」は一般違反行為です。事案の態様を「一般違反行為」としてください。", field="kind")
    accident = kind in (ViolationKind.ACCIDENT, ViolationKind.OFF_ROAD)
    if accident:
        fields["accident_severity"] = _choice(fields["accident_severity"], Severity, "accident_severity", "交通事故の結果")
        if kind == ViolationKind.ACCIDENT and not isinstance(fields["sole_fault"], bool):
            raise InvalidInput("事故が専ら違反者の不注意によるものかを選んでください。", field="sole_fault")
    elif fields["accident_severity"]:
        raise InvalidInput("交通事故の結果は、事案の態様が「交通事故」「道路外致死傷」のときに入力します。",
                           field="accident_severity")
    if kind != ViolationKind.ACCIDENT:
        fields["sole_fault"] = None


def _engine_points(fields: dict) -> int:
    """The event's own points by the law engine; its refusal (unknown code, a vehicle outside the point
    system, no table in force …) becomes the field's error with the engine's reason."""
    event = engine_event(ViolationRecord(**{k: v for k, v in fields.items() if k != "points"}))
    try:
        return int(assess({"as_of": fields["violation_date"].isoformat(), "events": [event]})["points"])
    except RulesError as error:
        field, label = ENGINE_FIELDS.get((error.path or "").removeprefix("events[0]."), ("code", "違反行為"))
        message = re.sub(r"events\[0\]\.[a-z_.]+ ?", label, error.message)
        raise InvalidInput(message, field=field, code=error.code) from None


def _choice(value, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise InvalidInput(f"{label}を一覧から選んでください。", field=field)
    return str(value)


def _text(value, limit: int, field: str, label: str) -> str:
    value = str(value or "").strip()
    if len(value) > limit:
        raise InvalidInput(f"{label}は{limit}文字以内で入力してください。", field=field)
    return value


def content_hash(report: dict) -> str:
    """What a resend must repeat exactly to be the same item (idempotency of the bulk intake)."""
    content = {name: str(report.get(name) if report.get(name) is not None else "") for name in CONTENT_FIELDS}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# --- reading -------------------------------------------------------------------------------------


def person_violations(actor, person_id) -> tuple[Person, list[ViolationRecord], Assessment | None]:
    """A person's violations (every state) and their latest assessment: for their own prefecture's
    staff, or a prefecture that registered one of them (a read of the person's record: audited)."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound("指定された運転者は登録されていません。")
    subject = person
    if not allowed(actor, VIEW.name, person):
        subject = ViolationRecord.objects.filter(person=person, prefecture_id=actor.prefecture_id).first() or person
    authorize(actor, VIEW.name, subject, action=Action.READ, person_id=person.pk)
    violations = list(ViolationRecord.objects.filter(person=person).select_related("office", "licence"))
    latest = Assessment.objects.filter(person=person).order_by("-pk").first()
    record(actor, Action.READ, object_type="person", object_id=person.pk, person_id=person.pk,
           subject_prefecture=person.home_prefecture_id, detail={"violations": len(violations)})
    return person, violations, latest


def get_assessment(actor, assessment_id: int) -> Assessment:
    """One assessment with its trace, for those who may read the person's violations."""
    assessment = Assessment.objects.filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFound("その判定はありません。")
    person_violations(actor, assessment.person_id)
    return assessment


def provisional_queue(actor) -> list[ViolationRecord]:
    """The 仮登録 of the actor's prefecture waiting for their 違反等登録票, oldest first."""
    authorize(actor, LIST_PROVISIONAL.name, action=Action.LIST)
    found = list(ViolationRecord.objects.visible_to(actor).filter(state=RecordState.PROVISIONAL)
                 .select_related("person", "office", "licence").order_by("registered_at", "pk")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="violationrecord", detail={"ids": [v.pk for v in found]})
    return found


def load_violation(violation_id) -> ViolationRecord:
    try:
        violation = ViolationRecord.objects.select_related("person", "office").filter(pk=int(violation_id)).first()
    except (TypeError, ValueError):
        violation = None
    if violation is None:
        raise NotFound("その違反等登録はありません。")
    return violation

