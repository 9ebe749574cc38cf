"""照会 (規程第45条): find holders by licence number, My Number record number, or name and date of birth.

- A purpose (照会事由, :mod:`menkyo.registry.purposes`) is required: without one the
  inquiry is refused before anything is looked up, and nothing is recorded as read.
- The 照会 role finds every prefecture's holders; the other roles that read the
  register find only their own prefecture's (others' matches are left out, and
  nothing tells that they exist).
- A name search needs the date of birth: kana readings compare on
  :func:`~menkyo.core.kana.inquiry_kana_key`, kanji names on
  :func:`~menkyo.core.kanji.kanji_key`; a partial name finds candidates, ranked
  (the exact reading or name first), never more than :data:`MAX_MATCHES`.
- Each inquiry is stored (:class:`~menkyo.inquiry.models.Inquiry`) and audited
  once (``inquiry.holder.inquire``, the purpose, the matched person ids).
- Every answer carries the alert (手配) hits of the persons found (:func:`menkyo.alerts.services.record_hits`,
  one query; each hit stored and notified to the requesting office, 規程第46条第4項).
- What the answer shows depends on the purpose and the inquirer's role (:mod:`menkyo.inquiry.disclosure`):
  history only where the purpose and role allow it (one query for the whole answer), alert details only
  to those who must act on them (others are told to contact their supervisor).
- Rate limits per operator and per device (:data:`RATE_LIMITS`, setting
  ``MENKYO_INQUIRY_RATE_LIMITS``) count the stored inquiries in the database,
  so they hold across every worker process; two requests racing at the very
  limit may both pass (the limit is a brake, not a quota). The count is read
  with the search (one statement on the primary); an inquiry over the limit is
  refused with nothing answered and nothing recorded as read.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, connections, router, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from menkyo.alerts.services import Hit, active_alerts, any_active_sql, record_hits
from menkyo.audit.recorder import append, new_event, record, record_along, take_seq
from menkyo.core import legal, sql
from menkyo.core.db_router import PRIMARY, replica_reads
from menkyo.core.errors import DomainError, InvalidInput
from menkyo.core.kana import inquiry_kana_key, normalise_kana
from menkyo.core.kanji import kanji_key
from menkyo.core.legal import procedure
from menkyo.core.permissions import allowed, authorize
from menkyo.core.recording import Outcome
from menkyo.core.wareki import DateParseError, parse_date
from menkyo.inquiry.actions import Action
from menkyo.inquiry.disclosure import RECORDS, Disclosure, Section, disclosure_for
from menkyo.inquiry.models import Criteria, Inquiry, inquiry_rows, store
from menkyo.inquiry.permissions import MAKE_INQUIRY, SEE_ALL_PREFECTURES
from menkyo.registry.models import (
    CURRENT_STATUSES,
    HistoryEvent,
    Licence,
    LicenceKind,
    LicenceKindHeld,
    Person,
)
from menkyo.registry.purposes import ReadPurpose, clean_purpose
from menkyo.registry.services import clean_birth_date, parse_licence_number

MAX_MATCHES = 20
# History lines answered per person (newest first) where the purpose and role allow history.
HISTORY_LIMIT = 20
# Candidates read for one date of birth before ranking (a date has a few thousand holders nationwide).
MAX_CANDIDATES = 2000
# (inquiries, seconds) per operator and per device.
RATE_LIMITS = {"operator": (30, 60), "device": (120, 60)}


class TooManyInquiries(DomainError):
    status = 429
    default_code = "too_many_requests"


@dataclass
class Found:
    """A person the search found, with every licence of theirs and the kinds held on each (one read)."""

    person: Person
    licences: list[Licence] = field(default_factory=list)
    kinds: dict[int, list[LicenceKindHeld]] = field(default_factory=dict)  # licence id → kinds, in card order


@dataclass
class Searched:
    """What the search read: the persons found and, read with them on the primary, the rate count,
    whether any of them has an active alert (手配) and which of the sections kept elsewhere may have
    lines for them. ``alerted`` is True and ``recorded`` None when not known (look them up)."""

    found: list[Found]
    recent: int = 0
    alerted: bool = True
    recorded: frozenset[Section] | None = None


@dataclass(frozen=True)
class RateLimit:
    """At most ``count`` inquiries in ``seconds`` by the operator or device ``actor_id`` (``kind``)."""

    kind: str
    actor_id: int
    count: int
    seconds: int


@dataclass
class Match:
    person: Person
    licence: Licence | None
    kinds: list[LicenceKindHeld] = field(default_factory=list)  # held on ``licence``, in card order
    hits: list[Hit] = field(default_factory=list)  # every hit; what is shown depends on the disclosure
    history: list[HistoryEvent] = field(default_factory=list)
    #: 累積点数, 未執行・処理中の行政処分, 欠格期間 as lines, per section shown (``disclosure.RECORDS``).
    records: dict[str, list[str]] = field(default_factory=dict)

    @property
    def home_prefecture(self) -> str:
        return self.licence.home_prefecture_id if self.licence else self.person.address_prefecture_id


@dataclass
class InquiryResult:
    inquiry: Inquiry
    matches: list[Match] = field(default_factory=list)
    truncated: bool = False
    limit: int = MAX_MATCHES
    disclosure: Disclosure | None = None


def _rate_limit(actor) -> RateLimit | None:
    kind = getattr(actor, "actor_kind", "")
    if kind not in ("operator", "device"):
        return None
    count, seconds = {**RATE_LIMITS, **getattr(settings, "MENKYO_INQUIRY_RATE_LIMITS", {})}[kind]
    return RateLimit(kind, actor.pk, count, seconds)


def _recent_sql(on, limit: RateLimit) -> tuple[str, list]:
    """``SELECT COUNT(*) AS recent`` of the actor's inquiries in its window, counting at most ``limit.count``.

    On the (actor, made_at) index: every inquiry runs it.
    """
    since = timezone.now() - timedelta(seconds=limit.seconds)
    return (f"SELECT COUNT(*) AS recent FROM (SELECT 1 FROM {sql.table(on, Inquiry)} WHERE {limit.kind}_id = %s"
            " AND made_at >= %s LIMIT %s) AS made", [limit.actor_id, on.ops.adapt_datetimefield_value(since), limit.count])


def _recent_inquiries(limit: RateLimit) -> int:
    """The count of :func:`_recent_sql` on its own, on the primary (when the search reads a replica)."""
    statement, params = _recent_sql(connection, limit)
    with sql.cursor(connection) as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def _check_rate(actor, purpose: str, limit: RateLimit | None, recent: int) -> None:
    if limit is None or recent < limit.count:
        return
    record(actor, Action.HOLDER_INQUIRE, object_type="inquiry", purpose=purpose, outcome=Outcome.DENIED,
           detail={"rate_limit": limit.kind, "limit": limit.count, "seconds": limit.seconds})
    who = "この操作者" if limit.kind == "operator" else "この端末"
    raise TooManyInquiries(
        f"{who}の照会が多すぎます（{limit.seconds}秒間に{limit.count}件まで）。しばらく待ってから照会してください。")


def _criteria(licence_number: str, record_number: str, name_kana: str, name: str, birth_date) -> tuple:
    given = [(k, v) for k, v in ((Criteria.LICENCE_NUMBER, licence_number), (Criteria.RECORD_NUMBER, record_number),
                                 (Criteria.NAME_KANA, name_kana), (Criteria.NAME, name)) if (v or "").strip()]
    if not given:
        raise InvalidInput("免許証番号、免許情報記録番号、またはカナ氏名・漢字氏名と生年月日を入力してください。",
                           field="licence_number", code="criteria_required")
    if len(given) > 1:
        raise InvalidInput("照会の条件は1つだけ指定してください（番号か氏名のどちらか）。",
                           field=given[1][0].value, code="criteria_ambiguous")
    kind, value = given[0]
    value = value.strip()
    if kind == Criteria.LICENCE_NUMBER:
        return kind, parse_licence_number(value, field="licence_number"), None
    if kind == Criteria.RECORD_NUMBER:
        digits = value.replace("-", "").replace(" ", "")
        if not (digits.isascii() and digits.isdigit() and len(digits) == 12):
            raise InvalidInput("免許情報記録番号は12桁の数字で入力してください。", field="record_number")
        return kind, digits, None
    if birth_date in (None, ""):
        raise InvalidInput("氏名で照会するときは生年月日を入力してください。", field="birth_date")
    if not isinstance(birth_date, date):
        try:
            birth_date = parse_date(str(birth_date))
        except DateParseError as exc:
            raise InvalidInput(exc.message, field="birth_date") from None
    birth_date = clean_birth_date(birth_date)
    key = inquiry_kana_key(value) if kind == Criteria.NAME_KANA else kanji_key(value)
    if not key:
        raise InvalidInput("氏名を入力してください。", field=kind.value)
    return kind, value, birth_date


def _licence_for(licences: list[Licence]) -> Licence | None:
    """The current licence, else the latest one (an expired or revoked licence still answers)."""
    current = [lic for lic in licences if lic.status in CURRENT_STATUSES]
    if current:
        return current[0]
    return max(licences, key=lambda lic: (lic.issue_date, lic.pk), default=None)


def _rank(kind, value: str, person: Person) -> tuple:
    if kind == Criteria.NAME_KANA:
        exact, key, stored = normalise_kana(value) == person.search_kana, inquiry_kana_key(value), person.inquiry_kana
    else:
        exact, key, stored = "".join(value.split()) == "".join(person.name.split()), kanji_key(value), person.search_kanji
    return (0 if exact else 1 if stored == key else 2 if stored.startswith(key) else 3, person.name_kana, person.pk)


@replica_reads()  # on the streaming replica when one is configured (docs/adr/0010-scale.md)
def _search(kind, value: str, birth_date: date | None, limit: RateLimit | None, records: list[Section]) -> Searched:
    """The persons matching one criterion, with their licences and kinds, and the actor's rate count.

    A number is looked up on its unique index; a name reads at most :data:`MAX_CANDIDATES`
    persons of that date of birth (the ORM builds that condition), ranked here. On the primary
    it is one statement with the rate count, the alert flag and a flag per section of ``records``
    (the sections kept elsewhere that the answer shows); on a replica the count is read from the
    primary (it must see the inquiries just stored) and the alerts and records are looked up there
    later (an alert registered a moment ago must hit).
    """
    alias = router.db_for_read(Person)
    on = connections[alias]
    if kind in (Criteria.LICENCE_NUMBER, Criteria.RECORD_NUMBER):
        column = on.ops.quote_name("number" if kind == Criteria.LICENCE_NUMBER else "mynumber_record_number")
        persons, params = f"= (SELECT person_id FROM {sql.table(on, Licence)} WHERE {column} = %s)", [value]
    else:
        if kind == Criteria.NAME_KANA:
            candidates = Person.objects.filter(birth_date=birth_date, inquiry_kana__contains=inquiry_kana_key(value))
        else:
            candidates = Person.objects.filter(birth_date=birth_date, search_kanji__contains=kanji_key(value))
        subquery, params = candidates.order_by("pk").values("pk")[:MAX_CANDIDATES].query.get_compiler(alias).as_sql()
        persons, params = f"IN ({subquery})", list(params)
    if alias == PRIMARY:
        searched = _holders(on, persons, params, limit, records)
    else:
        searched = _holders(on, persons, params, None, [], current=False)
        searched.recent = _recent_inquiries(limit) if limit else 0
    if kind in (Criteria.NAME_KANA, Criteria.NAME):
        searched.found.sort(key=lambda f: _rank(kind, value, f.person))
    return searched


def _holders(on, persons: str, params: list, limit: RateLimit | None, records: list[Section], *,
             current: bool = True) -> Searched:
    """The persons whose id is ``persons`` (``= (subquery)`` or ``IN (subquery)``), their licences and kinds.

    One plain-SQL statement (:mod:`menkyo.core.sql`): a row per kind held, persons in id order,
    kinds in card order (``LicenceKindHeld``'s ordering: the kind's display order). The kind's
    order is a subquery rather than a fourth join: PostgreSQL plans a join of four tables in
    more time than it takes to run it. The persons are joined to a one-row count of the actor's
    recent inquiries (:func:`_recent_sql`), so that the count comes back when nobody is found;
    with ``current`` (the primary), each row also says whether an alert is active on its person
    or its licence's card (:func:`menkyo.alerts.services.any_active_sql`) and, per section of
    ``records``, whether its :class:`~menkyo.inquiry.disclosure.RecordSource` may have lines for it.
    """
    person, licence, held = (sql.Reader.of(on, model) for model in (Person, Licence, LicenceKindHeld))
    recent, recent_params = _recent_sql(on, limit) if limit else ("SELECT 0 AS recent", [])
    alerted, alerted_params = any_active_sql(on, "p.id", "l.number") if current else ("FALSE", [])
    flags = [RECORDS[section].any_sql(on, "p.id") for section in records]
    flagged = "".join(f"{flag}, " for flag, _ in flags)
    statement = (
        f"SELECT {sql.columns(on, Person, 'p')}, {sql.columns(on, Licence, 'l')}, "
        f"{sql.columns(on, LicenceKindHeld, 'k')}, {alerted}, {flagged}r.recent FROM ({recent}) AS r "
        f"LEFT JOIN {sql.table(on, Person)} p ON p.id {persons} "
        f"LEFT JOIN {sql.table(on, Licence)} l ON l.person_id = p.id "
        f"LEFT JOIN {sql.table(on, LicenceKindHeld)} k ON k.licence_id = l.id "
        f"ORDER BY p.id, l.id, (SELECT display_order FROM {sql.table(on, LicenceKind)} t WHERE t.code = k.kind_id)"
    )
    with sql.cursor(on) as cursor:
        cursor.execute(statement, [*alerted_params, *(p for _, ps in flags for p in ps), *recent_params, *params])
        rows = cursor.fetchall()
    found: dict[int, Found] = {}
    kinds_end = person.width + licence.width + held.width
    for row in rows:
        person_id, licence_id, held_id = row[0], row[person.width], row[person.width + licence.width]
        if person_id is None:
            continue  # nobody found: the one row of the count
        holder = found.get(person_id) or found.setdefault(person_id, Found(person(row)))
        if licence_id is not None and licence_id not in holder.kinds:
            holder.licences.append(licence(row, person.width))
            holder.kinds[licence_id] = []
        if held_id is not None:
            holder.kinds[licence_id].append(held(row, person.width + licence.width))
    return Searched(list(found.values()), recent=rows[0][-1],
                    alerted=not current or any(row[kinds_end] for row in rows),
                    recorded=frozenset(s for i, s in enumerate(records) if any(row[kinds_end + 1 + i] for row in rows))
                    if current else None)


def _attach_history(matches: list[Match]) -> None:
    """The newest :data:`HISTORY_LIMIT` history lines of each match, in one query for the whole answer."""
    by_person = {m.person.pk: m for m in matches}
    newest_first = Window(RowNumber(), partition_by=[F("person_id")], order_by=[F("occurred_at").desc(),
                                                                                F("id").desc()])
    events = (HistoryEvent.objects.filter(person_id__in=list(by_person)).annotate(line=newest_first)
              .filter(line__lte=HISTORY_LIMIT).order_by("person_id", "line"))
    for event in events:
        by_person[event.person_id].history.append(event)


def _attach_records(matches: list[Match], disclosure: Disclosure, recorded: frozenset[Section] | None) -> None:
    """Each shown section kept elsewhere, one query per section for the whole answer; no line is「なし」.

    Only the sections the search flagged as possibly having lines (``recorded``; None: not known) are read.
    """
    ids = [m.person.pk for m in matches]
    for section in disclosure.recorded:
        lines = RECORDS[section].lines(ids) if recorded is None or section in recorded else {}
        for match in matches:
            match.records[section.value] = lines.get(match.person.pk, [])


def _store(actor, inquiry: Inquiry, alerts: list, subjects: dict, **fields) -> dict[int, list[Hit]]:
    """Store the inquiry and its persons, append its audit event, record its alert hits; the hits.

    PostgreSQL: the inquiry, its persons and its audit event are one statement
    (:func:`menkyo.audit.recorder.record_along`) that commits by itself, so the audit chain's
    head is locked only while it runs; a transaction only when alert hits are written with it.
    Elsewhere (SQLite): step by step in a transaction.
    """
    if connection.vendor != "postgresql":
        with transaction.atomic():
            head = take_seq()
            inquiry.audit_seq = head.seq
            store(inquiry)
            append(head, new_event(actor, Action.HOLDER_INQUIRE, object_type="inquiry", object_id=inquiry.pk,
                                   **fields))
            return record_hits(actor, inquiry_id=inquiry.pk, purpose=inquiry.purpose, alerts=alerts,
                               subjects=subjects)
    if not alerts:
        _store_at_once(actor, inquiry, **fields)
        return {}
    with transaction.atomic():
        _store_at_once(actor, inquiry, **fields)
        return record_hits(actor, inquiry_id=inquiry.pk, purpose=inquiry.purpose, alerts=alerts, subjects=subjects)


def _store_at_once(actor, inquiry: Inquiry, **fields) -> None:
    event, (inquiry_id,) = record_along(inquiry_rows(inquiry), actor, Action.HOLDER_INQUIRE, object_type="inquiry",
                                        **fields)
    sql.saved(inquiry, inquiry_id, connection)
    inquiry.audit_seq = event.seq


@procedure(legal.KITEI_45, rule=MAKE_INQUIRY.name)
def make_inquiry(actor, *, purpose: str, purpose_note: str = "", case_number: str = "",
                 licence_number: str = "", record_number: str = "", name_kana: str = "", name: str = "",
                 birth_date=None) -> InquiryResult:
    """Find holders by one criterion, for a stated 照会事由; stored and audited once. 規程第45条.

    ``birth_date`` (with a name) is a date or text in 和暦/西暦 (:func:`menkyo.core.wareki.parse_date`).
    """
    recorded = clean_purpose(purpose, purpose_note, case_number)  # nothing is read without a purpose
    authorize(actor, MAKE_INQUIRY.name, action=Action.HOLDER_INQUIRE, purpose=recorded)
    kind, value, birth = _criteria(licence_number, record_number, name_kana, name, birth_date)
    limit = _rate_limit(actor)
    code = ReadPurpose(purpose.strip()).value
    disclosure = disclosure_for(actor, code)
    searched = _search(kind, value, birth, limit, disclosure.recorded)
    _check_rate(actor, recorded, limit, searched.recent)  # over the limit: refused, nothing answered
    everywhere = allowed(actor, SEE_ALL_PREFECTURES.name)
    matches = []
    for found in searched.found:
        licence = _licence_for(found.licences)
        match = Match(found.person, licence, found.kinds[licence.pk] if licence else [])
        if everywhere or match.home_prefecture == actor.prefecture_id:
            matches.append(match)
    truncated = len(matches) > MAX_MATCHES
    matches = matches[:MAX_MATCHES]
    person_ids = [m.person.pk for m in matches]
    subjects = {m.person.pk: [m.licence.number] if m.licence else [] for m in matches}
    # Only when the search saw an active alert (or could not tell: a replica); before the chain head is taken.
    alerts = active_alerts(subjects) if searched.alerted else []
    kind_of = getattr(actor, "actor_kind", "")
    inquiry = Inquiry(
        operator=actor if kind_of == "operator" else None, device=actor if kind_of == "device" else None,
        actor=actor.actor_name, actor_prefecture=getattr(actor, "prefecture_id", "") or "",
        purpose=code, purpose_recorded=recorded, criteria=kind,
        person_ids=person_ids, truncated=truncated,
    )
    single = matches[0] if len(matches) == 1 else None
    hits = _store(actor, inquiry, alerts, subjects, person_id=single.person.pk if single else None,
                  subject_prefecture=single.home_prefecture if single else "", purpose=recorded,
                  detail={"criteria": kind.value, "person_ids": person_ids, "truncated": truncated,
                          "all_prefectures": everywhere, "alert_hits": sorted(a.pk for a in alerts),
                          "legal_basis": str(legal.KITEI_45)})
    for match in matches:
        match.hits = hits.get(match.person.pk, [])
    if matches and disclosure.shows(Section.HISTORY):
        _attach_history(matches)
    if matches:
        _attach_records(matches, disclosure, searched.recorded)
    return InquiryResult(inquiry, matches, truncated, disclosure=disclosure)
