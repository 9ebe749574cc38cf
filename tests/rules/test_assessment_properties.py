"""Properties of ``assess`` (hypothesis): no crash on valid input, only RulesError on
invalid input, same-day monotonicity of the points, determinism."""

import copy
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from menkyo.rules import assess
from menkyo.rules.errors import RulesError
from menkyo.rules.points import rows

AS_OF = date(2026, 11, 22)
FIRST = date(2020, 7, 1)
CODES = sorted(code for code, row in rows().items() if row.points.starts[0] <= FIRST)  # in force from FIRST on
SEVERITIES = ["fatal", "injury_3m", "injury_30d", "injury_15d", "injury_under_15d", "building_damage"]
FAST = settings(max_examples=200, deadline=None)

days = st.integers(0, (AS_OF - FIRST).days).map(lambda n: (FIRST + timedelta(days=n)).isoformat())


@st.composite
def violations(draw, day=days):
    event = {"type": "violation", "date": draw(day), "code": draw(st.sampled_from(CODES))}
    if draw(st.booleans()):
        event["alcohol"] = draw(st.sampled_from(["none", "lt025", "ge025"]))
    if draw(st.integers(0, 3)) == 0:
        event["accident"] = {"severity": draw(st.sampled_from(SEVERITIES)), "sole_fault": draw(st.booleans())}
    if draw(st.integers(0, 5)) == 0:
        event["hit_and_run"] = draw(st.sampled_from(["property", "injury"]))
    if draw(st.booleans()):
        event["vehicle"] = draw(st.sampled_from(["普通", "原付", "普自二"]))
    return event


dispositions = st.one_of(
    st.builds(lambda d, n: {"type": "suspension", "date": d, "days": n}, days, st.sampled_from([30, 60, 90, 120, 150, 180])),
    st.builds(lambda d, n: {"type": "deferral", "date": d, "days": n}, days, st.integers(1, 180)),
    st.builds(lambda d, y: {"type": "revocation", "date": d, "disqualification_years": y}, days, st.integers(1, 10)),
    st.builds(lambda d, y: {"type": "refusal", "date": d, "disqualification_years": y}, days, st.integers(1, 5)),
    st.builds(lambda d: {"type": "violator_course", "date": d}, days),
    st.builds(lambda d, n: {"type": "danger_suspension", "date": d, "days": n}, days, st.integers(1, 180)),
)


@st.composite
def histories(draw):
    events = draw(st.lists(st.one_of(violations(), violations(), dispositions), max_size=20))
    data = {"as_of": AS_OF.isoformat(), "events": events, "applicant": draw(st.booleans())}
    if draw(st.booleans()):
        data["licences"] = [{"kind": draw(st.sampled_from(["普通", "原付", "普自二", "準中型", "普通仮"])),
                             "acquired": draw(days)} for _ in range(draw(st.integers(1, 3)))]
    return data


@FAST
@given(histories())
def test_valid_input_always_gets_a_decision(data):
    result = assess(data)
    assert result["outcome"]["action"] in {"none", "violator_course", "suspension", "revocation", "deferral", "refusal"}
    assert result["points"] >= 0 and result["prior_dispositions"] >= 0
    assert all(step["reference"] for step in result["trace"])


@FAST
@given(histories())
def test_the_same_input_gives_the_same_answer(data):
    first = assess(copy.deepcopy(data))
    assert assess(copy.deepcopy(data)) == first
    assert assess(data) == first  # and the input is not modified


@FAST
@given(histories(), violations())
def test_another_violation_on_the_newest_day_never_lowers_the_points(data, extra):
    dated = [e["date"] for e in data["events"] if e["type"] == "violation"]
    if not dated:
        return
    before = assess(data)
    extra = dict(extra, date=max(dated))
    after = assess(dict(data, events=[*data["events"], extra]))
    assert after["points"] >= before["points"]


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.sampled_from(CODES[:5] + ["2026-01-10", "violation"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["as_of", "events", "type", "date", "code", "days", "accident", "severity", "licences",
                         "kind", "acquired", "alcohol", "hit_and_run", "applicant", "person", "grade"]),
        inner, max_size=5),
    max_leaves=20)


@FAST
@given(junk)
def test_invalid_input_only_ever_raises_rules_error(data):
    try:
        assess(data)
    except RulesError as err:
        assert err.code and err.message
