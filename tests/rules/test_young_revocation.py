"""若年運転者期間に係る取消し (規程第41条の2の2; 道路交通法第104条の2の4) and the 取消手配's day (規程第41条の2第2項,
第41条の2の2第2項): the kinds revoked, 中型 spared from 20, the 31st day after the notice."""

from datetime import date

from menkyo.rules import young_revocation as law

BORN = date(2004, 6, 10)


def test_every_special_kind_held_is_revoked_for_one_under_twenty():
    found = law.revoked_kinds(["大型", "中型"], BORN, date(2024, 6, 9))
    assert found.revoked == ("大型", "中型") and found.spared == () and found.assumption


def test_a_medium_licence_is_kept_by_one_who_was_twenty_when_the_criterion_was_met():
    found = law.revoked_kinds(["大型", "中型"], BORN, date(2024, 6, 10))
    assert found.revoked == ("大型",) and found.spared[0][0] == "中型" and "20歳" in found.spared[0][1]


def test_a_kind_the_special_route_does_not_open_is_never_revoked():
    found = law.revoked_kinds(["普通", "大二"], BORN, date(2024, 1, 1))
    assert found.revoked == ("大二",) and [k for k, _ in found.spared] == ["普通"]


def test_the_alert_is_due_on_the_31st_day_after_the_notice_arrived():
    assert law.alert_due_from(date(2026, 1, 10)) == date(2026, 2, 10)
