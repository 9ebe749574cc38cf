"""適性試験 by the standard of the kind (施行規則第23条; params/aptitude_standards.yaml, counter-facts §2.1)."""

from datetime import date

import pytest

from menkyo.rules import params
from menkyo.rules.aptitude import SUBJECTS, aptitude
from menkyo.rules.errors import RulesError
from menkyo.rules.kinds import KIND_CODES

DAY = "2026-11-27"
GOOD = {"acuity_both": 1.0, "acuity_left": 0.8, "acuity_right": 0.9, "corrective_lenses": False,
        "depth_error_cm": 1.0, "colour_ok": True, "hearing_ok": True, "hearing_aid": False, "motor_ok": True}


def measure(kind, day=DAY, holds=False, **measured):
    return aptitude({"date": day, "kind": kind, "holds_licence": holds, "measurements": {**GOOD, **measured}})


def failed(answer):
    return [f["code"] for f in answer["failed_standards"]]


def test_every_kind_has_one_acuity_row_and_at_most_one_of_each_other_subject():
    rows = params.table("aptitude_standards").rows.values()
    for kind in KIND_CODES:
        for subject in SUBJECTS:
            found = [r["code"] for r in rows if r["subject"] == subject and (r["kinds"] == "all" or kind in r["kinds"])]
            expected = (1,) if subject in ("acuity", "colour", "motor") else (0, 1)
            assert len(found) in expected, (kind, subject, found)


@pytest.mark.parametrize("kind", ["大型", "中型", "準中型", "大型仮", "けん引", "大二", "普二"])
def test_the_heavy_kinds_need_08_both_05_each_and_depth(kind):
    assert measure(kind, acuity_both=0.8, acuity_left=0.5, acuity_right=0.5, depth_error_cm=2)["passed"]
    assert failed(measure(kind, acuity_both=0.7, acuity_left=0.5, acuity_right=0.5)) == ["acuity"]
    assert failed(measure(kind, acuity_both=0.9, acuity_left=0.4, acuity_right=1.0)) == ["acuity"]
    answer = measure(kind, depth_error_cm=2.1)
    assert answer["failed_standards"][0]["message"] == "深視力（平均誤差2cm以下）を満たしません。"
    assert "施行規則第23条" in answer["failed_standards"][0]["reference"]


@pytest.mark.parametrize("kind", ["普通", "大特", "大自二", "普自二", "普通仮"])
def test_the_ordinary_kinds_need_07_and_03_or_one_eye_with_a_150_degree_field(kind):
    assert measure(kind, acuity_both=0.7, acuity_left=0.3, acuity_right=0.3, depth_error_cm=None)["passed"]
    assert failed(measure(kind, acuity_both=0.6, acuity_left=0.5, acuity_right=0.5)) == ["acuity"]
    one_eye = {"acuity_both": 0.7, "acuity_left": 0.2, "acuity_right": 0.7}
    assert measure(kind, **one_eye, visual_field_degrees=150)["passed"]
    answer = measure(kind, **one_eye, visual_field_degrees=149)
    assert failed(answer) == ["acuity_one_eye"]
    assert "他眼の視力0.7以上、かつ、視野が左右150度以上" in answer["failed_standards"][0]["message"]
    assert failed(measure(kind, acuity_both=0.6, acuity_left=0.0, acuity_right=0.6, visual_field_degrees=170)) == [
        "acuity_one_eye"]


def test_a_one_eyed_ordinary_applicant_without_a_measured_field_is_asked_for_it():
    with pytest.raises(RulesError) as error:
        measure("普通", acuity_both=0.8, acuity_left=0.1, acuity_right=0.8)
    assert (error.value.code, error.value.path) == ("missing_field", "measurements.visual_field_degrees")
    assert "他眼の視野で判定します" in error.value.message


@pytest.mark.parametrize("kind", ["原付", "小特"])
def test_moped_and_small_special_need_05_both_or_one_blind_eye_with_150_degrees(kind):
    assert measure(kind, acuity_both=0.5, acuity_left=0.2, acuity_right=0.3)["passed"]
    assert failed(measure(kind, acuity_both=0.4, acuity_left=0.4, acuity_right=0.4)) == ["acuity"]
    blind = {"acuity_both": 0.6, "acuity_left": 0.0, "acuity_right": 0.6}
    assert measure(kind, **blind, visual_field_degrees=150)["passed"]
    assert failed(measure(kind, **blind, visual_field_degrees=120)) == ["acuity_one_eye"]


def test_depth_is_not_asked_of_an_ordinary_applicant():
    answer = aptitude({"date": DAY, "kind": "普通", "measurements": {k: v for k, v in GOOD.items() if k != "depth_error_cm"}})
    assert answer["passed"] and "depth" not in [s["step"] for s in answer["trace"]]


def test_a_heavy_applicant_without_depth_is_asked_for_it():
    with pytest.raises(RulesError) as error:
        aptitude({"date": DAY, "kind": "中型", "measurements": {k: v for k, v in GOOD.items() if k != "depth_error_cm"}})
    assert (error.value.code, error.value.path) == ("missing_field", "measurements.depth_error_cm")


def test_colour_is_waived_for_a_holder_and_needed_otherwise():
    assert measure("大型", holds=True, colour_ok=False)["passed"]
    assert failed(measure("大型", colour_ok=False)) == ["colour"]
    with pytest.raises(RulesError) as error:
        aptitude({"date": DAY, "kind": "普通", "measurements": {**GOOD, "colour_ok": None}})
    assert error.value.path == "measurements.colour_ok"


def test_hearing_is_not_a_standard_for_motorcycles_and_mopeds():
    answer = measure("普自二", hearing_ok=False, hearing_aid=True)
    assert answer["passed"] and answer["conditions"] == []
    assert any(s["step"] == "hearing" and "聴力の基準はない" in s["detail"] for s in answer["trace"])


def test_a_hearing_aid_gives_the_condition_and_for_second_class_only_from_2016_04_01():
    assert measure("普通", hearing_aid=True)["conditions"] == ["補聴器"]
    before = measure("普二", day="2016-03-31", hearing_aid=True)
    assert failed(before) == ["hearing_aid_not_allowed"]
    assert measure("普二", day="2016-04-01", hearing_aid=True)["conditions"] == ["補聴器"]
    assert failed(measure("普通", hearing_ok=False)) == ["hearing"]


def test_corrective_lenses_give_the_glasses_condition_only_when_passed():
    assert measure("普通", corrective_lenses=True)["conditions"] == ["眼鏡等"]
    assert measure("普通", corrective_lenses=True, motor_ok=False)["conditions"] == []
    assert failed(measure("普通", motor_ok=False)) == ["motor"]


def test_a_deemed_limited_licence_is_tested_at_the_ordinary_standard_an_unconfirmed_clause():
    answer = aptitude({"date": DAY, "kind": "中型", "limited": True, "holds_licence": True,
                       "measurements": {**GOOD, "acuity_both": 0.7, "acuity_left": 0.3, "acuity_right": 0.3,
                                        "depth_error_cm": None}})
    assert answer["passed"]
    step = answer["trace"][0]
    assert step["step"] == "deemed_limited" and step["assumption"] is True
    with pytest.raises(RulesError) as error:
        aptitude({"date": DAY, "kind": "普通", "limited": True, "measurements": GOOD})
    assert error.value.path == "limited"


def test_every_step_names_its_reference_and_marks_the_assumed_start_date():
    answer = measure("大型")
    assert [s["step"] for s in answer["trace"]] == ["acuity", "depth", "colour", "hearing", "motor"]
    assert all(s["reference"] for s in answer["trace"]) and all(s.get("assumption") for s in answer["trace"])


@pytest.mark.parametrize(("data", "code", "path"), [
    ({"kind": "自転車"}, "invalid_value", "kind"),
    ({"kind": "準中型", "date": "2017-03-11"}, "kind_not_introduced", "kind"),
    ({"date": "2026-02-30"}, "malformed_date", "date"),
    ({"measurements": {**GOOD, "acuity_both": 2.5}}, "invalid_value", "measurements.acuity_both"),
    ({"measurements": {**GOOD, "acuity_left": True}}, "invalid_value", "measurements.acuity_left"),
    ({"measurements": {**GOOD, "acuity_right": "よい"}}, "invalid_value", "measurements.acuity_right"),
    ({"measurements": {**GOOD, "motor_ok": "yes"}}, "invalid_value", "measurements.motor_ok"),
    ({"measurements": None}, "invalid_input", "measurements"),
    ({"holds_licence": "はい"}, "invalid_value", "holds_licence"),
])
def test_bad_input_is_a_rules_error_with_its_path(data, code, path):
    with pytest.raises(RulesError) as error:
        aptitude({"date": DAY, "kind": "普通", "measurements": GOOD, **data})
    assert (error.value.code, error.value.path) == (code, path)


def test_before_the_first_standard_nothing_is_in_force():
    with pytest.raises(RulesError) as error:
        aptitude({"date": date(2007, 6, 1), "kind": "普通", "measurements": GOOD})
    assert error.value.code == "no_table_in_force"
