"""Deadlines at risk (ADR 0016 part 7): every dated obligation of the dispositions work of a prefecture in
one list, soonest first, with the days left and the article — read from the dates the other modules
already keep or the law engine computes, never restated here:

- 仮停止 (規程第39条; ``ProvisionalSuspension``): the 弁明 (法第103条の2第2項), the papers to the 免許課長
  within the days from the accident (第39条第3項) and the term's last day (``rules.provisional_suspension``).
- Hearings (第44条; ``Hearing``): a notice whose 通知の日 has not passed must go out by the last day that keeps
  the notice period before the 期日 (``rules.authority.first_allowed_hearing``, 14 days by 公示送達), and the
  期日 itself until its outcome is recorded.
- The search of a summoned, unexecuted disposition (第37条; ``Execution.search_until``): 執行不能 and the
  処分手配 follow the day after.
- The end of a 保留 (第25条; ``ApplicantDisposition.deferral_ends_on``): the station reports from the next day.
- Course notices sent (講習・再試験; ``CourseNotice.deadline`` from ``rules.course_notices``).
- 暫定停止 (法第104条の2の3, 規程第34条第3項・第5項; ``InterimSuspension``): the 弁明 (``rules.interim_suspension``)
  and the term's last day.
- 一定の病気等 (規程第26条の3; ``MedicalMatter.due_on``): the day of a 臨時適性検査 or the last day for a
  診断書 set in the notice or order; the result is registered after it (第27条の2), and a 不受検 opens a case
  (第27条の3).
- 仮禁止 (法第107条の5第10項 applying 第103条の2; ``ProvisionalBan``): the 弁明 and the term's last day
  (``rules.driving_ban``), for the reporting station's prefecture.
- Hand-offs (移送 第38条, 執行依頼 第38条の2) waiting for the other side: no date in the law; listed after the
  dated ones with the days since they were sent.

Each kind is shown to the roles that take its step (``STEP_RULES``) and to 「決定」 (who oversees them). The
list costs one query per source, whatever its length (tested). :func:`raise_deadlines` (the daily job
``menkyo dispositions deadlines``) raises those due within ``settings.MENKYO["DEADLINE_NOTICE_DAYS"]`` days
into the office's inbox (:class:`~menkyo.dispositions.models.DeadlineNotice`) — nothing else is done
automatically.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.actors import is_system
from menkyo.core.errors import NotFound
from menkyo.core.legal import LegalBasis, procedure
from menkyo.core.models import Role
from menkyo.core.permissions import REGISTRY, authorize
from menkyo.core.recording import describe_actions
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.dispositions import interim as interim_rules
from menkyo.dispositions import revocation_alerts as alert_rules
from menkyo.dispositions.execution import PENDING
from menkyo.dispositions.models import (
    Case,
    CaseState,
    DeadlineNotice,
    DispositionKind,
    Handoff,
    HandoffKind,
    HandoffState,
    Hearing,
    InterimState,
    InterimSuspension,
    MedicalMatter,
    MedicalState,
    ProvisionalBan,
    ProvisionalBanState,
    ProvisionalState,
    ProvisionalSuspension,
)
from menkyo.dispositions.permissions import (
    ACCEPT_HANDOFF,
    EXECUTE,
    HANDLE_INTERIM,
    HANDLE_PROVISIONAL,
    HANDLE_PROVISIONAL_BAN,
    HEAR,
    LIFT_INTERIM,
    LIST_DEADLINES,
    RAISE_DEADLINES,
    READ_DEADLINE_NOTICE,
    RECORD_MEDICAL_RESULT,
    REGISTER_REVOCATION_ALERT,
    REPORT_DEFERRAL_ENDED,
    SEND_HANDOFF,
)
from menkyo.dispositions.services import LIST_LIMIT
from menkyo.rules import medical as medical_law
from menkyo.rules import young_revocation as young_law
from menkyo.rules.authority import first_allowed_hearing
from menkyo.violations.models import CourseKind, CourseNotice, CourseNoticeState
from menkyo.violations.permissions import RECORD_COURSE_RESULT

DEFAULT_NOTICE_DAYS = 3
THIS_WEEK = 6  # a 期日 from today to 6 days on is "this week" (as the review page's hearings list)


class Action(StrEnum):
    LIST = "dispositions.deadline.list"  # the list (page, API, CSV)
    RAISE = "dispositions.deadline.raise"  # the daily job raised notices for a prefecture
    READ = "dispositions.deadline.read"  # a notice marked as read


describe_actions({Action.LIST: "期限管理の一覧", Action.RAISE: "期限の通知（日次）", Action.READ: "期限の通知の既読"})


class Kind(StrEnum):
    PROVISIONAL_EXPLANATION = "provisional_explanation"
    PROVISIONAL_PAPERS = "provisional_papers"
    PROVISIONAL_END = "provisional_end"
    HEARING_NOTICE = "hearing_notice"
    HEARING = "hearing"
    SEARCH = "search"
    DEFERRAL_END = "deferral_end"
    COURSE = "course"
    MEDICAL = "medical"
    INTERIM_EXPLANATION = "interim_explanation"
    INTERIM_END = "interim_end"
    HANDOFF_SENT = "handoff_sent"
    HANDOFF_RECEIVED = "handoff_received"
    REVOCATION_ALERT = "revocation_alert"
    PROVISIONAL_BAN_EXPLANATION = "provisional_ban_explanation"
    PROVISIONAL_BAN_END = "provisional_ban_end"


LABELS = {
    Kind.PROVISIONAL_EXPLANATION: "仮停止の弁明の機会の期限",
    Kind.PROVISIONAL_PAPERS: "仮停止の関係書類の送付期限",
    Kind.PROVISIONAL_END: "仮停止の終期",
    Kind.HEARING_NOTICE: "聴取等の通知の発送期限（通知期間の確保）",
    Kind.HEARING: "聴取等の期日",
    Kind.SEARCH: "所在調査の期限（翌日に執行不能・処分手配）",
    Kind.DEFERRAL_END: "保留の期間の末日（翌日から満了の通報）",
    Kind.COURSE: "講習・再試験の期限",
    Kind.MEDICAL: "臨時適性検査の期日・診断書の提出期限",
    Kind.INTERIM_EXPLANATION: "暫定停止の弁明の機会の期限",
    Kind.INTERIM_END: "暫定停止の終期",
    Kind.HANDOFF_SENT: "送付した移送・執行依頼（相手方の処理待ち）",
    Kind.HANDOFF_RECEIVED: "送付を受けた移送・執行依頼（受理・返戻・執行）",
    Kind.REVOCATION_ALERT: "初心・若年運転者取消手配の登録（意見の聴取の通知到達から30日経過後）",
    Kind.PROVISIONAL_BAN_EXPLANATION: "仮禁止の弁明の機会の期限",
    Kind.PROVISIONAL_BAN_END: "仮禁止の終期",
}
#: The rule of the step that meets each kind: its roles see the kind (「決定」 sees every kind).
STEP_RULES = {
    Kind.PROVISIONAL_EXPLANATION: HANDLE_PROVISIONAL, Kind.PROVISIONAL_PAPERS: HANDLE_PROVISIONAL,
    Kind.PROVISIONAL_END: HANDLE_PROVISIONAL, Kind.HEARING_NOTICE: HEAR, Kind.HEARING: HEAR, Kind.SEARCH: EXECUTE,
    Kind.DEFERRAL_END: REPORT_DEFERRAL_ENDED, Kind.COURSE: RECORD_COURSE_RESULT, Kind.MEDICAL: RECORD_MEDICAL_RESULT,
    Kind.INTERIM_EXPLANATION: HANDLE_INTERIM, Kind.INTERIM_END: LIFT_INTERIM,
    Kind.HANDOFF_SENT: SEND_HANDOFF,
    Kind.HANDOFF_RECEIVED: ACCEPT_HANDOFF,
    Kind.REVOCATION_ALERT: REGISTER_REVOCATION_ALERT,
    Kind.PROVISIONAL_BAN_EXPLANATION: HANDLE_PROVISIONAL_BAN,
    Kind.PROVISIONAL_BAN_END: HANDLE_PROVISIONAL_BAN,
}


@dataclass(frozen=True)
class Item:
    """One dated obligation (``due`` None: a hand-off, which the law gives no date)."""

    key: str  # "provisional:12:papers" — stable while the obligation lasts
    kind: Kind
    due: date | None
    article: LegalBasis
    prefecture_id: str
    person_id: int
    name: str
    case_id: int | None
    target: str  # the page to act on: "provisional" / "case" / "execution" / "applicant" / "course" / "handoffs"
    target_id: int | None
    detail: str = ""
    office_id: int | None = None
    office_name: str = ""
    since: date | None = None  # hand-offs: the day sent
    today: date | None = None

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def days_left(self) -> int | None:
        """Days from today to the due day (0 today, negative once passed); None without a due day."""
        return None if self.due is None else (self.due - self.today).days

    @property
    def waiting_days(self) -> int | None:
        return None if self.since is None else (self.today - self.since).days

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.today

    @property
    def sort_key(self) -> tuple:
        return (self.due is None, self.due or self.since or self.today, self.key)


def visible_kinds(actor) -> list[Kind]:
    """The kinds ``actor`` works on: those whose step its roles take; every kind for 「決定」 and batches."""
    roles = getattr(actor, "role_set", frozenset())
    if getattr(actor, "actor_kind", "") == "system" or Role.DECISION in roles:
        return list(Kind)
    return [kind for kind in Kind if roles & set(REGISTRY[STEP_RULES[kind].name].roles)]


def last_notice_day(hearing_date: date, public_service: bool) -> date:
    """The last day a notice may be served for a 期日 on ``hearing_date`` — the law engine's notice period
    (``first_allowed_hearing``) counted back."""
    period = first_allowed_hearing(hearing_date, public_service, hearing_date) - hearing_date
    return hearing_date - period


# --- the sources (one query each) --------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a read asks for: ``today``, the ``kinds``; the daily job also ``until`` (only what falls due by then,
    filtered in the query) and no ``limit`` (a page keeps to ``LIST_LIMIT`` rows per source)."""

    today: date
    kinds: frozenset
    until: date | None = None
    limit: int | None = LIST_LIMIT

    def cut(self, queryset, due: Q | None = None):
        if self.until is not None and due is not None:
            queryset = queryset.filter(due)
        return queryset[:self.limit] if self.limit else queryset


def _provisional(cases, scope: Scope) -> list[Item]:
    until = scope.until
    found = scope.cut(ProvisionalSuspension.objects.filter(case__in=cases, state=ProvisionalState.IN_FORCE)
                      .select_related("case__person", "office").order_by("papers_due", "pk"),
                      Q(papers_due__lte=until) | Q(explanation_due__lte=until) | Q(ends_on__lte=until))
    items = []
    for p in found:
        for kind, due, done, article in (
                (Kind.PROVISIONAL_EXPLANATION, p.explanation_due, p.explained_on, legal.KITEI_39_2),
                (Kind.PROVISIONAL_PAPERS, p.papers_due, p.papers_sent_on, legal.KITEI_39_3),
                (Kind.PROVISIONAL_END, p.ends_on, p.ended_on, legal.KITEI_39)):
            if kind in scope.kinds and done is None:
                items.append(Item(f"provisional:{p.pk}:{kind}", kind, due, article, p.case.prefecture_id, p.person_id,
                                  p.case.person.name, p.case_id, "provisional", p.pk, f"事故の日 {wareki(p.accident_on)}",
                                  p.office_id, p.office.name, today=scope.today))
    return items


def _hearings(cases, scope: Scope) -> list[Item]:
    # A notice row exists only while the 通知の日 has not passed, and its last day is before the 期日.
    found = scope.cut(Hearing.objects.filter(case__in=cases, case__state=CaseState.HEARING_SCHEDULED, attendance="")
                      .select_related("case__person").order_by("hearing_date", "pk"),
                      Q(hearing_date__lte=scope.until) | Q(notice_served__gte=scope.today))
    items, today = [], scope.today
    for h in found:
        name, detail = h.case.person.name, f"{h.get_kind_display()}・期日 {wareki(h.hearing_date)}・{h.place}"
        if Kind.HEARING_NOTICE in scope.kinds and h.notice_served >= today:
            items.append(Item(f"hearing:{h.pk}:notice", Kind.HEARING_NOTICE,
                              last_notice_day(h.hearing_date, h.public_service), legal.KITEI_44, h.case.prefecture_id,
                              h.case.person_id, name, h.case_id, "case", h.case_id,
                              f"{detail}（通知の日 {wareki(h.notice_served)}）", today=today))
        if Kind.HEARING in scope.kinds:
            items.append(Item(f"hearing:{h.pk}:date", Kind.HEARING, h.hearing_date, legal.KITEI_44,
                              h.case.prefecture_id, h.case.person_id, name, h.case_id, "case", h.case_id, detail,
                              today=today))
    return items


def _searches(cases, scope: Scope) -> list[Item]:
    found = scope.cut(cases.filter(state=CaseState.AWAITING_EXECUTION, execution__search_until__isnull=False)
                      .select_related("person", "execution__office").order_by("execution__search_until", "pk"),
                      Q(execution__search_until__lte=scope.until))
    return [Item(f"search:{c.pk}", Kind.SEARCH, c.execution.search_until, legal.KITEI_37, c.prefecture_id, c.person_id,
                 c.person.name, c.pk, "execution", c.pk, f"{c.decision_ja}・出頭日 {wareki(c.execution.appear_on)}",
                 c.execution.office_id, c.execution.office.name if c.execution.office_id else "", today=scope.today)
            for c in found]


def _deferrals(cases, scope: Scope) -> list[Item]:
    found = scope.cut(cases.filter(state=CaseState.EXECUTED, decided_kind=DispositionKind.DEFERRAL,
                                   applicant__deferral_ends_on__isnull=False, applicant__ended_reported_on__isnull=True)
                      .select_related("person", "applicant").order_by("applicant__deferral_ends_on", "pk"),
                      Q(applicant__deferral_ends_on__lte=scope.until))
    return [Item(f"deferral:{c.pk}", Kind.DEFERRAL_END, c.applicant.deferral_ends_on, legal.KITEI_25, c.prefecture_id,
                 c.person_id, c.person.name, c.pk, "applicant", c.pk, c.decision_ja, today=scope.today) for c in found]


def _courses(actor, scope: Scope) -> list[Item]:
    found = scope.cut(CourseNotice.objects.visible_to(actor).filter(state=CourseNoticeState.SENT, deadline__isnull=False)
                      .select_related("person").order_by("deadline", "pk"), Q(deadline__lte=scope.until))
    return [Item(f"course:{n.pk}", Kind.COURSE, n.deadline,
                 legal.KITEI_41NO2 if n.kind == CourseKind.RETEST else legal.KITEI_53, n.prefecture_id, n.person_id,
                 n.person.name, None, "course", n.pk, f"{n.get_kind_display()}（{n.reference}）", today=scope.today)
            for n in found]


def _medical(actor, scope: Scope) -> list[Item]:
    found = scope.cut(MedicalMatter.objects.visible_to(actor).filter(state=MedicalState.ORDERED, due_on__isnull=False)
                      .select_related("person").order_by("due_on", "pk"), Q(due_on__lte=scope.until))
    items = []
    for m in found:
        order = medical_law.orders(m.ordered_on).get(m.order_kind, {}).get("label", "")
        items.append(Item(f"medical:{m.pk}", Kind.MEDICAL, m.due_on, legal.KITEI_26NO3_2, m.prefecture_id,
                          m.person_id, m.person.name, None, "medical", m.pk, f"{order}（{m.place}）",
                          today=scope.today))  # the licence division's (第26条の3): no office, prefecture-wide
    return items


def _interim(cases, scope: Scope) -> list[Item]:
    until = scope.until
    found = scope.cut(InterimSuspension.objects.filter(case__in=cases, state=InterimState.IN_FORCE)
                      .select_related("case__person", "matter").order_by("explanation_due", "pk"),
                      Q(explanation_due__lte=until) | Q(ends_on__lte=until)
                      | Q(matter__result__in=interim_rules.RULED_OUT))
    items = []
    for i in found:
        # The end: the last day, or — the illness ruled out (適・条件付き適) — the 解除 「速やかに」 (第1項後段).
        detail = f"暫定停止の日 {wareki(i.imposed_on)}"
        end = detail + ("・結果が適のため速やかに解除" if interim_rules.must_lift(i) else "")
        for kind, due, done, rule, text in (
                (Kind.INTERIM_EXPLANATION, i.explanation_due, i.explained_on, HANDLE_INTERIM, detail),
                (Kind.INTERIM_END, interim_rules.lift_due(i), None, LIFT_INTERIM, end)):
            if kind in scope.kinds and done is None:
                items.append(Item(f"interim:{i.pk}:{kind}", kind, due, rule.legal_basis, i.case.prefecture_id,
                                  i.case.person_id, i.case.person.name, i.case_id, "interim", i.pk, text,
                                  today=scope.today))
    return items


def _handoffs(actor, scope: Scope) -> list[Item]:
    waiting = scope.cut(Handoff.objects.visible_to(actor).filter(state__in=(HandoffState.SENT, HandoffState.ACCEPTED))
                        .exclude(state=HandoffState.ACCEPTED, kind__in=(HandoffKind.TRANSFER, HandoffKind.COURSE))
                        .select_related("person", "from_prefecture", "to_prefecture").order_by("sent_on", "pk"))
    system = getattr(actor, "actor_kind", "") == "system"
    items = []
    for h in waiting:
        for kind, prefecture, other in ((Kind.HANDOFF_SENT, h.from_prefecture, h.to_prefecture),
                                        (Kind.HANDOFF_RECEIVED, h.to_prefecture, h.from_prefecture)):
            if kind in scope.kinds and (system or prefecture.pk == actor.prefecture_id):
                article = legal.KITEI_38NO2 if h.kind == HandoffKind.EXECUTION else legal.KITEI_38
                items.append(Item(f"handoff:{h.pk}:{kind}", kind, None, article, prefecture.pk, h.person_id,
                                  h.person.name, h.case_id, "handoffs", h.pk,
                                  f"{h.get_kind_display()}・{h.get_state_display()}・相手方 {other.name}",
                                  since=h.sent_on, today=scope.today))
    return items


def _revocation_alerts(cases, scope: Scope) -> list[Item]:
    """Decided 再試験・若年 取消 whose person missed the 意見の聴取 and has no 取消手配 yet: due from the day
    ``rules.young_revocation`` gives (規程第41条の2第2項, 第41条の2の2第2項; ``revocation_alerts``)."""
    found = scope.cut(Hearing.objects.filter(
        case__in=cases, case__case_type__in=list(alert_rules.KINDS), case__state__in=PENDING,
        case__decided_kind=DispositionKind.REVOCATION, case__revocation_alert__isnull=True,
        attendance__in=alert_rules.NO_SHOW).select_related("case__person").order_by("notice_served", "pk"))
    return [Item(f"revocation_alert:{h.case_id}", Kind.REVOCATION_ALERT, young_law.alert_due_from(h.notice_served),
                 alert_rules.KINDS[h.case.case_type][1], h.case.prefecture_id, h.case.person_id, h.case.person.name,
                 h.case_id, "young_revocation", h.case_id,
                 f"{h.case.get_case_type_display()}・意見の聴取の通知の日 {wareki(h.notice_served)}", today=scope.today)
            for h in found]


PROVISIONAL_KINDS = {Kind.PROVISIONAL_EXPLANATION, Kind.PROVISIONAL_PAPERS, Kind.PROVISIONAL_END}


def _provisional_bans(actor, scope: Scope) -> list[Item]:
    """The 仮禁止 in force of the actor's prefecture (the reporting station's; no 処分事案): the 弁明 (第103条の2第2項
    applied) until recorded, and the last day (the daily job ends it the day after)."""
    found = ProvisionalBan.objects.filter(state=ProvisionalBanState.IN_FORCE)
    if not is_system(actor):
        found = found.filter(prefecture_id=actor.prefecture_id)
    until = scope.until
    found = scope.cut(found.select_related("permit__person", "office").order_by("explanation_due", "pk"),
                      Q(explanation_due__lte=until) | Q(ends_on__lte=until))
    items = []
    for b in found:
        for kind, due, done, article in ((Kind.PROVISIONAL_BAN_EXPLANATION, b.explanation_due, b.explained_on,
                                          legal.KITEI_39_2),
                                         (Kind.PROVISIONAL_BAN_END, b.ends_on, b.ended_on, legal.KITEI_39)):
            if kind in scope.kinds and done is None:
                items.append(Item(f"provisional_ban:{b.pk}:{kind}", kind, due, article, b.prefecture_id,
                                  b.permit.person_id, b.permit.person.name, None, "provisional_ban", b.pk,
                                  f"事故の日 {wareki(b.accident_on)}・{b.permit.get_permit_type_display()}",
                                  b.office_id, b.office.name, today=scope.today))
    return items


PROVISIONAL_BAN_KINDS = {Kind.PROVISIONAL_BAN_EXPLANATION, Kind.PROVISIONAL_BAN_END}
HANDOFF_KINDS = {Kind.HANDOFF_SENT, Kind.HANDOFF_RECEIVED}


def collect(actor, scope: Scope) -> list[Item]:
    """Every item of the scope's kinds visible to ``actor``, soonest first (one query per source); with
    ``until``, only the dated ones due by then (hand-offs have no date)."""
    cases, kinds = Case.objects.visible_to(actor, "execution"), scope.kinds
    items: list[Item] = []
    if PROVISIONAL_KINDS & kinds:
        items += _provisional(cases, scope)
    if {Kind.HEARING_NOTICE, Kind.HEARING} & kinds:
        items += _hearings(cases, scope)
    if Kind.SEARCH in kinds:
        items += _searches(cases, scope)
    if Kind.DEFERRAL_END in kinds:
        items += _deferrals(cases, scope)
    if Kind.COURSE in kinds:
        items += _courses(actor, scope)
    if Kind.MEDICAL in kinds:
        items += _medical(actor, scope)
    if {Kind.INTERIM_EXPLANATION, Kind.INTERIM_END} & kinds:
        items += _interim(cases, scope)
    if HANDOFF_KINDS & kinds and scope.until is None:
        items += _handoffs(actor, scope)
    if Kind.REVOCATION_ALERT in kinds:
        items += _revocation_alerts(cases, scope)
    if PROVISIONAL_BAN_KINDS & kinds:
        items += _provisional_bans(actor, scope)
    if scope.until is not None:
        items = [item for item in items if item.due is not None and item.due <= scope.until]
    return sorted(items, key=lambda item: item.sort_key)


# --- the list (page, API, CSV) -----------------------------------------------------------------------


def deadlines_for(actor, *, mine: bool = False, within: int | None = None, day: date | None = None) -> list[Item]:
    """The actor's prefecture's deadlines of the kinds its roles work on, soonest first (audited list).
    ``mine``: only those held by the actor's office; ``within``: only those due within that many days
    (overdue included; hand-offs excluded)."""
    authorize(actor, LIST_DEADLINES.name, action=Action.LIST)
    day = day or timezone.localdate()
    items = collect(actor, Scope(day, frozenset(visible_kinds(actor))))
    if mine:
        office = getattr(getattr(actor, "affiliation", None), "pk", None)
        items = [item for item in items if item.office_id == office]
    if within is not None:
        items = [item for item in items if item.due is not None and item.days_left <= within]
    record(actor, Action.LIST, object_type="case", detail={
        "queue": "deadlines", "mine": mine, "within": within, "count": len(items),
        "cases": sorted({item.case_id for item in items if item.case_id})})
    return items


CSV_HEADER = ["期限日", "残り日数", "期限", "根拠", "氏名", "処分事案", "内容", "所属", "送付からの日数"]


def csv_rows(items: list[Item]):
    for item in items:
        yield [wareki(item.due) if item.due else "", "" if item.days_left is None else item.days_left, item.label,
               str(item.article), item.name, f"第{item.case_id}号" if item.case_id else "", item.detail, item.office_name,
               "" if item.waiting_days is None else item.waiting_days]


# --- the daily job: raise the ones due soon into the inbox --------------------------------------------


def notice_days() -> int:
    """The set number of days (``MENKYO_DEADLINE_NOTICE_DAYS``, default 3): an item due within it is raised."""
    return int(getattr(settings, "MENKYO", {}).get("DEADLINE_NOTICE_DAYS", DEFAULT_NOTICE_DAYS))


@procedure(legal.KITEI_30, rule=RAISE_DEADLINES.name)
def raise_deadlines(actor, day: date) -> dict:
    """Raise every dated item due on or before ``day`` + :func:`notice_days` (the overdue too) into the
    inbox of the office that holds it, or of its prefecture; each deadline once (``key``, ``due``). One audit
    event per prefecture names the notices raised."""
    authorize(actor, RAISE_DEADLINES.name, action=Action.RAISE)
    due = collect(actor, Scope(day, frozenset(Kind), until=day + timedelta(days=notice_days()), limit=None))
    known = set(DeadlineNotice.objects.filter(key__in=[i.key for i in due]).values_list("key", "due"))
    new = [DeadlineNotice(prefecture_id=i.prefecture_id, affiliation_id=i.office_id, key=i.key, kind=i.kind,
                          label=LABELS[i.kind], due=i.due, article=str(i.article), person_id=i.person_id,
                          case_id=i.case_id, raised_on=day) for i in due if (i.key, i.due) not in known]
    with transaction.atomic():
        DeadlineNotice.objects.bulk_create(new, ignore_conflicts=True)
        by_prefecture: dict[str, list[str]] = {}
        for notice in new:
            by_prefecture.setdefault(notice.prefecture_id, []).append(notice.key)
        for prefecture, keys in sorted(by_prefecture.items()):
            record(actor, Action.RAISE, object_type="deadlinenotice", subject_prefecture=prefecture,
                   detail={"day": day.isoformat(), "within_days": notice_days(), "keys": keys})
    return {"due": len(due), "raised": len(new), "prefectures": {p: len(k) for p, k in sorted(by_prefecture.items())}}


@batch_task("dispositions.deadlines", key=lambda day: f"dispositions.deadlines:{day}")
def deadlines_raised(actor, day: str) -> dict:
    """The daily batch (``menkyo dispositions deadlines``) for ``day``."""
    return raise_deadlines(actor, date.fromisoformat(day))


# --- the inbox ---------------------------------------------------------------------------------------


def notices_for(actor, *, unread_only: bool = True) -> list[DeadlineNotice]:
    """The deadline notices of the actor's office and prefecture, of the kinds its roles work on."""
    authorize(actor, LIST_DEADLINES.name, action=Action.LIST)
    found = DeadlineNotice.objects.addressed_to(actor).filter(kind__in=visible_kinds(actor))
    if unread_only:
        found = found.filter(read_at__isnull=True)
    return list(found.select_related("person", "affiliation")[:LIST_LIMIT])


@procedure(legal.KITEI_30, rule=READ_DEADLINE_NOTICE.name)
def mark_deadline_notice_read(actor, pk) -> DeadlineNotice:
    """Mark a deadline notice of the actor's office or prefecture as read (audited; twice changes nothing)."""
    try:
        notice = DeadlineNotice.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        notice = None
    if notice is None:
        raise NotFound("その期限の通知はありません。")
    authorize(actor, READ_DEADLINE_NOTICE.name, notice, action=Action.READ, person_id=notice.person_id)
    if not DeadlineNotice.objects.addressed_to(actor).filter(pk=notice.pk).exists():
        raise NotFound("その期限の通知はありません（自所属・自県あての通知のみ扱えます）。")
    if notice.read_at is not None:
        return notice
    with transaction.atomic():
        notice.read_at, notice.read_by = timezone.now(), actor.actor_name
        notice.save(update_fields=["read_at", "read_by"])
        record(actor, Action.READ, object_type="deadlinenotice", object_id=notice.pk, person_id=notice.person_id,
               subject_prefecture=notice.prefecture_id, detail={"key": notice.key})
    return notice
