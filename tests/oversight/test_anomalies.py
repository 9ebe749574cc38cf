"""Each anomaly report finds its planted pattern and flags nothing of an honest day (issue 8 §3).

The honest day (conftest ``world``): five operators in two offices, counter work between 09:00 and
17:00 with an application after each lookup, a traffic stop, an investigation whose case number a
colleague's record cites, a free-text purpose — and a holder looked up twice in one visit.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from menkyo.audit import recorder
from menkyo.oversight import anomalies
from menkyo.oversight.anomalies import PATTERNS, Scope
from menkyo.oversight.models import WatchEntry

from .conftest import at

pytestmark = pytest.mark.django_db

LATER = timedelta(days=anomalies.FOLLOW_UP_DAYS + 1)


def flagged(pattern, scope):
    return {flag.inquiry_id: flag.reason for flag in PATTERNS[pattern].find(scope)}


def judged_later(world, **extra):
    return world.scope(now=timezone.now() + LATER, **extra)


def test_an_honest_day_is_flagged_by_no_report(world):
    scope = judged_later(world)
    assert scope.inquiries().count() == 23
    assert {code: flagged(code, scope) for code in PATTERNS} == {code: {} for code in PATTERNS}


def test_an_honest_day_of_one_office_is_flagged_by_no_report(world):
    assert anomalies.run_all(judged_later(world, affiliation="28-002")) == []


# --- (a) the 神奈川 pattern -----------------------------------------------------------------------


def test_a_lookup_that_no_business_followed_is_flagged_once_the_window_has_passed(world, lookup):
    today = timezone.localdate()
    stop = lookup(world.operators[0], world.people[5], timezone.now(), purpose="交通取締り")
    scope = Scope("28", today - timedelta(days=1), today, now=timezone.now() + LATER)
    found = flagged("no_follow_up", scope)
    assert list(found) == [stop.pk]
    assert "14日以内" in found[stop.pk] and "（1人）" in found[stop.pk]
    assert flagged("no_follow_up", Scope("28", today - timedelta(days=1), today)) == {}  # too early to judge


def test_business_by_the_same_office_answers_the_lookup(world, lookup, follow_up):
    today = timezone.localdate()
    stop = lookup(world.operators[0], world.people[5], timezone.now() - timedelta(seconds=1), purpose="交通取締り")
    follow_up(world.operators[1], world.people[5])  # a colleague of the same office records the stop
    assert stop.pk not in flagged("no_follow_up", Scope("28", today - timedelta(days=1), today,
                                                         now=timezone.now() + LATER))


def test_a_case_number_only_the_inquirer_ever_cites_does_not_answer_the_lookup(world, lookup):
    today = timezone.localdate()
    fake = lookup(world.operators[4], world.people[6], timezone.now(), purpose="捜査", case="R8-999")
    assert fake.pk in flagged("no_follow_up", Scope("28", today - timedelta(days=1), today,
                                                     now=timezone.now() + LATER))


# --- (b) the same person again and again -----------------------------------------------------------


def test_one_operator_looking_up_one_person_on_two_days_is_flagged(world, lookup):
    clerk, target = world.operators[1], world.people[19]
    planted = [lookup(clerk, target, at(world.day - timedelta(days=1), 11)),
               lookup(clerk, target, at(world.day, 10, 30)), lookup(clerk, target, at(world.day, 15))]
    found = flagged("repeated", world.scope())
    assert set(found) == {i.pk for i in planted}
    assert "3回（2日）" in found[planted[0].pk]


def test_three_offices_without_business_looking_up_one_person_are_flagged(world, lookup, make_operator):
    target = world.people[19]
    planted = [lookup(make_operator(f"far_{code}", ["counter"], code), target, at(world.day, 11))
               for code in ("28-002", "28-003", "28-004")]
    found = flagged("many_offices", world.scope())
    assert set(found) == {i.pk for i in planted}
    assert "3の所属" in found[planted[0].pk]


# --- (c) off hours -------------------------------------------------------------------------------------


def test_a_burst_of_lookups_at_night_is_flagged_and_a_single_night_lookup_is_not(world, lookup):
    clerk = world.operators[1]
    burst = [lookup(clerk, world.people[i], at(world.day, 22, 10 * i)) for i in range(5)]
    single = lookup(world.operators[2], world.people[7], at(world.day, 23, 30))
    found = flagged("off_hours", world.scope())
    assert set(found) == {i.pk for i in burst}
    assert single.pk not in found
    assert "勤務時間外" in found[burst[0].pk]


def test_saturday_is_off_hours_and_sunday_is_a_working_day():
    saturday = date(2026, 11, 14)
    assert anomalies.is_off_hours(at(saturday, 11))
    assert not anomalies.is_off_hours(at(saturday + timedelta(days=1), 11))
    assert anomalies.is_off_hours(at(date(2026, 11, 23), 11))  # 勤労感謝の日
    assert anomalies.is_off_hours(at(date(2026, 11, 24), 6, 59))


# --- (d) volume ------------------------------------------------------------------------------------------


def test_an_operator_far_above_the_offices_median_is_flagged(world, lookup):
    heavy = world.operators[2]
    for i in range(36):
        lookup(heavy, world.people[i % 16], at(world.day, 9 + i // 5, (i * 11) % 60))
    found = flagged("peer_volume", world.scope())
    assert len(found) == 41  # all of the operator's lookups: 5 honest + 36
    assert "中央値（5件）の8.2倍（41件）" in next(iter(found.values()))


# --- (e) colleagues, own surname, the watch list -----------------------------------------------------------


def test_looking_up_a_colleague_is_flagged(world, holders, holder_data, lookup):
    from menkyo.core.actors import SystemActor
    from menkyo.registry import services as registry

    colleague = world.operators[1]  # ヤマモト, born 1985-01-02
    data = dict(holder_data, name="山本 次郎", name_kana="ヤマモト ジロウ", birth_date=colleague.birth_date)
    person = registry.register_holder(SystemActor("test"), data).person
    planted = lookup(world.operators[0], person, at(world.day, 11))
    found = flagged("colleague", world.scope())
    assert list(found) == [planted.pk]
    assert "同僚（窓口 二・28-001）" in found[planted.pk]


def test_looking_up_someone_of_the_operators_surname_is_flagged_with_the_municipality(world, holder_data, lookup):
    from menkyo.core.actors import SystemActor
    from menkyo.registry import services as registry

    officer = world.operators[4]  # サトウ
    officer.home_municipality = "神戸市"
    officer.save()
    data = dict(holder_data, name="佐藤 三郎", name_kana="サトウ サブロウ")
    person = registry.register_holder(SystemActor("test"), data).person
    planted = lookup(officer, person, at(world.day, 11))
    found = flagged("surname", world.scope())
    assert found == {planted.pk: "照会者と同じ氏（サトウ）・同じ市区町村（神戸市）に住む者の照会"}


def test_every_lookup_of_a_person_on_the_watch_list_is_flagged(world, hyogo_auditor):
    WatchEntry.objects.create(person=world.people[3], prefecture_id="28", reason="県議会議員", added_by=hyogo_auditor)
    WatchEntry.objects.create(person=world.people[4], prefecture_id="27", reason="大阪の注意リスト")
    found = flagged("watch_list", world.scope())
    assert len(found) == 1
    assert "注意リスト" in next(iter(found.values()))


# --- (f) the 佐賀 pattern -----------------------------------------------------------------------------------


def test_one_account_used_from_a_second_terminal_while_the_first_is_in_use_is_flagged(world, lookup):
    clerk = world.operators[0]  # its desk session runs 09:00–16:xx
    stolen = lookup(clerk, world.people[8], at(world.day, 12, 5), terminal="other-desk", address="10.28.9.9")
    found = flagged("two_terminals", world.scope())
    assert stolen.pk in found
    assert "2つの端末で同時に使用" in found[stolen.pk] or "別の接続元" in found[stolen.pk]


def test_a_new_login_at_the_same_desk_after_the_last_session_ended_is_not_flagged(world, lookup):
    clerk = world.operators[3]  # its desk session ended at 19:45
    lookup(clerk, world.people[9], at(world.day, 19, 50), terminal="desk-d-after-relogin")
    assert flagged("two_terminals", world.scope()) == {}


# --- (g) purposes reused verbatim ----------------------------------------------------------------------------


def test_one_free_text_purpose_over_five_people_is_flagged(world, lookup):
    officer = world.operators[4]
    planted = [lookup(officer, world.people[i], at(world.day, 13, i * 5), purpose="その他", note="知人からの依頼")
               for i in range(5)]
    found = flagged("purpose_reuse", world.scope())
    assert set(found) == {i.pk for i in planted}
    assert "5人" in found[planted[0].pk]


def test_a_threshold_is_overridden_by_the_setting(world, lookup, settings):
    settings.MENKYO_OVERSIGHT = {"PURPOSE_REUSE_PERSONS": 2}
    officer = world.operators[4]
    for i in range(2):
        lookup(officer, world.people[i], at(world.day, 13, i), purpose="その他", note="同じ文")
    assert len(flagged("purpose_reuse", world.scope())) == 2


def test_the_reports_cover_only_the_prefectures_operators(world, lookup, make_operator):
    osaka = make_operator("osaka_night", ["counter"], "27-001")
    for i in range(6):
        lookup(osaka, world.people[i], at(world.day, 23, i))
    assert flagged("off_hours", world.scope()) == {}
    assert len(flagged("off_hours", Scope("27", world.day, world.day))) == 6


def test_business_recorded_by_a_read_does_not_count(world, lookup):
    today = timezone.localdate()
    stop = lookup(world.operators[0], world.people[5], timezone.now(), purpose="交通取締り")
    recorder.record(world.operators[0], "registry.person.read", person_id=world.people[5].pk)
    assert stop.pk in flagged("no_follow_up", Scope("28", today - timedelta(days=1), today,
                                                     now=timezone.now() + LATER))
