"""A lapsed licence applied for again (失効後の再取得; law-rules §5.6, ``params/lapse.yaml``), pure Python.

Input::

    {"application_date", "birth_date", "current_expiry",      # the printed expiry of the lapsed licence
     "licences": [{"kind", "acquired"}],                       # the kinds it carried
     "unavoidable": {"reason", "ended"}?}                      # やむを得ない理由 and the day it ended

The licence lapsed the day after its last day of validity (the printed expiry rolled past closed
days, law-rules §5.1). What the applicant sits depends on the time since then:

- **うっかり失効** within 6 months: 学科・技能 waived — the licence back after the 適性試験
  (route ``aptitude_only``, fee route ``lapsed``);
- 6 months to 1 year, for 大型・中型・準中型・普通 only: the 仮免許 tests waived, the full test of the
  licence itself (``provisional_waived``, the ordinary ``direct`` test fee);
- more than 1 year: the full test (``full_test``: not a lapse procedure, a new application);
- **やむを得ず失効** (travel abroad, disaster, illness or injury, detention, social or business
  necessity; from 2019-12-01 also 公安委員会がやむを得ないと認める事情): within 3 years of the lapse and
  1 month of the day the reason ended, 学科・技能 waived (``aptitude_only``, fee ``lapsed_unavoidable``).
  A reason claimed that does not hold (ended before the lapse, over 3 years, over 1 month since it
  ended) is named in ``unavoidable_refused``, and the answer is what applies without it.

An applicant aged 70 or more on the application day also brings the 高齢者講習 certificate
(``requires.elderly_course``). Output: ``lapsed_on``, ``valid_through``, ``route``, ``unavoidable``,
``unavoidable_refused``, ``last_day`` (the route's last day; null for the full test), ``kinds`` (the
kinds the route gives back or tests without a 仮免許), ``tests``, ``fee_route``, ``age``,
``requires``, ``elderly_course_from`` (the earliest day a certificate counts) and ``trace``. Every value is from ``params/lapse.yaml`` (UNCONFIRMED, marked in the trace).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import age_on, months_after, roll_forward
from menkyo.rules.errors import RulesError
from menkyo.rules.inputs import parse_date, parse_kind, require_list, require_mapping
from menkyo.rules.trace import Trace

ROUTES = ("aptitude_only", "provisional_waived", "full_test")
ONE_DAY = timedelta(days=1)


def lapse_reasons(day: date) -> params.Entry:
    """The やむを得ない理由 in force on ``day`` ({code: Japanese}) and its reference."""
    entry = params.in_force("lapse", day)
    return params.Entry(entry.start, entry.value["reasons"], entry.reference, entry.status, entry.note)


def provisional_kinds(day: date) -> list[str]:
    """The kinds whose 仮免許 tests the 6 months–1 year route waives, on ``day``."""
    return [str(kind) for kind in params.in_force("lapse", day).value["provisional_kinds"]]


def _within(start: date, months: int) -> date:
    """The last day of a period of ``months`` counted from ``start`` (起算して…を経過しない)."""
    return months_after(start, months) - ONE_DAY


def lapse_json(data: dict[str, Any]) -> dict[str, Any]:
    """What a person whose licence lapsed sits when applying again on ``application_date``."""
    data = require_mapping(data, "")
    day = parse_date(data.get("application_date"), "application_date")
    birth = parse_date(data.get("birth_date"), "birth_date")
    expiry = parse_date(data.get("current_expiry"), "current_expiry")
    assert day is not None and birth is not None and expiry is not None
    kinds = [parse_kind(require_mapping(item, f"licences[{i}]").get("kind"), day, f"licences[{i}].kind")
             for i, item in enumerate(require_list(data.get("licences"), "licences"))]
    if not kinds:
        raise RulesError("missing_field", "失効した免許の種類（licences）を入力してください。", "licences")
    entry = params.in_force("lapse", day)
    rule, reference, assumption = entry.value, entry.reference, entry.assumption
    trace = Trace()
    valid_through = roll_forward(expiry)
    lapsed_on = valid_through + ONE_DAY
    if day < lapsed_on:
        raise RulesError("not_lapsed", f"免許は {valid_through.isoformat()} まで有効です（失効していません）。",
                         "application_date")
    trace.add("lapsed_on", f"有効期間の末日 {valid_through.isoformat()} の翌日 {lapsed_on.isoformat()} に失効、"
              f"申請日 {day.isoformat()}", reference, assumption=assumption)
    unavoidable, refused = _unavoidable(data.get("unavoidable"), day, lapsed_on, rule, trace, reference, assumption)
    route, last, held, fee = _route(kinds, day, lapsed_on, unavoidable, rule, trace, reference, assumption)
    age = age_on(birth, day)
    elderly = age >= int(rule["elderly_course_age"])
    since = months_after(day, -int(rule["elderly_course_months"]))
    trace.add("elderly_course", f"申請日の年齢 {age}歳: 高齢者講習の終了証明書" + (
        f"が必要（{since.isoformat()} 以降に受講したもの）" if elderly else "は不要"), reference, assumption=assumption)
    return {"lapsed_on": lapsed_on.isoformat(), "valid_through": valid_through.isoformat(), "route": route,
            "unavoidable": unavoidable is not None,
            "unavoidable_refused": refused, "last_day": last.isoformat() if last else None, "kinds": held,
            "tests": ["aptitude"] if route == "aptitude_only" else ["aptitude", "written", "skill"],
            "fee_route": fee, "age": age, "requires": {"elderly_course": elderly},
            "elderly_course_from": since.isoformat() if elderly else None, "trace": trace.as_list()}


def _unavoidable(given: Any, day: date, lapsed_on: date, rule: dict[str, Any], trace: Trace, reference: str,
                 assumption: bool) -> tuple[date | None, str]:
    """The last day the unavoidable reason allows (None when none is claimed or it does not hold) and,
    for a reason that does not hold, why (Japanese)."""
    if given is None:
        return None, ""
    given = require_mapping(given, "unavoidable")
    reason = given.get("reason")
    if reason not in rule["reasons"]:
        raise RulesError("invalid_value", f"やむを得ない理由は {', '.join(rule['reasons'])} のいずれかです"
                         f"（入力: {reason!r}）。", "unavoidable.reason")
    ended = parse_date(given.get("ended"), "unavoidable.ended")
    assert ended is not None
    if ended > day:
        raise RulesError("invalid_value", "やむを得ない理由がやんだ日が申請日より後です。", "unavoidable.ended")
    years, months = int(rule["unavoidable_years"]), int(rule["after_reason_months"])
    last = min(_within(lapsed_on, years * 12), _within(ended, months))
    why = ""
    if ended < lapsed_on:
        why = f"やむを得ない理由（{rule['reasons'][reason]}）は失効の前（{ended.isoformat()}）にやんでいます"
    elif day > _within(lapsed_on, years * 12):
        why = f"失効した日（{lapsed_on.isoformat()}）から{years}年を経過しています"
    elif day > _within(ended, months):
        why = f"やむを得ない理由がやんだ日（{ended.isoformat()}）から{months}月を経過しています"
    trace.add("unavoidable", f"やむを得ない理由: {rule['reasons'][reason]}（{ended.isoformat()} にやんだ）、"
              f"申請の期限 {last.isoformat()}" + (f" → 認められない: {why}" if why else " → 期限内"),
              reference, assumption=assumption)
    return (None, why) if why else (last, "")


def _route(kinds: list[str], day: date, lapsed_on: date, unavoidable: date | None, rule: dict[str, Any],
           trace: Trace, reference: str, assumption: bool) -> tuple[str, date | None, list[str], str | None]:
    """(route, its last day, the kinds it concerns, the fee route)."""
    if unavoidable is not None:
        trace.add("route", "やむを得ず失効: 学科試験・技能試験を免除（適性試験のみ）", reference, assumption=assumption)
        return "aptitude_only", unavoidable, kinds, "lapsed_unavoidable"
    careless = _within(lapsed_on, int(rule["careless_months"]))
    if day <= careless:
        trace.add("route", f"うっかり失効（{careless.isoformat()} まで）: 学科試験・技能試験を免除（適性試験のみ）",
                  reference, assumption=assumption)
        return "aptitude_only", careless, kinds, "lapsed"
    provisional = _within(lapsed_on, int(rule["provisional_months"]))
    held = [k for k in kinds if k in rule["provisional_kinds"]]
    if day <= provisional and held:
        trace.add("route", f"失効から{rule['careless_months']}月超{rule['provisional_months']}月以内"
                  f"（{provisional.isoformat()} まで）: {'・'.join(held)}の仮免許の試験を免除（本免許の試験を受ける）",
                  reference, assumption=assumption)
        return "provisional_waived", provisional, held, "direct"
    trace.add("route", "試験の免除なし（新たに免許試験を受ける）", reference, assumption=assumption)
    return "full_test", None, [], None
