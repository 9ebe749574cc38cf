"""Unit tests of the assess rules (law-rules §1–§4, §16), each a case that only its rule decides.

The scenarios themselves run through all three entry points in
tests/rules/test_scenarios.py; here they only feed checks on every trace.
"""

from datetime import date
from pathlib import Path

import pytest
import yaml

from menkyo.rules import assess
from menkyo.rules.errors import RulesError

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios" / "assess").glob("*.yaml"))


def test_there_are_at_least_50_assess_scenarios():
    assert len(SCENARIOS) >= 50


# ---------------------------------------------------------------- helpers for the unit tests
LICENCE = [{"kind": "普通", "acquired": "2005-06-01"}]


def run(events, as_of=None, **extra):
    days = [e["date"] for e in events]
    data = {"as_of": as_of or max(days), "licences": LICENCE, "events": events}
    data.update(extra)
    return assess(data)


def viol(day, code, **kw):
    return {"type": "violation", "date": day, "code": code, **kw}


def steps(result, name):
    return [s for s in result["trace"] if s["step"] == name]


def error_of(data):
    with pytest.raises(RulesError) as caught:
        assess(data)
    return caught.value


# ---------------------------------------------------------------- points (law-rules §1)
def test_alcohol_column_replaces_the_basic_points():
    assert run([viol("2026-01-10", "seatbelt", alcohol="ge025")])["points"] == 25


def test_row_without_alcohol_column_takes_the_higher_drink_driving_points_as_an_assumption():
    result = run([viol("2026-01-10", "no_lights", alcohol="ge025")])
    assert result["points"] == 25
    assert steps(result, "points")[0]["assumption"] is True


def test_accident_points_are_not_added_to_vehicular_injury():
    result = run([viol("2026-01-10", "vehicular_injury_30d", accident={"severity": "fatal", "sole_fault": True})])
    assert result["points"] == 51


def test_accident_points_are_added_to_drug_driving():
    result = run([viol("2026-01-10", "drug_driving", accident={"severity": "injury_30d", "sole_fault": False})])
    assert result["points"] == 35 + 6


def test_accident_points_on_severe_obstructive_driving_are_an_assumption():
    result = run([viol("2024-01-10", "obstructive_driving_severe",
                       accident={"severity": "injury_15d", "sole_fault": True})])
    assert result["points"] == 41
    assert steps(result, "points")[0]["assumption"] is True


def test_plus_spellings_of_the_severities_are_accepted():
    a = run([viol("2026-01-10", "signal_red", accident={"severity": "injury_3m_plus", "sole_fault": True})])
    b = run([viol("2026-01-10", "signal_red", accident={"severity": "injury_3m", "sole_fault": True})])
    assert a["points"] == b["points"] == 15


def test_hit_and_run_on_property_adds_5_and_no_specified_violation():
    result = run([viol("2026-01-10", "signal_red", hit_and_run="property")])
    assert result["points"] == 7 and not result["includes_specified"]


def test_hit_and_run_with_injury_counts_failure_to_aid_once_even_when_coded():
    result = run([viol("2026-01-10", "failure_to_aid", hit_and_run="injury")])
    assert result["counted_events"] == ["2026-01-10 failure_to_aid"]


def test_unconfirmed_row_is_marked_as_an_assumption():
    result = run([viol("2026-01-10", "helmet")])
    assert steps(result, "points")[0]["assumption"] is True


# ---------------------------------------------------------------- accumulation (law-rules §2)
def test_clean_year_resets_the_prior_dispositions_too():
    result = run([{"type": "suspension", "date": "2024-01-10", "days": 30},
                  viol("2024-01-05", "speeding_30_50"),
                  viol("2025-06-01", "signal_red"), viol("2025-06-01", "stop_sign")])
    # the suspension ended 2024-02-08; 2025-06-01 is more than a year later
    assert result["prior_dispositions"] == 0 and result["points"] == 4
    assert result["outcome"] == {"action": "none"}


def test_without_licences_a_licence_holder_is_taken_as_licensed_throughout():
    data = {"as_of": "2025-06-01", "events": [viol("2024-01-10", "speeding_30_50"), viol("2025-06-01", "signal_red")]}
    result = assess(data)
    assert result["points"] == 2
    assert steps(result, "licensed_time")[0]["assumption"] is True


def test_an_applicant_without_a_licence_never_has_clean_time():
    data = {"as_of": "2025-06-01", "applicant": True,
            "events": [viol("2024-01-10", "speeding_30_50"), viol("2025-06-01", "speeding_30_50")]}
    assert assess(data)["outcome"] == {"action": "deferral", "days": 90}


def test_a_disposition_after_the_newest_violation_has_disposed_of_its_points():
    result = run([viol("2026-01-10", "speeding_30_50"), {"type": "suspension", "date": "2026-03-01", "days": 30}])
    assert result["points"] == 0 and result["prior_dispositions"] == 0
    assert steps(result, "disposed")


def test_revocation_disposes_of_points_as_an_assumption():
    result = run([viol("2020-01-10", "fatigue_driving"),
                  {"type": "revocation", "date": "2020-03-01", "disqualification_years": 1},
                  viol("2021-06-01", "signal_red")],
                 licences=[{"kind": "普通", "acquired": "2021-04-01"}])
    assert result["points"] == 2 and result["prior_dispositions"] == 1
    assert steps(result, "disposed")[0]["assumption"] is True


# ---------------------------------------------------------------- outcome (law-rules §3)
def test_mixed_general_and_specified_points_use_the_specified_table_as_an_assumption():
    result = run([viol("2026-01-01", "speeding_30_50"), viol("2026-01-10", "drunk_driving")])
    assert result["points"] == 41 and result["outcome"] == {"action": "revocation", "disqualification_years": 4}
    assert steps(result, "specified_table")[0]["assumption"] is True


def test_derived_revocation_rows_are_marked_as_assumptions():
    result = run([{"type": "suspension", "date": "2025-01-10", "days": 30}, viol("2025-09-01", "speeding_50_plus")])
    outcome = steps(result, "outcome")[0]
    assert result["outcome"] == {"action": "revocation", "disqualification_years": 1}
    assert outcome["assumption"] is True


def test_violator_course_notice_says_what_follows_if_not_attended():
    result = run([viol("2025-01-10", "signal_red"), viol("2025-03-01", "signal_red"), viol("2025-05-01", "signal_red")])
    assert result["violator_course"] == {"points": 6, "other_points": 0, "if_attended": {"action": "none"},
                                         "if_not_attended": {"action": "suspension", "days": 30}}


def test_violator_course_is_not_for_a_violation_with_alcohol_points():
    result = run([viol("2025-01-10", "drink_driving_lt025")])
    assert result["outcome"]["action"] == "suspension"


def test_applicant_deferral_is_marked_as_an_assumption():
    data = {"as_of": "2026-01-10", "applicant": True, "events": [viol("2026-01-10", "speeding_30_50")]}
    result = assess(data)
    assert result["outcome"] == {"action": "deferral", "days": 30}
    assert steps(result, "outcome")[-1]["assumption"] is True


def test_applicant_specified_refusal_lapses_after_the_band_years():
    data = {"as_of": "2029-01-10", "applicant": True, "events": [viol("2026-01-10", "drunk_driving")]}
    assert assess(data)["outcome"] == {"action": "none"}
    data["as_of"] = "2029-01-09"
    assert assess(data)["outcome"] == {"action": "refusal", "disqualification_years": 3}


# ---------------------------------------------------------------- 停止処分者講習 (law-rules §3.6)
def test_long_course_good_grade_for_120_days_is_an_assumption():
    from menkyo.rules.suspension_course import reduction

    found = reduction(120, "良", date(2025, 1, 10))
    assert found.days_reduced == 50 and found.assumption


def test_course_after_half_of_the_suspension_takes_nothing_off():
    from menkyo.rules.suspension_course import reduction

    assert reduction(30, "優", date(2025, 1, 10), date(2025, 1, 24)).days_reduced == 29
    assert reduction(30, "優", date(2025, 1, 10), date(2025, 1, 25)).days_reduced == 0


def test_a_course_needs_a_suspension_before_it():
    err = error_of({"as_of": "2026-01-10", "events": [{"type": "suspension_course", "date": "2026-01-10", "grade": "優"}]})
    assert (err.code, err.path) == ("invalid_value", "events[0].date")


def test_the_shortened_suspension_ends_the_clean_time_earlier():
    events = [viol("2024-01-05", "speeding_30_50"), {"type": "suspension", "date": "2024-02-01", "days": 60},
              viol("2025-02-15", "signal_red"), viol("2025-02-15", "stop_sign")]
    # 60 days end 2024-03-31: 2025-02-15 is less than a year later → 前歴1, 4 points → 60 days
    assert run(events)["outcome"] == {"action": "suspension", "days": 60}
    events.append({"type": "suspension_course", "date": "2024-02-01", "grade": "優"})
    # 30 days off: the suspension ends 2024-03-01 … still under a year; only the day count changes
    result = run(events)
    assert result["suspension_course"][0]["days_remaining"] == 30


# ---------------------------------------------------------------- 初心運転者・若年運転者 (law-rules §4)
def test_a_suspension_lengthens_the_probationary_period():
    result = run([{"type": "suspension", "date": "2025-06-01", "days": 30}, viol("2026-04-15", "signal_red", vehicle="普通"),
                  viol("2026-04-20", "seatbelt", vehicle="普通")],
                 licences=[{"kind": "普通", "acquired": "2025-04-01"}])
    period = result["probationary"][0]
    assert period["period_end"] == "2026-04-30" and period["meets_criteria"]


def test_a_higher_licence_ends_the_moped_period():
    result = run([viol("2025-07-01", "signal_red", vehicle="原付"), viol("2025-09-02", "seatbelt", vehicle="原付")],
                 licences=[{"kind": "原付", "acquired": "2025-04-01"}, {"kind": "普通", "acquired": "2025-08-01"}])
    moped = next(p for p in result["probationary"] if p["kind"] == "原付")
    assert moped["period_end"] == "2025-07-31" and moped["points"] == 2 and not moped["meets_criteria"]


def test_special_route_needs_a_birth_date():
    err = error_of({"as_of": "2026-01-10", "licences": [{"kind": "中型", "acquired": "2025-01-10", "special_route": True}],
                    "events": []})
    assert (err.code, err.path) == ("missing_field", "person.birth_date")


# ---------------------------------------------------------------- input errors (rules-contract §1)
@pytest.mark.parametrize("data, code, path", [
    ({}, "missing_field", "as_of"),
    ([], "invalid_input", None),
    ({"as_of": "2026-01-10", "events": {}}, "invalid_input", "events"),
    ({"as_of": "2026-01-10", "events": [{"type": "parking"}]}, "invalid_value", "events[0].type"),
    ({"as_of": "2026-01-10", "events": [{"date": "2026-01-10"}]}, "missing_field", "events[0].type"),
    ({"as_of": "2026-01-10", "events": [{"type": "violation", "date": "2026-01-10"}]}, "missing_field", "events[0].code"),
    ({"as_of": "2026-01-10", "events": [{"type": "violation", "date": "10/01/2026", "code": "seatbelt"}]},
     "malformed_date", "events[0].date"),
    ({"as_of": "2026-01-10", "events": [viol("2026-01-10", "seatbelt", accident={"severity": "fatal"})]},
     "missing_field", "events[0].accident.sole_fault"),
    ({"as_of": "2026-01-10", "events": [viol("2026-01-10", "seatbelt", accident={"severity": "minor", "sole_fault": True})]},
     "invalid_value", "events[0].accident.severity"),
    ({"as_of": "2026-01-10", "events": [{"type": "suspension", "date": "2026-01-10", "days": 0}]},
     "invalid_value", "events[0].days"),
    ({"as_of": "2026-01-10", "events": [{"type": "revocation", "date": "2026-01-10", "disqualification_years": "1"}]},
     "invalid_value", "events[0].disqualification_years"),
    ({"as_of": "2026-01-10", "applicant": "yes", "events": []}, "invalid_value", "applicant"),
    ({"as_of": "2026-01-10", "licences": [{"kind": "自転車", "acquired": "2020-01-01"}], "events": []},
     "invalid_value", "licences[0].kind"),
    ({"as_of": "2026-01-10", "events": [viol("2026-01-10", "seatbelt", vehicle="トラクター")]},
     "invalid_value", "events[0].vehicle"),
    ({"as_of": "2026-01-10", "events": [viol("2026-01-10", "seatbelt", vehicle="自転車")]},
     "vehicle_outside_point_system", "events[0].vehicle"),
    ({"as_of": "2026-01-10", "events": [viol("2014-08-31", "roundabout_safety")]}, "no_table_in_force", "events[0].date"),
])
def test_bad_input_is_a_precise_rules_error(data, code, path):
    err = error_of(data)
    assert (err.code, err.path) == (code, path)


def test_every_trace_step_names_its_legal_reference():
    for path in SCENARIOS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "expect" in doc:
            for step in assess(doc["input"])["trace"]:
                assert step["reference"] and step["detail"], (path.name, step)


def test_dates_may_be_date_objects_or_strings():
    a = run([viol(date(2026, 1, 10), "signal_red")], as_of=date(2026, 1, 10))
    b = run([viol("2026-01-10", "signal_red")])
    assert a == b


def test_six_minor_points_followed_by_more_keep_the_course_notice_with_30_days_added():
    """law-rules §3.5 [P13]: not attending with other points pending → their normal days + 30."""
    six = [viol("2025-01-10", "signal_red"), viol("2025-03-01", "signal_red"), viol("2025-05-01", "signal_red")]
    result = run(six + [viol("2025-08-01", "seatbelt")])
    assert result["points"] == 7
    assert result["outcome"] == {"action": "violator_course"}
    assert result["violator_course"] == {"points": 6, "other_points": 1, "if_attended": {"action": "none"},
                                         "if_not_attended": {"action": "suspension", "days": 30}}
    course = [s for s in steps(result, "violator_course") if "30日を加えて" in s["detail"]]
    assert course and course[0]["assumption"] is True
    more = run(six + [viol(f"2025-{m:02d}-01", "signal_red") for m in (8, 9, 10)])
    assert more["violator_course"]["if_attended"] == {"action": "suspension", "days": 30}
    assert more["violator_course"]["if_not_attended"] == {"action": "suspension", "days": 60}


def test_six_minor_points_followed_by_revocation_points_is_revocation():
    six = [viol("2025-01-10", "signal_red"), viol("2025-03-01", "signal_red"), viol("2025-05-01", "signal_red")]
    result = run(six + [viol("2025-08-01", "speeding_30_50"), viol("2025-09-01", "speeding_30_50")])
    assert result["outcome"] == {"action": "revocation", "disqualification_years": 1}
    assert "violator_course" not in result


def test_a_first_threshold_above_6_gets_no_course_even_if_later_windows_show_6():
    # 3 + 2 + 2 = 7 on 2025-05-01: the first threshold reached is 7, not the course's 6
    result = run([viol("2025-01-10", "speeding_25_30"), viol("2025-03-01", "signal_red"),
                  viol("2025-05-01", "signal_red"), viol("2025-08-01", "seatbelt")])
    assert result["outcome"] == {"action": "suspension", "days": 30}
