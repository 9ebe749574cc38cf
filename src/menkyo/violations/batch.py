"""Bulk intake from other police systems (2-13 他システム連携: 交通反則通告・交通事故システム).

A device of kind ``other_system`` (no role; only this) sends up to :data:`MAX_BATCH_ITEMS` reports
at once. Each item is idempotent by ``(source_system, external_reference)`` — the system's name
is kept with the device's prefecture (``28:hansoku``), so two prefectures' systems never collide:
the same reference with the same content answers ``already_registered`` with the earlier record,
with other content it is refused (``reference_reused``); a resend never doubles a point. Each item
is answered alone: a bad item is refused with its code and Japanese message while the rest go in.

How (docs/adr/0016, "the bulk intake"): the items are written :data:`CHUNK_ITEMS` at a time, each
chunk in one transaction. Every item is checked first with lookups made for the whole chunk (a bad
item is refused before anything is written); then the chunk's drivers are locked (in ``pk`` order),
its records inserted in one statement (a reference another batch registered meanwhile is skipped by
the database and answered as a resend), each driver assessed once with all their counted records
(the chunk's included) and every listener of :data:`~menkyo.violations.services.ASSESSED` called
with the assessment, and last the chunk's audit events are appended in one go
(:func:`menkyo.audit.recorder.record_many`: the chain head is held only from there to the commit)
with each registration's history row. Should anything unforeseen refuse the chunk (the engine
refusing a driver's events, a listener's error), it is rolled back whole and its items are taken
again one by one (:func:`_item`), each alone as a single registration is.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from menkyo.audit.recorder import new_event, record, record_many
from menkyo.core import legal, sql
from menkyo.core.errors import Conflict, DomainError, InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome
from menkyo.judgement.services import judge_deferred
from menkyo.registry.models import CURRENT_STATUSES, HistoryEvent, Licence, Person
from menkyo.registry.services import new_history
from menkyo.violations import services
from menkyo.violations.actions import Action
from menkyo.violations.models import (
    COUNTED_STATES,
    Assessment,
    RecordState,
    Source,
    ViolationRecord,
)
from menkyo.violations.permissions import RECEIVE_BATCH

#: The most items one batch may carry (a system limit, not a law fact).
MAX_BATCH_ITEMS = 1000
#: Items written in one transaction (a system setting): the drivers' rows are locked for the chunk.
CHUNK_ITEMS = 50
NAME = re.compile(r"[A-Za-z0-9._-]{1,32}")
REFERENCE = re.compile(r"[A-Za-z0-9._:/-]{1,64}")

REGISTERED, ALREADY, REFUSED = "registered", "already_registered", "refused"


class Retry(Exception):  # noqa: N818 — not an error: the chunk is taken again item by item
    """The chunk cannot be written as one: roll it back and take its items one by one."""


@procedure(legal.KITEI_28_2, rule=RECEIVE_BATCH.name)
def receive_violation_batch(actor, items, *, source_system: str) -> list[dict]:
    """Register a batch of reports of the device's prefecture; one result per item, in order:
    ``{"index", "external_reference", "result", "violation_id", "code", "message"}``. A malformed batch
    (no items, too many, a bad system name) changes nothing."""
    office = getattr(actor, "affiliation", None)
    authorize(actor, RECEIVE_BATCH.name, office, action=Action.BATCH_RECEIVE)
    if not NAME.fullmatch(str(source_system or "")):
        raise InvalidInput("送信元システム名（source_system）は英数字と ._- の32文字以内です。", field="source_system")
    if not isinstance(items, list) or not items:
        raise InvalidInput("違反等の項目（items）を1件以上指定してください。", field="items")
    if len(items) > MAX_BATCH_ITEMS:
        raise InvalidInput(f"1回に送信できるのは{MAX_BATCH_ITEMS}件までです（{len(items)}件）。", field="items",
                           code="batch_too_large")
    system = f"{office.prefecture_id}:{source_system}"
    raws = [raw if isinstance(raw, dict) else {} for raw in items]
    results = []
    for start in range(0, len(raws), CHUNK_ITEMS):
        results += _chunk(actor, system, raws[start:start + CHUNK_ITEMS], start)
    counts = {kind: sum(1 for r in results if r["result"] == kind) for kind in (REGISTERED, ALREADY, REFUSED)}
    record(actor, Action.BATCH_RECEIVE, object_type="violationbatch", subject_prefecture=office.prefecture_id,
           detail={**counts, "items": len(items), "source_system": system, "legal_basis": str(legal.KITEI_28_2)})
    return [{name: value for name, value in r.items() if not name.startswith("_")} for r in results]


def _chunk(actor, system: str, raws: list[dict], start: int) -> list[dict]:
    """The chunk's results, written in one transaction; item by item when it cannot be (:class:`Retry`)."""
    try:
        with transaction.atomic():
            return Chunk(actor, system, raws, start).write()
    except (Retry, DomainError, IntegrityError):
        return [_item(actor, system, raw, start + i) for i, raw in enumerate(raws)]


# --- one chunk in one transaction ----------------------------------------------------------------


@dataclass
class Pending:
    """An item that passed every check, to be registered (or, ``first`` set, a repeat of an earlier
    item of the same chunk with the same reference and content)."""

    index: int
    reference: str
    raw: dict
    violation: ViolationRecord | None = None
    first: "Pending | None" = None
    earlier: ViolationRecord | None = None  # the record another batch registered meanwhile


class ChunkLookup(services.Lookup):
    """The offices, licences (with their holders), persons and earlier records the chunk's items name,
    each found with one query for the whole chunk."""

    def __init__(self, system: str, raws: list[dict]):
        def values(name, cut):
            return {cut(str(raw.get(name) or "").strip()) for raw in raws} - {""}

        self.offices = {a.code: a for a in Affiliation.objects.filter(code__in=values("office_code", lambda v: v[:8]))}
        self.licences = {lic.number: lic for lic in Licence.objects.select_related("person").filter(
            number__in=values("licence_number", str))}
        ids = {int(v) for v in values("person_id", str) if v.isdigit() and len(v) < 19}
        self.persons = {p.pk: p for p in Person.objects.filter(pk__in=ids)} if ids else {}
        self.earlier = {v.external_reference: v for v in ViolationRecord.objects.select_related("office").filter(
            source_system=system, external_reference__in=values("external_reference", lambda v: v[:64]))}

    def office(self, code):
        return self.offices.get(code)

    def licence(self, number):
        return self.licences.get(number)

    def person(self, pk):
        return self.persons.get(pk)


class Chunk:
    """Up to :data:`CHUNK_ITEMS` items written together (see the module's docstring)."""

    def __init__(self, actor, system: str, raws: list[dict], start: int):
        self.actor, self.system, self.start = actor, system, start
        self.lookup = ChunkLookup(system, raws)
        self.results: dict[int, dict] = {}
        self.pending: list[Pending] = []
        taken: dict[str, Pending] = {}
        for i, raw in enumerate(raws):
            self._check(start + i, raw, taken)

    def _check(self, index: int, raw: dict, taken: dict) -> None:
        reference = _reference(raw)
        try:
            _check_reference(reference)
            earlier = self.lookup.earlier.get(reference)
            if earlier is not None:
                self.results[index] = _repeated_result(index, raw, earlier)
                return
            first = taken.get(reference)
            if first is not None:
                _same_content(first.violation, raw)
                self.pending.append(Pending(index, reference, raw, first=first))
                return
            taken[reference] = pending = Pending(index, reference, raw, violation=self._record(reference, raw))
            self.pending.append(pending)
        except DomainError as error:
            self.results[index] = _result(index, reference, REFUSED, None, code=error.code, message=error.message,
                                          field=error.field)

    def _record(self, reference: str, raw: dict) -> ViolationRecord:
        office = services._office(self.actor, raw.get("office_code"), self.lookup)
        if office.prefecture_id != self.actor.prefecture_id:
            raise InvalidInput("報告した所属（office_code）は本県の所属を指定してください。", field="office_code",
                               code="office_other_prefecture")
        person, licence, fields, reporter_reference = services.validated_report(raw, self.lookup)
        return services.new_record(self.actor, office, person, licence, fields, raw, state=RecordState.REGISTERED,
                                   source=Source.OTHER_SYSTEM, reporter_reference=reporter_reference,
                                   source_system=self.system, external_reference=reference)

    def write(self) -> list[dict]:
        """Lock, insert, assess, audit; the results in the items' order."""
        new = [p for p in self.pending if p.first is None]
        persons = self._lock({p.violation.person_id for p in new})
        for p in new:
            p.violation.person = persons[p.violation.person_id]
        self._insert(new)
        registered = [p for p in new if p.violation.pk is not None]
        for p in self.pending:
            if p.index not in self.results:
                self.results[p.index] = self._answer(p)
        self._audit(self._assess(registered, persons))
        return [self.results[i] for i in sorted(self.results)]

    def _lock(self, ids: set[int]) -> dict[int, Person]:
        """The drivers' rows, locked in ``pk`` order (two chunks never wait on each other in a circle),
        with their current licences and its kinds."""
        persons = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        for licence in (Licence.objects.filter(person_id__in=ids, status__in=CURRENT_STATUSES)
                        .select_related("home_commission").prefetch_related("kinds")):
            persons[licence.person_id]._current_licence = licence
        return persons

    def _insert(self, new: list[Pending]) -> None:
        """One INSERT of the chunk's records, in reference order; a reference registered meanwhile by
        another batch (its transaction waited for) is skipped and answered as a resend."""
        if not new:
            return
        ordered = sorted((p.violation for p in new), key=lambda v: v.external_reference)
        insert, params = sql.insert(connection, ordered)
        with connection.cursor() as cursor:
            cursor.execute(f"{insert} ON CONFLICT DO NOTHING RETURNING id, external_reference", params)
            ids = {reference: pk for pk, reference in cursor.fetchall()}
        for violation in ordered:
            if violation.external_reference in ids:
                sql.saved(violation, ids[violation.external_reference], connection)
        missed = [p for p in new if p.violation.pk is None]
        if missed:
            found = {v.external_reference: v for v in ViolationRecord.objects.select_related("office").filter(
                source_system=self.system, external_reference__in=[p.reference for p in missed])}
            for p in missed:
                p.earlier = found.get(p.reference)
                if p.earlier is None:
                    raise Retry("a record neither inserted nor found")

    def _answer(self, p: Pending) -> dict:
        """The item's result once the records are in: registered, or the earlier record's answer."""
        if p.first is None and p.earlier is None:
            return _result(p.index, p.reference, REGISTERED, p.violation.pk, message="登録しました。",
                           person=p.violation.person_id, prefecture=p.violation.prefecture_id)
        earlier = p.earlier if p.first is None else (p.first.earlier or p.first.violation)
        try:
            return _repeated_result(p.index, p.raw, earlier)
        except DomainError as error:
            return _result(p.index, p.reference, REFUSED, None, code=error.code, message=error.message,
                           field=error.field)

    def _assess(self, registered: list[Pending], persons: dict[int, Person]) -> list[tuple]:
        """Each driver with a new record assessed once, after all of the chunk's records: per driver
        (assessment saved and listeners told, points before, the change's audit events so far)."""
        by_person: dict[int, list[ViolationRecord]] = {}
        for p in registered:
            by_person.setdefault(p.violation.person_id, []).append(p.violation)
        counted: dict[int, list[ViolationRecord]] = {pk: [] for pk in by_person}
        for v in (ViolationRecord.objects.filter(person_id__in=by_person, state__in=COUNTED_STATES)
                  .order_by("person_id", "violation_date", "pk")):
            counted[v.person_id].append(v)
        latest = Assessment.objects.filter(person_id__in=by_person).values("person_id").annotate(last=Max("pk"))
        before = dict(Assessment.objects.filter(pk__in=latest.values("last")).values_list("person_id", "points"))
        others = services.other_events(list(by_person))
        drivers = []
        for pk, records in by_person.items():
            as_of, data = services.assessment_input(persons[pk], counted[pk], others.get(pk, []))
            ok, result, judged = judge_deferred(self.actor, "assess", data, channel="violations")
            if not ok:
                raise Retry("the engine refused a driver's events")
            assessment = services.new_assessment(self.actor, persons[pk], records[-1], counted[pk], as_of, result)
            events = [new_event(self.actor, action, **fields)
                      for action, fields, _ in map(services.registration_audit, records)]
            drivers.append((assessment, before.get(pk), records, [*events, judged]))
        _insert_returning_ids([assessment for assessment, *_ in drivers])
        for assessment, *_ in drivers:
            for listener in services.ASSESSED:
                listener(self.actor, assessment)
        return drivers

    def _audit(self, drivers: list[tuple]) -> None:
        """The chunk's audit events in one append — per driver their registrations, the engine's answer
        and the assessment, then every item's result — and each registration's history row."""
        chain, history = [], []
        for assessment, before, records, events in drivers:
            chain += [*events, new_event(self.actor, Action.ASSESS,
                                         **services.assessment_audit(assessment, assessment.person))]
            history += [(violation, before, assessment.points, event) for violation, event in zip(records, events[:len(records)], strict=True)]
        chain += [_item_event(self.actor, self.results[i]) for i in sorted(self.results)]
        record_many(chain)
        _write_history([
            new_history(self.actor, v.person, v.licence, f"violation.{v.state}", services.history_change(v, before, after),
                        v.get_state_display(), legal.KITEI_28_2, event)
            for v, before, after, event in history])


def _insert_returning_ids(objs: list) -> None:
    """One multi-row INSERT of new instances of one model, each marked saved with its id (rather than
    ``bulk_create``, whose arrays PostgreSQL gets escaping the trace JSON element by element)."""
    if not objs:
        return
    insert, params = sql.insert(connection, objs)
    with connection.cursor() as cursor:
        cursor.execute(f"{insert} RETURNING id", params)
        ids = [pk for (pk,) in cursor.fetchall()]
    for obj, pk in zip(objs, ids, strict=True):
        sql.saved(obj, pk, connection)


def _write_history(rows: list[HistoryEvent]) -> None:
    if rows and connection.vendor == "postgresql":
        sql.copy(connection, rows)
    else:
        HistoryEvent.objects.bulk_create(rows)


def _item_event(actor, result: dict):
    """The audit event of one item's result (``violations.batch.item``)."""
    return new_event(actor, Action.BATCH_ITEM, **_item_audit(actor, result))


def _item_audit(actor, result: dict) -> dict:
    return {"object_type": "violationrecord", "object_id": result["violation_id"],
            "person_id": result.get("_person"), "subject_prefecture": result.get("_prefecture") or actor.prefecture_id,
            "outcome": Outcome.ERROR if result["result"] == REFUSED else Outcome.OK,
            "detail": {"index": result["index"], "result": result["result"], "code": result["code"],
                       "legal_basis": str(legal.KITEI_28_2)}}


def _reference(raw: dict) -> str:
    return str(raw.get("external_reference") or "")[:64]


def _check_reference(reference: str) -> None:
    if not REFERENCE.fullmatch(reference):
        raise InvalidInput("送信元の参照番号（external_reference）は英数字と ._:/- の64文字以内です。",
                           field="external_reference")


# --- results -------------------------------------------------------------------------------------


def _same_content(earlier, raw: dict) -> None:
    if earlier.content_hash != services.content_hash(raw):
        raise Conflict("この参照番号は別の内容で登録済みです。参照番号を確認してください。", field="external_reference",
                       code="reference_reused")


def _repeated_result(index: int, raw: dict, earlier: ViolationRecord) -> dict:
    """A resend: the earlier record's answer (``already_registered``), or refused when the content differs."""
    _same_content(earlier, raw)
    registered_at = f"{earlier.registered_at:%Y-%m-%d %H:%M}" if earlier.registered_at else ""
    return _result(index, earlier.external_reference, ALREADY, earlier.pk,
                   message=f"登録済みです（{registered_at} 受信、{earlier.get_state_display()}）。",
                   person=earlier.person_id, prefecture=earlier.prefecture_id)


def _result(index: int, reference: str, result: str, violation_id, *, code: str = "", message: str = "",
            field: str | None = None, person=None, prefecture: str = "") -> dict:
    """One item's answer (``_person``/``_prefecture``: for its audit event only, not sent)."""
    return {"index": index, "external_reference": reference, "result": result, "violation_id": violation_id,
            "code": code, "message": message, "field": field, "_person": person, "_prefecture": prefecture}


# --- one item alone (when its chunk cannot be written as one) ------------------------------------


def _item(actor, system: str, raw: dict, index: int) -> dict:
    reference = _reference(raw)
    try:
        _check_reference(reference)
        earlier = _earlier(system, reference)
        if earlier is not None:
            return _repeated(actor, index, raw, earlier)
        return _apply(actor, system, reference, raw, index)
    except DomainError as error:
        return _refused(actor, index, reference, error)


def _earlier(system: str, reference: str) -> ViolationRecord | None:
    return ViolationRecord.objects.filter(source_system=system, external_reference=reference).first()


def _repeated(actor, index: int, raw: dict, earlier: ViolationRecord) -> dict:
    result = _repeated_result(index, raw, earlier)
    record(actor, Action.BATCH_ITEM, **_item_audit(actor, result))
    return result


def _apply(actor, system: str, reference: str, raw: dict, index: int) -> dict:
    office = services._office(actor, raw.get("office_code"))
    if office.prefecture_id != actor.prefecture_id:
        raise InvalidInput("報告した所属（office_code）は本県の所属を指定してください。", field="office_code",
                           code="office_other_prefecture")
    try:
        with transaction.atomic():
            violation = services._register(actor, office, raw, state=RecordState.REGISTERED,
                                           source=Source.OTHER_SYSTEM, source_system=system,
                                           external_reference=reference)
            result = _result(index, reference, REGISTERED, violation.pk, message="登録しました。",
                             person=violation.person_id, prefecture=violation.prefecture_id)
            record(actor, Action.BATCH_ITEM, **_item_audit(actor, result))
            return result
    except IntegrityError:  # the same reference registered meanwhile by another batch
        earlier = _earlier(system, reference)
        if earlier is None:
            raise
        return _repeated(actor, index, raw, earlier)


def _refused(actor, index: int, reference: str, error: DomainError) -> dict:
    result = _result(index, reference, REFUSED, None, code=error.code, message=error.message, field=error.field)
    with transaction.atomic():
        record(actor, Action.BATCH_ITEM, **_item_audit(actor, result))
    return result
