"""Services of the review of inquiries (照会履歴確認, 規程第45条; procedures.md B.3).

Reading the inquiry log is itself a read of personal data: every page, CSV
and API read here is audited (``oversight.inquiries.view``/``export``,
``oversight.report.view``) with the filters used and, for a person's
lookups, the person's id. The 監査 role sees its own prefecture's operators'
inquiries (``Inquiry.objects.visible_to(actor, "review")``).

The review workflow (:data:`menkyo.oversight.models.REVIEWS`): the
reviewer registers the flags of a period (:func:`register_flags`, also
``menkyo oversight flag``), marks each 正当 or 不適正 with a note
(:func:`decide`); a 不適正 finding goes to the operator's supervisor — the
決定 role of the operator's affiliation — who acknowledges it with the
measure taken (:func:`acknowledge`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed, authorize
from menkyo.core.recording import Outcome
from menkyo.inquiry.models import InquiredPerson, Inquiry
from menkyo.oversight.actions import Action
from menkyo.oversight.anomalies import PATTERNS, Flag, Scope, run_all
from menkyo.oversight.models import REVIEWS, Review, ReviewState, WatchEntry
from menkyo.oversight.permissions import (
    ACKNOWLEDGE_REVIEW,
    MANAGE_WATCH_LIST,
    REVIEW_INQUIRY,
    VIEW_INQUIRIES,
    VIEW_OUTCOMES,
)
from menkyo.registry.models import Licence, Person
from menkyo.registry.services import parse_licence_number

MAX_PERIOD_DAYS = 92  # a quarter: longer periods are split (the reports read every lookup of the period)
NOTE_MAX = 400


@dataclass
class FlagRow:
    """A flagged inquiry for a page or a CSV: the inquiry, every reason, its review."""

    inquiry: Inquiry
    reasons: list[str] = field(default_factory=list)
    review: Review | None = None


# --- validation -------------------------------------------------------------------------


def clean_period(start, end) -> tuple[date, date]:
    """A period of Japan dates, start ≤ end, at most :data:`MAX_PERIOD_DAYS` days."""
    today = timezone.localdate()
    start = start or today.replace(day=1)
    end = end or today
    if start > end:
        raise InvalidInput("期間の開始日は終了日以前の日付を指定してください。", field="start")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidInput(f"期間は{MAX_PERIOD_DAYS}日以内で指定してください。", field="end")
    return start, end


def clean_office(actor, code: str) -> str:
    """An office of the actor's prefecture, or ""."""
    code = (code or "").strip()
    if code and not Affiliation.objects.filter(code=code, prefecture_id=actor.prefecture_id).exists():
        raise InvalidInput(f"所属「{code[:8]}」は自県の所属にありません。", field="affiliation")
    return code


MAX_ID = 2**63 - 1


def _exists_id(value) -> bool:
    """An id a database can hold (a larger one would overflow SQLite's integer, not just miss)."""
    return isinstance(value, int) and 0 < value <= MAX_ID


def clean_pattern(code: str) -> str:
    if code not in PATTERNS:
        raise NotFound(f"レポート「{code[:30]}」はありません。")
    return code


def clean_note(note: str, *, required: bool) -> str:
    note = " ".join((note or "").split())
    if required and not note:
        raise InvalidInput("所見（理由）を入力してください。", field="note")
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"所見は{NOTE_MAX}文字以内で入力してください。", field="note")
    return note


def scope_for(actor, start=None, end=None, affiliation: str = "") -> Scope:
    start, end = clean_period(start, end)
    return Scope(actor.prefecture_id, start, end, clean_office(actor, affiliation))


def _filters(scope: Scope) -> dict:
    return {"start": scope.start.isoformat(), "end": scope.end.isoformat(), "affiliation": scope.affiliation}


# --- reading (audited) ------------------------------------------------------------------


def authorize_view(actor, action: str = Action.INQUIRIES_VIEW) -> None:
    """Only the 監査 role reads the inquiry log; a refusal is audited."""
    authorize(actor, VIEW_INQUIRIES.name, action=action)


def _rows(flags: list[Flag]) -> list[FlagRow]:
    by_id: dict[int, FlagRow] = {}
    inquiries = Inquiry.objects.filter(pk__in={f.inquiry_id for f in flags}).select_related(
        "operator__affiliation", "review")
    found = {i.pk: i for i in inquiries}
    for flag in flags:
        row = by_id.setdefault(flag.inquiry_id, FlagRow(found[flag.inquiry_id]))
        if flag.reason not in row.reasons:
            row.reasons.append(flag.reason)
    for row in by_id.values():
        row.review = getattr(row.inquiry, "review", None)
    return sorted(by_id.values(), key=lambda r: r.inquiry.made_at)


@procedure(legal.KITEI_45, rule=VIEW_INQUIRIES.name)
def report(actor, pattern: str, scope: Scope, *, channel: str = "web", export: bool = False) -> list[FlagRow]:
    """The inquiries one anomaly report flags in ``scope``; audited as a read of the log."""
    authorize_view(actor, Action.INQUIRIES_EXPORT if export else Action.REPORT_VIEW)
    pattern = clean_pattern(pattern)
    rows = _rows(PATTERNS[pattern].find(scope))
    record(actor, Action.INQUIRIES_EXPORT if export else Action.REPORT_VIEW, object_type="report",
           object_id=pattern, detail={**_filters(scope), "pattern": pattern, "rows": len(rows), "channel": channel})
    return rows


def summary(actor, scope: Scope) -> dict[str, int]:
    """Flagged inquiries per report (the index page); audited."""
    authorize_view(actor, Action.REPORT_VIEW)
    counts = {code: len({f.inquiry_id for f in p.find(scope)}) for code, p in PATTERNS.items()}
    record(actor, Action.REPORT_VIEW, object_type="report", object_id="summary",
           detail={**_filters(scope), "counts": counts})
    return counts


def _inquiries(actor, scope: Scope):
    return (Inquiry.objects.visible_to(actor, "review").filter(made_at__gte=scope.since, made_at__lt=scope.until)
            .select_related("operator__affiliation", "device__affiliation").order_by("-made_at"))


@procedure(legal.KITEI_45, rule=VIEW_INQUIRIES.name)
def lookups_by_operator(actor, username: str, scope: Scope, *, channel: str = "web", export: bool = False):
    """Every inquiry one operator of the prefecture made in the period."""
    action = Action.INQUIRIES_EXPORT if export else Action.INQUIRIES_VIEW
    authorize_view(actor, action)
    rows = list(_inquiries(actor, scope).filter(actor=username))
    record(actor, action, object_type="operator", object_id=username[:40],
           detail={**_filters(scope), "view": "operator", "rows": len(rows), "channel": channel})
    return rows


@procedure(legal.KITEI_45, rule=VIEW_INQUIRIES.name)
def lookups_of_person(actor, person_id: int, *, channel: str = "web", export: bool = False):
    """この人を照会した者 (for a disclosure request, 開示請求): every inquiry of the prefecture's operators
    that found the person, newest first, with who, when, from where and why. Audited with the person."""
    action = Action.INQUIRIES_EXPORT if export else Action.INQUIRIES_VIEW
    authorize_view(actor, action)
    person = Person.objects.filter(pk=person_id).first() if _exists_id(person_id) else None
    if person is None:
        raise NotFound("指定された運転者は見つかりません。")
    hits = (InquiredPerson.objects.filter(person_id=person_id, prefecture=actor.prefecture_id)
            .select_related("inquiry__operator__affiliation", "inquiry__device__affiliation").order_by("-made_at"))
    rows = [h.inquiry for h in hits]
    record(actor, action, object_type="person", object_id=person_id, person_id=person_id,
           subject_prefecture=person.address_prefecture_id,
           detail={"view": "person", "rows": len(rows), "channel": channel})
    return person, rows


def inquiry_detail(actor, inquiry_id: int):
    """One inquiry with the persons it found and its review (the drill-down); audited."""
    authorize_view(actor, Action.INQUIRIES_VIEW)
    inquiry = (Inquiry.objects.visible_to(actor, "review").select_related("operator__affiliation")
               .filter(pk=inquiry_id).first()) if _exists_id(inquiry_id) else None
    if inquiry is None:
        raise NotFound("指定された照会は見つかりません（自県の操作者の照会のみ確認できます）。")
    persons = list(Person.objects.filter(pk__in=inquiry.person_ids))
    record(actor, Action.INQUIRIES_VIEW, object_type="inquiry", object_id=inquiry.pk,
           person_id=persons[0].pk if len(persons) == 1 else None,
           detail={"view": "inquiry", "person_ids": inquiry.person_ids})
    return inquiry, persons, Review.objects.filter(inquiry=inquiry).first()


@dataclass
class OfficeLine:
    affiliation: Affiliation
    inquiries: int = 0
    flagged: int = 0
    reviewed: int = 0
    improper: int = 0

    @property
    def complete(self) -> bool:
        return self.flagged == self.reviewed


def offices(actor, scope: Scope) -> list[OfficeLine]:
    """Per office: inquiries, flagged (registered for review), reviewed, found 不適正 — the monthly
    completion of the review (月次の審査完了状況)."""
    authorize_view(actor, Action.INQUIRIES_VIEW)
    lines = {a.code: OfficeLine(a) for a in Affiliation.objects.filter(prefecture_id=actor.prefecture_id)}
    for code, n in Counter(_inquiries(actor, scope).values_list("operator__affiliation_id", flat=True)).items():
        if code in lines:
            lines[code].inquiries = n
    reviews = Review.objects.visible_to(actor, "view").filter(made_at__gte=scope.since, made_at__lt=scope.until)
    for code, state in reviews.values_list("affiliation_id", "state"):
        if code in lines:
            line = lines[code]
            line.flagged += 1
            line.reviewed += state != ReviewState.PENDING
            line.improper += state in (ReviewState.IMPROPER, ReviewState.ACKNOWLEDGED)
    record(actor, Action.INQUIRIES_VIEW, object_type="report", object_id="offices",
           detail={**_filters(scope), "view": "offices"})
    return [line for line in lines.values() if line.inquiries or line.flagged]


# --- the review workflow ----------------------------------------------------------------


@procedure(legal.KITEI_45, rule=VIEW_INQUIRIES.name)
def register_flags(actor, scope: Scope) -> int:
    """Register every flag of the period for review: one :class:`Review` per flagged inquiry (its
    patterns and reasons merged). Idempotent: a review already there only gains new reasons.
    Returns the number of new reviews."""
    authorize_view(actor, Action.REPORT_VIEW)
    grouped: dict[int, list[Flag]] = defaultdict(list)
    for flag in run_all(scope):
        grouped[flag.inquiry_id].append(flag)
    created = 0
    with transaction.atomic():
        for inquiry in Inquiry.objects.filter(pk__in=grouped).select_related("operator"):
            flags = grouped[inquiry.pk]
            review, new = Review.objects.get_or_create(inquiry=inquiry, defaults={
                "prefecture_id": inquiry.actor_prefecture, "made_at": inquiry.made_at,
                "affiliation_id": inquiry.affiliation_id})
            patterns = list(dict.fromkeys([*review.patterns, *(f.pattern for f in flags)]))
            reasons = list(dict.fromkeys([*review.reasons, *(f.reason for f in flags)]))
            if new or patterns != review.patterns or reasons != review.reasons:
                Review.objects.filter(pk=review.pk).update(patterns=patterns, reasons=reasons)
            created += new
        record(actor, Action.REPORT_VIEW, object_type="review", object_id="register",
               detail={**_filters(scope), "flagged": len(grouped), "new_reviews": created})
    return created


def _review(actor, review_id: int, queryset_action: str = "view") -> Review:
    review = Review.objects.visible_to(actor, queryset_action).select_related("inquiry").filter(pk=review_id).first()
    if review is None:
        raise NotFound("指定された審査は見つかりません。")
    return review


VERDICTS = {"justified": "justify", "improper": "find_improper"}


@procedure(legal.KITEI_45, rule=REVIEW_INQUIRY.name)
def decide(actor, review_id: int, *, verdict: str, note: str) -> Review:
    """Mark a flagged inquiry 正当 (``justified``) or 不適正 (``improper``, a note is required; it goes to
    the operator's supervisor). Through the workflow: permission, row lock, audit."""
    if verdict not in VERDICTS:
        raise InvalidInput("判定は「正当」（justified）か「不適正」（improper）を指定してください。", field="verdict")
    note = clean_note(note, required=verdict == "improper")
    review = Review.objects.filter(pk=review_id).first() if _exists_id(review_id) else None
    if review is None:
        authorize_view(actor, Action.REVIEW_JUSTIFY)
        raise NotFound("指定された審査は見つかりません。")
    REVIEWS.apply(actor, review, VERDICTS[verdict], reason=note, note=note, reviewer=actor,
                  reviewed_at=timezone.now())
    return review


@procedure(legal.KITEI_45, rule=ACKNOWLEDGE_REVIEW.name)
def acknowledge(actor, review_id: int, *, note: str) -> Review:
    """The operator's supervisor (決定 of the same affiliation) acknowledges a 不適正 finding with the
    measure taken (指導・報告 …)."""
    note = clean_note(note, required=True)
    review = Review.objects.filter(pk=review_id).first() if _exists_id(review_id) else None
    if review is None:
        raise NotFound("指定された審査は見つかりません。")
    if allowed(actor, ACKNOWLEDGE_REVIEW.name, review) and actor.affiliation_id != review.affiliation_id:
        record(actor, Action.REVIEW_ACKNOWLEDGE, object_type="review", object_id=review.pk,
               outcome=Outcome.DENIED, detail={"rule": ACKNOWLEDGE_REVIEW.name, "affiliation": review.affiliation_id})
        raise NotPermitted("他の所属の操作者の審査結果は確認できません（操作者の所属長のみ）。", code="not_permitted")
    REVIEWS.apply(actor, review, "acknowledge", reason=note, supervisor_note=note, acknowledged_by=actor,
                  acknowledged_at=timezone.now())
    return review


@procedure(legal.KITEI_45, rule=VIEW_OUTCOMES.name)
def outcomes(actor, *, states=(ReviewState.IMPROPER, ReviewState.ACKNOWLEDGED)) -> list[Review]:
    """Reviewed lookups the actor may see: a supervisor (決定) their affiliation's, 監査 the prefecture's."""
    authorize(actor, VIEW_OUTCOMES.name, action=Action.OUTCOMES_VIEW)
    qs = Review.objects.visible_to(actor, "outcomes").filter(state__in=states)
    if "audit" not in actor.role_set:
        qs = qs.filter(affiliation_id=actor.affiliation_id)
    rows = list(qs.select_related("inquiry__operator", "reviewer", "acknowledged_by").order_by("-reviewed_at"))
    record(actor, Action.OUTCOMES_VIEW, object_type="review", detail={"rows": len(rows)})
    return rows


# --- the watch list ---------------------------------------------------------------------


@procedure(legal.KITEI_45, rule=MANAGE_WATCH_LIST.name)
def add_to_watch_list(actor, licence_number: str, *, reason: str) -> WatchEntry:
    """Put the holder of a licence number on the prefecture's 公人等注意リスト (every lookup of them is then
    flagged); audited. A holder of any prefecture may be listed: they can be looked up from anywhere."""
    authorize(actor, MANAGE_WATCH_LIST.name, action=Action.WATCH_ADD)
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput("登録理由を入力してください。", field="reason")
    if len(reason) > 200:
        raise InvalidInput("登録理由は200文字以内で入力してください。", field="reason")
    number = parse_licence_number((licence_number or "").strip(), field="licence_number")
    person_id = Licence.objects.filter(number=number).values_list("person_id", flat=True).first()
    if person_id is None:
        raise InvalidInput("その免許証番号の免許者は登録されていません。", field="licence_number")
    with transaction.atomic():
        if WatchEntry.objects.filter(person_id=person_id, prefecture_id=actor.prefecture_id, active=True).exists():
            raise InvalidInput("この免許者はすでに注意リストに登録されています。", field="licence_number")
        entry = WatchEntry.objects.create(person_id=person_id, prefecture_id=actor.prefecture_id, reason=reason,
                                          added_by=actor)
        record(actor, Action.WATCH_ADD, object_type="watchentry", object_id=entry.pk, person_id=person_id,
               detail={"reason": reason})
    return entry


@procedure(legal.KITEI_45, rule=MANAGE_WATCH_LIST.name)
def remove_from_watch_list(actor, entry_id: int) -> WatchEntry:
    authorize(actor, MANAGE_WATCH_LIST.name, action=Action.WATCH_REMOVE)
    entry = WatchEntry.objects.visible_to(actor, "manage").filter(pk=entry_id, active=True).first()
    if entry is None:
        raise NotFound("指定された注意リストの登録は見つかりません。")
    with transaction.atomic():
        WatchEntry.objects.filter(pk=entry.pk).update(active=False, removed_by=actor, removed_at=timezone.now())
        record(actor, Action.WATCH_REMOVE, object_type="watchentry", object_id=entry.pk, person_id=entry.person_id)
    return entry


def watch_list(actor) -> list[WatchEntry]:
    authorize(actor, MANAGE_WATCH_LIST.name, action=Action.INQUIRIES_VIEW)
    rows = list(WatchEntry.objects.visible_to(actor, "manage").filter(active=True).select_related("person"))
    record(actor, Action.INQUIRIES_VIEW, object_type="watchentry", detail={"view": "watch_list", "rows": len(rows)})
    return rows


def month_scope(actor, month: str) -> Scope:
    """The scope of a calendar month ``YYYY-MM`` (the monthly review)."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except (ValueError, TypeError):
        raise InvalidInput("月は YYYY-MM の形式で指定してください（例: 2026-10）。", field="month") from None
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return scope_for(actor, first, last)
