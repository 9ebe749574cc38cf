"""事後取消し・事後停止 (規程第41条の4; 道路交通法第90条第5項・第6項; ``rules.post_issue``) — ADR 0016 part 10.

A licence was given, and then it is found that before it the holder met the 拒否 standard (→ 事後取消し), the
保留 standard (→ 事後停止, at most six months) or a 特定違反行為 of 法第90条第2項 (→ 事後取消し, 第6項). 規程第41条の4
applies 第21条–第24条 and 第37条 — the applicants' flow:

- :func:`open_post_issue_case` (第41条の4, 第21条第1号 準用): 「審査」 opens a case of type ``post_issue`` for the
  licence, with the standard met, the 取消's 欠格期間 or the 停止's days and the finding; ``rules.post_issue``
  names the kind, the deciding authority (第23条第1項 準用: 公安委員会 for the 取消, 免許課長 for the 停止) and
  the 弁明 before it (kept in the case's ``authority_result`` with its trace).
- Then the case goes the ordinary way: the 弁明 (``services.schedule_hearing`` / ``record_hearing``, kind
  ``explanation``; 第22条第1号 準用), the decision (``services.decide_case``, 第23条), the execution with the
  処分書 (``execution.summon`` / ``execute``; 第24条第3号: a 事後停止 is executed like 第34条第3項第3号) and
  執行不能 after the 20 days (第37条).
- :func:`post_issue_cases`: the actor's prefecture's cases of this type (open first).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.dispositions.actions import PostIssueAction
from menkyo.dispositions.models import OPEN_STATES, Case, CaseType, DispositionKind
from menkyo.dispositions.permissions import LIST_POST_ISSUE, OPEN_POST_ISSUE
from menkyo.dispositions.provisional import _licence
from menkyo.dispositions.services import LIST_LIMIT, _history, _number, _required
from menkyo.registry.models import Licence, LicenceStatus
from menkyo.rules import post_issue as law
from menkyo.rules.errors import RulesError

FINDING_MAX = 400
MAX_YEARS = 10


@procedure(legal.KITEI_41NO4, rule=OPEN_POST_ISSUE.name, also=(legal.KITEI_21,))
def open_post_issue_case(actor, *, licence_number, standard: str, days=None, years=None, finding: str) -> Case:
    """Open the 事後取消し・事後停止 case of the holder of ``licence_number`` (規程第41条の4): ``standard`` is the
    one met before the licence (refusal / deferral / specified), ``finding`` what was found (the violations
    before the issue day); a 停止 needs its days (at most six months), a 取消 its 欠格期間."""
    licence = _licence(licence_number, valid=False)
    person = licence.person
    authorize(actor, OPEN_POST_ISSUE.name, person, action=PostIssueAction.OPEN, person_id=person.pk)
    _check_valid(licence)
    day = timezone.localdate()
    answer = _outcome(standard, day)
    days, years = _period(answer, days, years)
    finding = _required(finding, "finding", "判明した事実（免許を受ける前の違反行為等）", FINDING_MAX)
    case = Case(prefecture_id=person.home_prefecture_id, person=person, case_type=CaseType.POST_ISSUE,
                kind=answer["kind"], days=days, years=years, points_based=True, authority=answer["authority"],
                hearing_kind=answer["hearing"], authority_result=answer, proposal_reason=finding,
                opened_by=actor.actor_name, preparers=[actor.actor_name])
    try:
        with transaction.atomic():
            case.save()
            event = record(actor, PostIssueAction.OPEN, object_type="case", object_id=case.pk, person_id=person.pk,
                           subject_prefecture=case.prefecture_id,
                           detail={"standard": standard, "paragraph": answer["paragraph"], "kind": case.kind,
                                   "days": days, "years": years, "authority": case.authority,
                                   "legal_basis": str(legal.KITEI_41NO4)})
            _history(actor, case, "disposition_case.open", {"disposition_case": (None, case.proposal_ja)},
                     f"{answer['label']}の処分事案の開始（法第90条第{answer['paragraph']}項）", legal.KITEI_41NO4, event)
    except IntegrityError:
        raise Conflict("この運転者には審査中の事後取消し・事後停止の処分事案があります。", field="licence_number",
                       code="case_open") from None
    return case


def _check_valid(licence: Licence) -> None:
    if licence.status != LicenceStatus.VALID:
        raise Conflict(f"この免許は{licence.get_status_display()}のため、事後取消し・事後停止の対象になりません。",
                       field="licence_number", code="licence_not_valid")


def _outcome(standard: str, day) -> dict:
    try:
        return law.outcome(str(standard or ""), day)
    except RulesError as error:
        raise InvalidInput(error.message, field="standard") from None


def _period(answer: dict, days, years) -> tuple[int | None, int | None]:
    """事後停止: 1 to the maximum days (法第90条第5項 「六月を超えない範囲内」); 事後取消し: the 欠格期間 in years."""
    if answer["kind"] == DispositionKind.SUSPENSION:
        return _number(days, "days", "停止の日数", answer["max_suspension_days"]), None
    return None, _number(years, "years", "欠格期間（年）", MAX_YEARS)


def post_issue_cases(actor) -> list[Case]:
    """The actor's prefecture's 事後取消し・事後停止 cases, open ones first, newest first (audited)."""
    authorize(actor, LIST_POST_ISSUE.name, action=PostIssueAction.LIST)
    rows = list(Case.objects.visible_to(actor, "view").filter(case_type=CaseType.POST_ISSUE).select_related("person")
                .order_by("-opened_at", "-pk")[:LIST_LIMIT])
    rows.sort(key=lambda c: c.state not in OPEN_STATES)
    record(actor, PostIssueAction.LIST, object_type="case", detail={"queue": "post_issue", "ids": [c.pk for c in rows]})
    return rows
