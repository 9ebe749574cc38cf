"""暫定停止 (道路交通法第104条の2の3): decided by the 公安委員会, at most three months, the 弁明 within 5 days after
it, only for a suspected 法第103条第1項第1号・第1号の2・第3号 — every value UNCONFIRMED where the sources leave it."""

from datetime import date

from menkyo.rules import interim_suspension as law
from menkyo.rules.authority import authority_json


def test_an_interim_suspension_is_decided_by_the_commission_with_an_explanation_after_it_and_no_notice_period():
    result = authority_json({"as_of": "2026-11-27", "kind": "interim_suspension", "points_based": False})
    assert (result["authority"], result["hearing"]) == ("commission", "explanation")
    assert result["notice_days"] is None and result["earliest_hearing"] is None
    assert result["hearing_at"] == "after_disposition"
    step = [s for s in result["trace"] if s["step"] == "interim_suspension"][0]
    assert "第104条の2の3" in step["reference"] and step["assumption"]


def test_the_term_ends_at_the_latest_the_day_before_the_same_date_three_months_later():
    assert law.last_allowed_day(date(2026, 11, 27)) == date(2027, 2, 26)
    assert law.last_allowed_day(date(2026, 11, 30)) == date(2027, 2, 27)  # no 30 February: the month's last day


def test_the_explanation_is_due_on_the_fifth_day_counting_the_interim_suspension_day():
    assert law.explanation_due(date(2026, 11, 27)) == date(2026, 12, 1)


def test_only_the_suspicions_of_article_103_1_items_1_1no2_and_3_allow_an_interim_suspension():
    day = date(2026, 11, 27)
    assert all(law.ground_allowed(g, day) for g in ("illness", "dementia", "addiction"))
    assert not law.ground_allowed("danger", day)


def test_the_rule_is_marked_as_an_assumption_with_the_law_article():
    entry = law.rule(date(2026, 11, 27))
    assert entry.assumption and "第104条の2の3" in entry.reference


def test_the_suspicion_rests_on_the_accident_or_on_a_doctors_diagnosis_under_the_cabinet_order():
    bases = law.bases(date(2026, 11, 27))
    assert set(bases) == {"accident", "diagnosis"}
    assert "施行令第39条の2第1項" in bases["diagnosis"]["reference"] and bases["diagnosis"]["label"].startswith("医師の診断")
    assert law.needs_accident("accident") and not law.needs_accident("diagnosis")
    assert law.rule(date(2026, 11, 27)).assumption
