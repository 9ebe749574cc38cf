"""Anomaly reports of the review of inquiries (照会履歴確認): one function per pattern.

Each report is a plain query over a :class:`Scope` (a prefecture, a period in
Japan time, optionally one office) that returns :class:`Flag` rows — the
flagged inquiry and a reason in Japanese. The patterns come from the misuse
cases in ``spec/procedures.md`` B.3 and ``spec/source-and-scale.md`` §3.5:

=====================  =====================================================================
``no_follow_up``       the stated purpose never led to business (神奈川 2002: 「その後に取り締まりが
                       行なわれていた形跡が無い」)
``repeated``           the same person looked up again and again by one operator (山形 2017–18)
``many_offices``       the same person looked up by several unrelated offices
``off_hours``          bursts outside duty hours (the unnamed 県警 of 2013: off duty)
``peer_volume``        volume far above the operator's colleagues (埼玉 2015: 10 people, 66 items)
``colleague``          lookups of a colleague (a person matching an operator by kana surname and birth date)
``surname``            lookups of people sharing the operator's surname (and, said in the reason, municipality)
``watch_list``         lookups of a person on the 公人等注意リスト
``two_terminals``      one account used from two terminals at once (佐賀: a colleague's ID and password)
``purpose_reuse``      one free-text purpose or case number reused verbatim across many people
=====================  =====================================================================

A flag is a prompt to look, never a finding: the reviewer decides
(:mod:`menkyo.oversight.services`). Thresholds are the constants below; a
site overrides them with ``MENKYO_OVERSIGHT = {"FOLLOW_UP_DAYS": 21, …}``.
Only operators' inquiries are reviewed here (a device's inquiries carry the
device, which is reviewed with its affiliation's terminal management).
"""

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import jpholiday
from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from menkyo.accounts.models import Operator
from menkyo.audit.models import AuditEvent
from menkyo.core.kana import normalise_kana
from menkyo.inquiry.models import InquiredPerson, Inquiry
from menkyo.oversight.models import WatchEntry
from menkyo.registry.models import HistoryEvent

#: Days within which a lookup's purpose must show in business (a case, an application, a change,
#: a disposition). Two weeks covers a counter application finished on a later visit and a traffic
#: stop whose report is entered within the week; 神奈川's plate lookups never had one at all.
FOLLOW_UP_DAYS = 14
#: How far before a lookup another event citing its case number is looked for. A case is opened
#: before its suspects are looked up; a quarter bounds the scan to an indexed time range.
CASE_LOOKBACK_DAYS = 90
#: Lookups of one person by one operator in the period, on at least two different days, that make
#: a pattern. A counter clerk looks a holder up two or three times in one visit (one day); the
#: 山形 officer looked an acquaintance up twice on different occasions.
REPEAT_LOOKUPS = 3
#: Offices with no business with a person that looked them up in the period. One office handles a
#: person's application; a second may answer a traffic stop; a third with no business is a pattern.
UNRELATED_OFFICES = 3
#: Duty hours in Japan time (start inclusive, end exclusive). Centres open on Sunday and close on
#: Saturday (source-and-scale §3.2), so Saturday and national holidays are off-hours; Sunday is not.
DUTY_HOURS = (7, 20)
#: Off-hours lookups by one operator within BURST_MINUTES that make a burst. A night-shift officer
#: checks one or two drivers at a stop; five within an hour at night is a search, not a stop.
OFF_HOURS_BURST = 5
BURST_MINUTES = 60
#: An operator whose lookups exceed PEER_FACTOR × the median of the same office's other operators
#: (at least PEER_MIN_PEERS of them) and PEER_MIN_LOOKUPS in the period. A median is not moved by
#: one heavy user the way a mean (and so a z-score) is, and offices are small.
PEER_FACTOR = 3.0
PEER_MIN_LOOKUPS = 30
PEER_MIN_PEERS = 3
#: Two terminal sessions of one account overlapping in time, or two client addresses within this
#: many minutes of each other: one person cannot work at two desks at once (佐賀).
TERMINAL_MINUTES = 10
#: Different persons looked up by one operator under one verbatim free-text purpose or case number.
#: A traffic accident involves a few people; a copied purpose over five or more is a template.
PURPOSE_REUSE_PERSONS = 5

#: Audit verbs that only read: they never count as the business that follows a lookup.
READ_VERBS = frozenset({"read", "inquire", "view", "open", "export", "search"})


def threshold(name: str):
    """A threshold by name: ``settings.MENKYO_OVERSIGHT[name]`` or the constant of this module."""
    return getattr(settings, "MENKYO_OVERSIGHT", {}).get(name, globals()[name])


@dataclass(frozen=True)
class Scope:
    """What a report looks at: a prefecture's operators' inquiries in a period (Japan dates), an office."""

    prefecture: str
    start: date
    end: date  # inclusive
    affiliation: str = ""
    now: datetime | None = None  # when the reports are read (tests judge the follow-up window later)

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def inquiries(self):
        qs = Inquiry.objects.filter(actor_prefecture=self.prefecture, made_at__gte=self.since,
                                    made_at__lt=self.until, operator__isnull=False)
        return qs.filter(operator__affiliation_id=self.affiliation) if self.affiliation else qs

    def hits(self):
        qs = InquiredPerson.objects.filter(prefecture=self.prefecture, made_at__gte=self.since,
                                           made_at__lt=self.until, operator__isnull=False)
        return qs.filter(affiliation_id=self.affiliation) if self.affiliation else qs


@dataclass(frozen=True)
class Flag:
    """One flagged inquiry: which report flagged it and why (Japanese)."""

    inquiry_id: int
    pattern: str
    reason: str


@dataclass(frozen=True)
class Pattern:
    code: str
    label: str
    description: str
    find: Callable[[Scope], list[Flag]]


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def family_kana(name_kana: str) -> str:
    """The surname part of a reading (``ヤマダ タロウ`` → ``ヤマダ``), normalised."""
    parts = (name_kana or "").replace("\u3000", " ").split()
    return normalise_kana(parts[0]) if parts else ""


def case_number(purpose_recorded: str) -> str:
    """The case number of a recorded purpose (``捜査:事件番号R8-123:…`` → ``R8-123``), else ""."""
    parts = purpose_recorded.split(":")
    return parts[1].removeprefix("事件番号") if len(parts) > 1 and parts[1].startswith("事件番号") else ""


# --- (a) no business followed ---------------------------------------------------------------


def _business(person_ids, since, until) -> dict[int, list[tuple[datetime, str]]]:
    """Business on each person in [since, until): (time, office code, "" for any office)."""
    done = defaultdict(list)
    events = AuditEvent.objects.filter(person_id__in=person_ids, occurred_at__gte=since, occurred_at__lt=until,
                                       outcome="ok").values_list("person_id", "occurred_at", "action",
                                                                 "affiliation_code")
    for person_id, at, action, office in events.iterator(chunk_size=2000):
        if action.rsplit(".", 1)[-1] not in READ_VERBS:
            done[person_id].append((at, office))
    history = HistoryEvent.objects.filter(person_id__in=person_ids, occurred_at__gte=since, occurred_at__lt=until)
    for person_id, at in history.values_list("person_id", "occurred_at").iterator(chunk_size=2000):
        done[person_id].append((at, ""))  # a registry change by any office follows the lookup
    return done


def _case_referenced(number: str, actor: str, made_at: datetime, until: datetime) -> bool:
    """The case number shows in another operator's event, or in a non-read event: the case exists.

    Only events from CASE_LOOKBACK_DAYS before the lookup to the end of the window are read (the
    time column is indexed; the text match runs on that range only)."""
    since = made_at - timedelta(days=threshold("CASE_LOOKBACK_DAYS"))
    events = AuditEvent.objects.filter(occurred_at__gte=since, occurred_at__lt=until, outcome="ok",
                                       purpose__contains=f"事件番号{number}")
    for who, action in events.values_list("actor", "action")[:200]:
        if who != actor or action.rsplit(".", 1)[-1] not in READ_VERBS:
            return True
    return False


def no_follow_up(scope: Scope) -> list[Flag]:
    """Lookups whose purpose never led to business within FOLLOW_UP_DAYS (神奈川 2002).

    Business on a person is a non-read audit event on them by the inquirer's
    office, or any registry history event (change, issue …) for them, after the
    lookup and within the window. For 捜査 and 行政処分 the case number also
    counts when another operator's event, or a non-read event, cites it: the
    case exists beyond this operator's own lookups. Lookups younger than the
    window are not judged yet.
    """
    days = timedelta(days=threshold("FOLLOW_UP_DAYS"))
    matured = (scope.now or timezone.now()) - days
    hits = list(scope.hits().filter(made_at__lte=matured)
                .values_list("inquiry_id", "person_id", "made_at", "affiliation_id", "inquiry__purpose_recorded",
                             "inquiry__actor"))
    done = _business({h[1] for h in hits}, scope.since, scope.until + days)
    cases: dict[tuple[str, str], bool] = {}
    missing: dict[int, int] = defaultdict(int)
    for inquiry_id, person_id, made_at, office, purpose, actor in hits:
        if any(made_at < at <= made_at + days and who in ("", office) for at, who in done.get(person_id, ())):
            continue
        number = case_number(purpose)
        if number:
            key = (number, actor)
            if key not in cases:
                cases[key] = _case_referenced(number, actor, made_at, made_at + days)
            if cases[key]:
                continue
        missing[inquiry_id] += 1
    days_n = threshold("FOLLOW_UP_DAYS")
    reason = f"照会後{days_n}日以内に、照会事由に当たる業務（申請・変更・処分・事件）の記録がない"
    return [Flag(i, "no_follow_up", f"{reason}（{n}人）") for i, n in sorted(missing.items())]


# --- (b) repeated lookups of one person -------------------------------------------------------


def repeated(scope: Scope) -> list[Flag]:
    """One operator looked up the same person REPEAT_LOOKUPS times or more, on two days or more (山形)."""
    k = threshold("REPEAT_LOOKUPS")
    pairs = (scope.hits().values("operator_id", "person_id").annotate(n=Count("id")).filter(n__gte=k)
             .values_list("operator_id", "person_id"))
    flags = []
    for operator_id, person_id in pairs:
        rows = list(scope.hits().filter(operator_id=operator_id, person_id=person_id)
                    .values_list("inquiry_id", "made_at"))
        days = {local(at).date() for _, at in rows}
        if len(days) >= 2:
            reason = f"同じ操作者が同じ者を期間中に{len(rows)}回（{len(days)}日）照会"
            flags += [Flag(i, "repeated", reason) for i, _ in rows]
    return sorted(flags, key=lambda f: f.inquiry_id)


def many_offices(scope: Scope) -> list[Flag]:
    """UNRELATED_OFFICES or more offices with no business with the person looked them up in the period.

    An office is related when it recorded business (a non-read event) on the
    person between the start of the period and FOLLOW_UP_DAYS after its end.
    """
    m = threshold("UNRELATED_OFFICES")
    people = (scope.hits().values("person_id").annotate(n=Count("affiliation_id", distinct=True))
              .filter(n__gte=m).values_list("person_id", flat=True))
    people = list(people)
    if not people:
        return []
    done = _business(people, scope.since, scope.until + timedelta(days=threshold("FOLLOW_UP_DAYS")))
    flags = []
    for person_id in people:
        related = {office for _, office in done.get(person_id, ()) if office}
        rows = [r for r in scope.hits().filter(person_id=person_id).values_list("inquiry_id", "affiliation_id")
                if r[1] not in related]
        offices = {office for _, office in rows}
        if len(offices) >= m:
            reason = f"業務の記録のない{len(offices)}の所属が同じ者を照会"
            flags += [Flag(i, "many_offices", reason) for i, _ in rows]
    return sorted(flags, key=lambda f: f.inquiry_id)


# --- (c) off-hours bursts ---------------------------------------------------------------------


def is_off_hours(moment: datetime) -> bool:
    """Outside DUTY_HOURS (Japan time), or on a Saturday or a national holiday."""
    at = local(moment)
    start, end = threshold("DUTY_HOURS")
    return not (start <= at.hour < end) or at.weekday() == 5 or jpholiday.is_holiday(at.date())


def off_hours(scope: Scope) -> list[Flag]:
    """OFF_HOURS_BURST or more off-hours lookups by one operator within BURST_MINUTES."""
    start, end = threshold("DUTY_HOURS")
    holidays = [d for d, _ in jpholiday.between(scope.start, scope.end)]
    odd = (Q(made_at__hour__lt=start) | Q(made_at__hour__gte=end) | Q(made_at__week_day=7)
           | Q(made_at__date__in=holidays))
    rows = scope.inquiries().filter(odd).order_by("operator_id", "made_at").values_list("id", "operator_id", "made_at")
    by_operator = defaultdict(list)
    for inquiry_id, operator_id, made_at in rows:
        by_operator[operator_id].append((made_at, inquiry_id))
    size, width = threshold("OFF_HOURS_BURST"), timedelta(minutes=threshold("BURST_MINUTES"))
    flagged: dict[int, str] = {}
    for times in by_operator.values():
        for i, (first, _) in enumerate(times):
            window = [t for t in times[i:] if t[0] - first <= width]
            if len(window) >= size:
                reason = (f"勤務時間外（{local(first):%m月%d日 %H:%M}から{threshold('BURST_MINUTES')}分以内）に"
                          f"{len(window)}件の照会")
                for _, inquiry_id in window:
                    flagged.setdefault(inquiry_id, reason)
    return [Flag(i, "off_hours", r) for i, r in sorted(flagged.items())]


# --- (d) volume far above peers ---------------------------------------------------------------


def peer_volume(scope: Scope) -> list[Flag]:
    """An operator above PEER_FACTOR × the median of the same office's other operators."""
    counts = defaultdict(dict)
    rows = scope.inquiries().values("operator_id", "operator__affiliation_id").annotate(n=Count("id"))
    for row in rows:
        counts[row["operator__affiliation_id"]][row["operator_id"]] = row["n"]
    factor, minimum = threshold("PEER_FACTOR"), threshold("PEER_MIN_LOOKUPS")
    flags = []
    for office in counts.values():
        for operator_id, n in office.items():
            peers = [c for o, c in office.items() if o != operator_id]
            if len(peers) < threshold("PEER_MIN_PEERS") or n < minimum:
                continue
            median = statistics.median(peers)
            if n > factor * median:
                reason = f"同じ所属の他の操作者の中央値（{median:g}件）の{n / median:.1f}倍（{n}件）の照会"
                ids = scope.inquiries().filter(operator_id=operator_id).values_list("id", flat=True)
                flags += [Flag(i, "peer_volume", reason) for i in ids]
    return sorted(flags, key=lambda f: f.inquiry_id)


# --- (e) colleagues, the operator's own surname, the watch list -------------------------------


def colleague(scope: Scope) -> list[Flag]:
    """A person matching an operator of the prefecture by kana surname and birth date (a colleague or self)."""
    staff = defaultdict(list)
    operators = Operator.objects.filter(affiliation__prefecture_id=scope.prefecture, birth_date__isnull=False) \
        .exclude(family_name_kana="")
    for op in operators:
        staff[(op.birth_date, normalise_kana(op.family_name_kana))].append(op)
    if not staff:
        return []
    births = {birth for birth, _ in staff}
    hits = scope.hits().filter(person__birth_date__in=births).values_list(
        "inquiry_id", "operator_id", "person__birth_date", "person__name_kana")
    flags = []
    for inquiry_id, operator_id, birth, kana in hits:
        for op in staff.get((birth, family_kana(kana)), ()):
            who = "照会者本人" if op.pk == operator_id else f"同僚（{op.display_name}・{op.affiliation_id}）"
            flags.append(Flag(inquiry_id, "colleague", f"{who}と氏（カナ）・生年月日が一致する者の照会"))
    return sorted(set(flags), key=lambda f: f.inquiry_id)


def surname(scope: Scope) -> list[Flag]:
    """A person sharing the inquiring operator's kana surname (the reason adds a shared municipality)."""
    operators = Operator.objects.filter(affiliation__prefecture_id=scope.prefecture).exclude(family_name_kana="")
    flags = []
    for op in operators:
        own = normalise_kana(op.family_name_kana)
        hits = scope.hits().filter(operator=op).filter(
            Q(person__name_kana__startswith=op.family_name_kana) | Q(person__search_kana__startswith=own))
        rows = hits.values_list("inquiry_id", "person__name_kana", "person__address", "person__address_prefecture_id")
        for inquiry_id, kana, address, prefecture in rows:
            if family_kana(kana) != own:
                continue
            near = (op.home_municipality and op.home_municipality in address
                    and op.address_prefecture_id in (None, prefecture))
            where = f"・同じ市区町村（{op.home_municipality}）に住む" if near else ""
            flags.append(Flag(inquiry_id, "surname", f"照会者と同じ氏（{own}）{where}者の照会"))
    return sorted(flags, key=lambda f: f.inquiry_id)


def watch_list(scope: Scope) -> list[Flag]:
    """A person on the prefecture's 公人等注意リスト."""
    watched = WatchEntry.objects.filter(prefecture_id=scope.prefecture, active=True).values("person_id")
    ids = scope.hits().filter(person_id__in=watched).values_list("inquiry_id", flat=True).distinct()
    return [Flag(i, "watch_list", "公人等注意リストに登録された者の照会") for i in sorted(ids)]


# --- (f) one account on two terminals ---------------------------------------------------------


def _sessions(rows) -> dict[str, list]:
    sessions = defaultdict(list)
    for row in rows:
        sessions[row[1]].append(row)
    return sessions


def two_terminals(scope: Scope) -> list[Flag]:
    """One account in two terminal sessions at once (their time spans overlap), or at two client
    addresses within TERMINAL_MINUTES (佐賀). A new login on the same desk starts a new session after
    the last one ended: that is not flagged."""
    rows = scope.inquiries().exclude(terminal="").order_by("operator_id", "made_at").values_list(
        "operator_id", "id", "terminal", "client_address", "made_at")
    by_operator = defaultdict(list)
    for operator_id, *rest in rows:
        by_operator[operator_id].append(rest)
    width = timedelta(minutes=threshold("TERMINAL_MINUTES"))
    flagged: dict[int, str] = {}
    for items in by_operator.values():
        sessions = _sessions(items)
        spans = {t: (rs[0][3], rs[-1][3]) for t, rs in sessions.items()}
        for a in spans:
            for b in spans:
                if a < b and spans[a][0] <= spans[b][1] and spans[b][0] <= spans[a][1]:
                    reason = f"同じアカウントが2つの端末で同時に使用（{local(max(spans[a][0], spans[b][0])):%m月%d日 %H:%M}頃）"
                    for row in sessions[a] + sessions[b]:
                        flagged.setdefault(row[0], reason)
        for (i1, t1, addr1, at1), (i2, t2, addr2, at2) in zip(items, items[1:], strict=False):
            if addr1 and addr2 and addr1 != addr2 and t1 != t2 and at2 - at1 <= width:
                reason = f"{int((at2 - at1).total_seconds() // 60)}分以内に別の接続元（{addr1} → {addr2}）から照会"
                flagged.setdefault(i1, reason)
                flagged.setdefault(i2, reason)
    return [Flag(i, "two_terminals", r) for i, r in sorted(flagged.items())]


# --- (g) purposes reused verbatim -------------------------------------------------------------


def purpose_reuse(scope: Scope) -> list[Flag]:
    """One operator's verbatim free-text purpose or case number over PURPOSE_REUSE_PERSONS people or more."""
    r = threshold("PURPOSE_REUSE_PERSONS")
    groups = (scope.hits().exclude(inquiry__purpose_recorded=F("inquiry__purpose"))
              .values("operator_id", "inquiry__purpose_recorded").annotate(n=Count("person_id", distinct=True))
              .filter(n__gte=r))
    flags = []
    for group in groups:
        ids = scope.inquiries().filter(operator_id=group["operator_id"],
                                       purpose_recorded=group["inquiry__purpose_recorded"]).values_list("id", flat=True)
        reason = f"同じ照会事由の記載（{group['inquiry__purpose_recorded'][:40]}）で{group['n']}人を照会"
        flags += [Flag(i, "purpose_reuse", reason) for i in ids]
    return sorted(flags, key=lambda f: f.inquiry_id)


PATTERNS: dict[str, Pattern] = {p.code: p for p in (
    Pattern("no_follow_up", "業務につながらない照会", "照会事由に当たる業務（申請・変更・処分・事件）が照会後に記録されていない（神奈川型）",
            no_follow_up),
    Pattern("repeated", "同じ者の繰り返し照会", "同じ操作者が同じ者を複数の日に繰り返し照会", repeated),
    Pattern("many_offices", "複数所属からの照会", "業務の記録のない複数の所属が同じ者を照会", many_offices),
    Pattern("off_hours", "勤務時間外の集中照会", "勤務時間外・土曜・祝日に短時間で多数の照会", off_hours),
    Pattern("peer_volume", "同僚に比べ多い照会", "同じ所属の他の操作者に比べて照会件数が著しく多い", peer_volume),
    Pattern("colleague", "同僚の照会", "操作者（本人・同僚）と氏・生年月日が一致する者の照会", colleague),
    Pattern("surname", "同じ氏の者の照会", "照会者と同じ氏（カナ）の者の照会（同じ市区町村なら理由に表示）", surname),
    Pattern("watch_list", "注意リスト該当", "公人等注意リストに登録された者の照会", watch_list),
    Pattern("two_terminals", "複数端末での同時使用", "同じアカウントが同時に2つの端末・接続元から使用（佐賀型）", two_terminals),
    Pattern("purpose_reuse", "照会事由の使い回し", "同じ照会事由の記載・事件番号で多数の者を照会", purpose_reuse),
)}


def run_all(scope: Scope) -> list[Flag]:
    """Every report's flags for the scope."""
    return [flag for pattern in PATTERNS.values() for flag in pattern.find(scope)]
