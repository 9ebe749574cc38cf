"""The deciding authority and the hearing before a disposition (規程第31条; 法第104条, 第104条の2): 取消・拒否・
運転禁止 by the 公安委員会, 停止 of the threshold or more by the 交通部長・本部長, under it by the 免許課長;
意見の聴取 / 聴聞 / 弁明 / 出頭通知書 only; the notice 7 days before (14 by 公示送達)."""

from datetime import date

import pytest

from menkyo.rules import params
from menkyo.rules.authority import (
    authority_json,
    decide_authority,
    first_allowed_hearing,
    threshold_days,
    whereabouts_unknown_from,
)
from menkyo.rules.errors import RulesError


def answer(**data):
    return authority_json({"as_of": "2026-11-27", **data})


@pytest.mark.parametrize(("kind", "days", "points", "authority", "hearing"), [
    ("revocation", None, True, "commission", "opinion_hearing"),
    ("suspension", 90, True, "hq", "opinion_hearing"),
    ("suspension", 89, True, "section_head", "none"),
    ("suspension", 30, False, "section_head", "explanation"),
    ("suspension", 120, False, "hq", "formal_hearing"),
    ("revocation", None, False, "commission", "formal_hearing"),
    ("refusal", None, True, "commission", "explanation"),
    ("deferral", 60, True, "section_head", "explanation"),
    ("driving_ban", 30, True, "commission", "opinion_hearing"),
])
def test_the_authority_and_hearing_follow_the_kind_the_days_and_the_point_system(kind, days, points, authority,
                                                                                   hearing):
    result = answer(kind=kind, days=days, points_based=points)
    assert (result["authority"], result["hearing"]) == (authority, hearing)
    assert result["summons"] == (hearing == "none")


def test_every_step_is_marked_as_an_assumption_with_its_reference():
    trace = answer(kind="revocation")["trace"]
    assert [s["step"] for s in trace] == ["threshold", "authority", "hearing", "notice"]
    assert all(s["assumption"] and s["reference"] for s in trace)


def test_the_hearing_is_at_the_earliest_seven_days_after_the_notice_and_fourteen_by_public_service():
    assert answer(kind="revocation", notice_served="2026-12-01")["earliest_hearing"] == "2026-12-08"
    assert answer(kind="revocation", notice_served="2026-12-01", public_service=True)["earliest_hearing"] == "2026-12-15"
    assert first_allowed_hearing(date(2026, 12, 1), False, date(2026, 11, 27)) == date(2026, 12, 8)


def test_a_commission_with_its_own_shorter_period_moves_the_line(monkeypatch):
    rule = dict(params.in_force("authority", date(2026, 11, 27)).value, commission_threshold_days={"63": 60})
    assert threshold_days(rule, "63") == 60 and threshold_days(rule, "30") == 90
    assert decide_authority("suspension", 60, threshold_days(rule, "63")) == "hq"


@pytest.mark.parametrize(("data", "code", "path"), [
    ({"kind": "suspension"}, "missing_field", "days"),
    ({"kind": "warning"}, "invalid_value", "kind"),
    ({"kind": "revocation", "commission": "99"}, "unknown_commission", "commission"),
    ({"kind": "revocation", "points_based": "yes"}, "invalid_input", "points_based"),
    ({"kind": "suspension", "days": 0}, "invalid_value", "days"),
])
def test_bad_input_is_a_precise_error(data, code, path):
    with pytest.raises(RulesError) as caught:
        answer(**data)
    assert (caught.value.code, caught.value.path) == (code, path)


def test_thirty_days_after_the_announcement_have_passed_on_the_thirty_first_day():
    assert whereabouts_unknown_from(date(2026, 12, 1), date(2026, 12, 1)) == date(2027, 1, 1)
