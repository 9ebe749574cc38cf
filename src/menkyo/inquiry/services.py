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
  limit may both pass (the limit is a brake, not a quota).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from menkyo.alerts.services import Hit, record_hits
from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.db_router import replica_reads
from menkyo.core.errors import DomainError, InvalidInput
from menkyo.core.kana import inquiry_kana_key, normalise_kana
from menkyo.core.kanji import kanji_key
from menkyo.core.legal import procedure
from menkyo.core.permissions import allowed, authorize
from menkyo.core.recording import Outcome
from menkyo.core.wareki import DateParseError, parse_date
from menkyo.inquiry.actions import Action
from menkyo.inquiry.disclosure import Disclosure, Section, disclosure_for
from menkyo.inquiry.models import Criteria, Inquiry, record_persons
from menkyo.inquiry.permissions import MAKE_INQUIRY, SEE_ALL_PREFECTURES
from menkyo.registry.models import CURRENT_STATUSES, HistoryEvent, Licence, LicenceKindHeld, Person
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
class Match:
    person: Person
    licence: Licence | None
    hits: list[Hit] = field(default_factory=list)  # every hit; what is shown depends on the disclosure
    history: list[HistoryEvent] = field(default_factory=list)

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


def _rate_limits() -> dict:
    return {**RATE_LIMITS, **getattr(settings, "MENKYO_INQUIRY_RATE_LIMITS", {})}


def _recent_inquiries(kind: str, actor_id: int, since, limit: int) -> int:
    """How many inquiries the operator or device made since ``since``, counting at most ``limit``.

    Plain SQL on the (actor, made_at) index: every inquiry runs it, and the ORM's query building
    cost more than the lookup (bench/inquiry).
    """
    table = connection.ops.quote_name(Inquiry._meta.db_table)
    sql = (f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {kind}_id = %s"
           " AND made_at >= %s LIMIT %s) AS recent")
    with connection.cursor() as cursor:  # the primary: the inquiries just stored must count
        cursor.execute(sql, [actor_id, connection.ops.adapt_datetimefield_value(since), limit])
        return cursor.fetchone()[0]


def _check_rate(actor, purpose: str) -> None:
    kind = getattr(actor, "actor_kind", "")
    if kind not in ("operator", "device"):
        return
    count, seconds = _rate_limits()[kind]
    since = timezone.now() - timedelta(seconds=seconds)
    made = _recent_inquiries(kind, actor.pk, since, count)
    if made >= count:
        record(actor, Action.HOLDER_INQUIRE, object_type="inquiry", purpose=purpose, outcome=Outcome.DENIED,
               detail={"rate_limit": kind, "limit": count, "seconds": seconds})
        who = "この操作者" if kind == "operator" else "この端末"
        raise TooManyInquiries(
            f"{who}の照会が多すぎます（{seconds}秒間に{count}件まで）。しばらく待ってから照会してください。")


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


def _licence_for(person: Person) -> Licence | None:
    """The person's current licence, else the latest one (an expired or revoked licence still answers)."""
    licences = list(person.licences.all())
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
def _search(kind, value: str, birth_date: date | None) -> list[Person]:
    kinds = Prefetch("kinds", queryset=LicenceKindHeld.objects.select_related("kind"))
    licences = Prefetch("licences", queryset=Licence.objects.prefetch_related(kinds))
    people = Person.objects.prefetch_related(licences)
    if kind == Criteria.LICENCE_NUMBER:
        return list(people.filter(licences__number=value).distinct())
    if kind == Criteria.RECORD_NUMBER:
        return list(people.filter(licences__mynumber_record_number=value).distinct())
    if kind == Criteria.NAME_KANA:
        found = people.filter(birth_date=birth_date, inquiry_kana__contains=inquiry_kana_key(value))
    else:
        found = people.filter(birth_date=birth_date, search_kanji__contains=kanji_key(value))
    return sorted(found.order_by("pk")[:MAX_CANDIDATES], key=lambda p: _rank(kind, value, p))


def _attach_history(matches: list[Match]) -> None:
    """The newest :data:`HISTORY_LIMIT` history lines of each match, in one query for the whole answer."""
    by_person = {m.person.pk: m for m in matches}
    newest_first = Window(RowNumber(), partition_by=[F("person_id")], order_by=[F("occurred_at").desc(),
                                                                                F("id").desc()])
    events = (HistoryEvent.objects.filter(person_id__in=list(by_person)).annotate(line=newest_first)
              .filter(line__lte=HISTORY_LIMIT).order_by("person_id", "line"))
    for event in events:
        by_person[event.person_id].history.append(event)


def _attach_hits(actor, inquiry: Inquiry, matches: list[Match]) -> list[int]:
    """Record the alert hits of the answer (規程第46条第4項) and attach them; the alert ids hit."""
    subjects = {m.person.pk: [m.licence.number] if m.licence else [] for m in matches}
    hits = record_hits(actor, inquiry_id=inquiry.pk, purpose=inquiry.purpose, subjects=subjects)
    for match in matches:
        match.hits = hits.get(match.person.pk, [])
    return sorted({h.alert_id for found in hits.values() for h in found})


@procedure(legal.KITEI_45, rule=MAKE_INQUIRY.name)
def make_inquiry(actor, *, purpose: str, purpose_note: str = "", case_number: str = "",
                 licence_number: str = "", record_number: str = "", name_kana: str = "", name: str = "",
                 birth_date=None) -> InquiryResult:
    """Find holders by one criterion, for a stated 照会事由; stored and audited once. 規程第45条.

    ``birth_date`` (with a name) is a date or text in 和暦/西暦 (:func:`menkyo.core.wareki.parse_date`).
    """
    recorded = clean_purpose(purpose, purpose_note, case_number)  # nothing is read without a purpose
    authorize(actor, MAKE_INQUIRY.name, action=Action.HOLDER_INQUIRE, purpose=recorded)
    _check_rate(actor, recorded)
    kind, value, birth = _criteria(licence_number, record_number, name_kana, name, birth_date)
    everywhere = allowed(actor, SEE_ALL_PREFECTURES.name)
    matches = []
    for person in _search(kind, value, birth):
        match = Match(person, _licence_for(person))
        if everywhere or match.home_prefecture == actor.prefecture_id:
            matches.append(match)
    truncated = len(matches) > MAX_MATCHES
    matches = matches[:MAX_MATCHES]
    person_ids = [m.person.pk for m in matches]
    kind_of = getattr(actor, "actor_kind", "")
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            operator=actor if kind_of == "operator" else None, device=actor if kind_of == "device" else None,
            actor=actor.actor_name, actor_prefecture=getattr(actor, "prefecture_id", "") or "",
            purpose=ReadPurpose(purpose.strip()).value, purpose_recorded=recorded, criteria=kind,
            person_ids=person_ids, truncated=truncated,
        )
        alert_ids = _attach_hits(actor, inquiry, matches)
        record_persons(inquiry)  # the indexed "who looked at whom" rows (照会履歴確認)
        single = matches[0] if len(matches) == 1 else None
        event = record(actor, Action.HOLDER_INQUIRE, object_type="inquiry", object_id=inquiry.pk,
                       person_id=single.person.pk if single else None,
                       subject_prefecture=single.home_prefecture if single else "", purpose=recorded,
                       detail={"criteria": kind.value, "person_ids": person_ids, "truncated": truncated,
                               "all_prefectures": everywhere, "alert_hits": alert_ids,
                               "legal_basis": str(legal.KITEI_45)})
        inquiry.audit_seq = event.seq
        inquiry.save(update_fields=["audit_seq"])
    disclosure = disclosure_for(actor, inquiry.purpose)
    if matches and disclosure.shows(Section.HISTORY):
        _attach_history(matches)
    return InquiryResult(inquiry, matches, truncated, disclosure=disclosure)
