"""失効後の再取得 at the counter: a person whose licence lapsed (expired without renewal) applies again
(規程第3条; law-rules §5.6).

:func:`receive_lapsed_application` finds the lapsed licence by its number — one of this prefecture
whose last day of validity has passed (nothing marks a licence 失効 when it expires: the lapse is
derived from the expiry, as ``driving_history`` does) — asks the law engine what
the applicant sits (entry point ``lapse`` through
:func:`judgement.services.judge`: audited as ``judgement.rules.lapse`` with its route, the answer and its
trace kept on the application for the exams), and receives the application (申請（届出）簿, 規程第4条) on the route it gives:

- ``lapsed`` / ``lapsed_unavoidable`` (うっかり失効 within 6 months; やむを得ず失効 within 3 years and
  1 month after the reason ended): the 適性試験 only, for the highest kind (the strictest standard);
  the licence comes back with every kind it carried;
- ``lapsed_provisional`` (6 months to 1 year, 大型・中型・準中型・普通): the test of the kind applied
  for without a 仮免許 (the 仮免許 tests waived);
- more than 1 year: refused — the full test is a new application (:func:`counter.services.receive_application`).

A claimed やむを得ない理由 (a code of the engine's list, the document that showed it, and the day it
ended) that does not hold is refused naming why (ended before the lapse, over 3 years, over 1 month
since it ended) — without it the ordinary route may apply, and the message says which. The fee is
the 受験手数料 of the route (``rules.fees``: 失効者等, やむを得ない理由による失効者等, or 一般), with the
交付手数料 of a first issue. An applicant of 70 or more brings the 高齢者講習 certificate
(:func:`missing_elderly_course`, checked before the licence is issued).

In the same transaction the lapsed licence is marked 失効 in the register (history and audit), so
the person holds no current licence and the licence issued after the test is a first issue
(``cards.services.issue_licence``): a new licence with a new number (``registry.models.Licence``:
"a lapsed licence re-acquired later is a new licence with a new number"), carrying — on the
aptitude-only routes — the kinds of the lapsed licence with their 取得年月日 (UNCONFIRMED).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.counter import services
from menkyo.counter.actions import Action
from menkyo.counter.models import (
    Application,
    ApplicationType,
    ElderlyCheck,
    ElderlyCheckKind,
    ElderlyCheckResult,
    Route,
)
from menkyo.counter.permissions import RECEIVE_LAPSED_APPLICATION
from menkyo.counter.renewal import OPEN_STATES
from menkyo.judgement.services import judge
from menkyo.registry.models import CURRENT_STATUSES, Licence, LicenceStatus, Person
from menkyo.registry.services import add_history, parse_licence_number
from menkyo.registry.text import clean_text
from menkyo.rules.kinds import deemed_licences
from menkyo.rules.lapse import lapse_reasons

EVIDENCE_MAX_LENGTH = 60
ROUTES = {"lapsed": Route.LAPSED, "lapsed_unavoidable": Route.LAPSED_UNAVOIDABLE,
          "direct": Route.LAPSED_PROVISIONAL_WAIVED}
LAPSE_ROUTES = tuple(ROUTES.values())


@procedure(legal.KITEI_3, rule=RECEIVE_LAPSED_APPLICATION.name)
def receive_lapsed_application(actor, data: dict, *, received_on: date | None = None) -> Application:
    """Receive the application of a person whose licence (``licence_number``) lapsed (規程第3条;
    law-rules §5.6) on the route the law engine gives. ``data``: ``questionnaire``, ``documents``,
    ``note`` as for a first application; ``licence_kind`` (the kind tested without a 仮免許, on the
    6 months–1 year route); ``unavoidable_reason``, ``unavoidable_evidence``, ``reason_ended_on`` when a
    やむを得ない理由 is claimed. Refused, naming why, when the engine waives nothing (over 1 year) or the
    claimed reason does not hold; nothing is written then."""
    day = received_on or timezone.localdate()
    office = services._office(actor)
    questionnaire = services._questionnaire(data.get("questionnaire"))
    documents = services._documents(data.get("documents"))
    note = services._note(data.get("note"))
    licence = _lapsed_licence(data.get("licence_number"), day)
    authorize(actor, RECEIVE_LAPSED_APPLICATION.name, licence, action=Action.LAPSED_RECEIVE,
              person_id=licence.person_id)
    unavoidable = _unavoidable(data, day)
    kinds = list(licence.kinds.select_related("kind").order_by("kind__display_order"))
    answer = _judge(actor, licence, kinds, day, unavoidable)
    route = ROUTES[answer["fee_route"]]
    kind = _kind(answer, data.get("licence_kind"))
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=licence.person_id)
        _check_person(person, licence)
        _mark_lapsed(actor, person, licence, answer)
        application = Application.objects.create(
            office=office, prefecture_id=office.prefecture_id, person=person, application_type=ApplicationType.LAPSED,
            route=route, licence_kind_id=kind, received_on=day, received_by=actor.actor_name,
            questionnaire=questionnaire, aptitude_review=any(questionnaire.values()), documents=documents,
            eligibility={**answer, "lapsed_licence": licence.number}, note=note,
            lapse_reason=unavoidable["reason"] if unavoidable else "",
            lapse_evidence=unavoidable["evidence"] if unavoidable else "",
            reason_ended_on=unavoidable["ended"] if unavoidable else None)
        services._enter_in_ledger(application)
        event = record(actor, Action.LAPSED_RECEIVE, object_type="application", object_id=application.pk,
                       person_id=person.pk, subject_prefecture=application.prefecture_id,
                       detail={"ledger": application.ledger_number, "route": route.value, "kind": kind,
                               "lapsed_on": answer["lapsed_on"], "last_day": answer["last_day"],
                               "unavoidable_reason": application.lapse_reason,
                               "elderly_course": answer["requires"]["elderly_course"],
                               "legal_basis": str(legal.KITEI_3)})
        add_history(actor, person, licence, "application.received",
                    {"application": [None, f"失効後の再取得（{route.label}）"]}, "失効した免許の再取得の申請",
                    legal.KITEI_3, event)
    return application


def _lapsed_licence(value, day: date) -> Licence:
    """The licence of that number, lapsed on ``day``: 失効 in the register, or 有効 past its last day."""
    number = parse_licence_number(value or "", field="licence_number")
    licence = (Licence.objects.select_related("person").filter(number=number).first())
    if licence is None:
        raise NotFound(f"免許証番号 {number} の免許は登録されていません。", field="licence_number")
    if licence.status not in (LicenceStatus.VALID, LicenceStatus.LAPSED):
        raise Conflict(f"この免許は「{licence.get_status_display()}」です。失効した免許のみ再取得の申請ができます。",
                       field="licence_number", code="not_lapsed")
    if licence.valid_through >= day:
        raise Conflict(f"この免許は有効期間の末日（{wareki(licence.valid_through)}）まで有効です（失効していません）。"
                       "更新の申請として受理してください。", field="licence_number", code="not_lapsed")
    return licence


def _unavoidable(data: dict, day: date) -> dict | None:
    reason = data.get("unavoidable_reason") or ""
    if not reason:
        return None
    if reason not in lapse_reasons(day).value:
        raise InvalidInput("やむを得ない理由を一覧から選んでください。", field="unavoidable_reason")
    evidence = clean_text(data.get("unavoidable_evidence") or "", EVIDENCE_MAX_LENGTH, field="unavoidable_evidence",
                          label="理由を確認した書類")
    if not evidence:
        raise InvalidInput("やむを得ない理由を確認した書類（旅券・診断書など）を入力してください。",
                           field="unavoidable_evidence")
    ended = data.get("reason_ended_on")
    if not isinstance(ended, date):
        raise InvalidInput("やむを得ない理由がやんだ日を入力してください。", field="reason_ended_on")
    if ended > day:
        raise InvalidInput("やむを得ない理由がやんだ日に申請日より後の日付は入力できません。", field="reason_ended_on")
    return {"reason": reason, "evidence": evidence, "ended": ended}


def _judge(actor, licence: Licence, kinds, day: date, unavoidable: dict | None) -> dict:
    """The law engine's answer (entry ``lapse``, audited with its route as renewal's is), kept on the
    application; refused naming why when the claimed reason does not hold or nothing is waived."""
    data = {"application_date": day.isoformat(), "birth_date": licence.person.birth_date.isoformat(),
            "current_expiry": licence.expiry_date.isoformat(),
            "licences": [{"kind": _as_acquired(k), "acquired": k.acquired_on.isoformat()} for k in kinds]}
    if unavoidable:
        data["unavoidable"] = {"reason": unavoidable["reason"], "ended": unavoidable["ended"].isoformat()}
    ok, answer = judge(actor, "lapse", data, channel="counter")
    if not ok:
        error = answer["error"]
        raise InvalidInput(f"失効後の再取得の判定ができません: {error['message']}", field="licence_number",
                           code=error["code"])
    plain = "" if answer["route"] == "full_test" else f"（理由がなければ{_route_text(answer)}として受理できます）"
    if answer["unavoidable_refused"]:
        raise InvalidInput(f"やむを得ない理由による失効の特例は受けられません：{answer['unavoidable_refused']}"
                           f"{plain}。", field="reason_ended_on", code="unavoidable_not_applicable")
    if answer["route"] == "full_test":
        raise InvalidInput(f"失効した日（{wareki(date.fromisoformat(answer['lapsed_on']))}）から1年を超えているため、"
                           "試験の免除はありません。新規の申請（免許試験）として受理してください。",
                           field="licence_number", code="lapse_too_old")
    return {**answer, "kinds_back": {_as_acquired(k): k.acquired_on.isoformat() for k in kinds}}


def _as_acquired(held) -> str:
    """The kind as it was acquired: a deemed 中型（8t限定）is the 普通 it was (law-rules §6.3), which
    the register turns into the deemed kind again when the licence is issued."""
    if not held.limitation:
        return held.kind_id
    return next((d.kind for d in deemed_licences() if d.deemed == held.kind_id and d.limit == held.limitation),
                held.kind_id)


def _route_text(answer: dict) -> str:
    return "うっかり失効（適性試験のみ）" if answer["route"] == "aptitude_only" else "仮免許の試験の免除"


def _kind(answer: dict, given) -> str:
    """The kind tested: the highest of the licence on the aptitude-only routes (its standard is the
    strictest); on the 6 months–1 year route the one applied for, among those the engine names."""
    if answer["route"] == "aptitude_only":
        return answer["kinds"][0]
    if given in answer["kinds"]:
        return given
    if not given and len(answer["kinds"]) == 1:
        return answer["kinds"][0]
    raise InvalidInput(f"受験する免許の種類を選んでください（仮免許の試験が免除されるのは{'・'.join(answer['kinds'])}）。",
                       field="licence_kind")


def _check_person(person: Person, licence: Licence) -> None:
    other = person.licences.filter(status__in=CURRENT_STATUSES).exclude(pk=licence.pk).first()
    if other is not None:
        raise Conflict(f"この方は別の免許（{other.number}）を現に受けています。", field="licence_number",
                       code="holds_licence")
    if Application.objects.filter(person=person, application_type=ApplicationType.LAPSED,
                                  state__in=OPEN_STATES).exists():
        raise Conflict("この方の失効後の再取得の申請は既に受理されています（手続中）。", field="licence_number",
                       code="lapsed_open")


def _mark_lapsed(actor, person: Person, licence: Licence, answer: dict) -> None:
    """A licence still 有効 in the register past its last day is marked 失効 (the day after it)."""
    if licence.status == LicenceStatus.LAPSED:
        return
    Licence.objects.filter(pk=licence.pk).update(status=LicenceStatus.LAPSED, version=licence.version + 1)
    event = record(actor, Action.LICENCE_LAPSE, object_type="licence", object_id=licence.number,
                   person_id=person.pk, subject_prefecture=licence.home_prefecture_id,
                   detail={"lapsed_on": answer["lapsed_on"], "legal_basis": str(legal.KITEI_3)})
    add_history(actor, person, licence, "licence.lapsed", {"status": ["有効", f"失効（{answer['lapsed_on']}）"]},
                "有効期間の満了による失効（再取得の申請時に登録）", legal.KITEI_3, event)


@dataclass(frozen=True)
class LapseSection:
    """What the application page shows of a 失効後の再取得 (no audit: the page has read the application)."""

    lapsed_on: date
    last_day: date | None
    reason: str  # the やむを得ない理由 in Japanese, "" when none
    missing: str  # the 高齢者講習 still missing, "" when none or not required


def section(application: Application) -> LapseSection:
    answer = application.eligibility
    reasons = lapse_reasons(application.received_on).value
    return LapseSection(date.fromisoformat(answer["lapsed_on"]),
                        date.fromisoformat(answer["last_day"]) if answer.get("last_day") else None,
                        reasons.get(application.lapse_reason, ""), missing_elderly_course(application))


def missing_elderly_course(application: Application) -> str:
    """Why the licence cannot be issued yet for want of the 高齢者講習 certificate (law-rules §5.6), or ""."""
    if not application.eligibility.get("requires", {}).get("elderly_course"):
        return ""
    since = date.fromisoformat(application.eligibility["elderly_course_from"])
    if ElderlyCheck.objects.filter(person_id=application.person_id, kind=ElderlyCheckKind.ELDERLY_COURSE,
                                   result=ElderlyCheckResult.COMPLETED, taken_on__gte=since).exists():
        return ""
    return f"高齢者講習の終了証明書が登録されていません（{wareki(since)}以降に受講したもの、70歳以上の方）"
