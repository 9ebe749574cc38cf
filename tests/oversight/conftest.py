"""An honest day of inquiries in 兵庫, and helpers to plant the misuse patterns of procedures.md B.3.

Inquiries are written as ``make_inquiry`` writes them (an Inquiry and its InquiredPerson rows) but
with a chosen time, terminal and client address; business that follows a lookup is an audit event
of a counter application by the same office (the counter app comes later) or a registry change.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import jpholiday
import pytest
from django.utils import timezone

from menkyo.audit import recorder
from menkyo.core.actors import SystemActor
from menkyo.inquiry.models import Inquiry, record_persons
from menkyo.oversight.anomalies import Scope
from menkyo.registry import services as registry

SURNAMES = [("青木", "アオキ"), ("石井", "イシイ"), ("上田", "ウエダ"), ("遠藤", "エンドウ"), ("小川", "オガワ"),
            ("加藤", "カトウ"), ("木村", "キムラ"), ("久保", "クボ"), ("後藤", "ゴトウ"), ("坂本", "サカモト"),
            ("清水", "シミズ"), ("須藤", "スドウ"), ("関口", "セキグチ"), ("高田", "タカダ"), ("千葉", "チバ"),
            ("土屋", "ツチヤ"), ("中野", "ナカノ"), ("西村", "ニシムラ"), ("野口", "ノグチ"), ("原田", "ハラダ")]
GIVEN = [("一郎", "イチロウ"), ("花子", "ハナコ"), ("健", "ケン"), ("由美", "ユミ")]


def honest_day() -> date:
    """The latest weekday before today (Japan time) that is not a holiday, at least two days back."""
    day = timezone.localdate() - timedelta(days=2)
    while day.weekday() >= 5 or jpholiday.is_holiday(day):
        day -= timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class World:
    day: date
    people: list
    operators: list

    def scope(self, **extra) -> Scope:
        return Scope("28", self.day - timedelta(days=1), self.day + timedelta(days=1), **extra)


@pytest.fixture
def holders(db, holder_data):
    """make(n): n 兵庫 holders with different surnames (none shared with an operator)."""

    def make(n, start=0):
        people = []
        for i in range(start, start + n):
            (sur, sur_kana), (given, given_kana) = SURNAMES[i % len(SURNAMES)], GIVEN[i % len(GIVEN)]
            data = dict(holder_data, name=f"{sur} {given}", name_kana=f"{sur_kana} {given_kana}",
                        birth_date=date(1960 + i % 30, 1 + i % 12, 1 + i % 28))
            people.append(registry.register_holder(SystemActor("test"), data).person)
        return people

    return make


@pytest.fixture
def lookup():
    """lookup(operator, people, when, purpose=…, note=…, case=…, terminal=…, address=…) → Inquiry."""

    def make(operator, people, when, *, purpose="窓口事務", note="", case="", terminal="", address="10.28.1.1"):
        people = people if isinstance(people, list) else [people]
        recorded = ":".join([purpose] + ([f"事件番号{case}"] if case else []) + ([note] if note else []))
        inquiry = Inquiry.objects.create(
            operator=operator, actor=operator.username, actor_prefecture=operator.prefecture_id, purpose=purpose,
            purpose_recorded=recorded, criteria="licence_number", person_ids=[p.pk for p in people],
            terminal=terminal or f"desk-{operator.username}"[:32], client_address=address)
        Inquiry.objects.filter(pk=inquiry.pk).update(made_at=when)
        inquiry.made_at = when
        record_persons(inquiry)
        return inquiry

    return make


@pytest.fixture
def follow_up():
    """follow_up(operator, person): a counter application received for the person (non-read business)."""

    def make(operator, person):
        recorder.record(operator, "counter.application.receive", object_type="application", person_id=person.pk,
                        subject_prefecture="28")

    return make


@pytest.fixture
def world(holders, make_operator, lookup, follow_up):
    """An honest day at 兵庫: four counter clerks and a case officer in two offices, 09:00–17:00, each
    lookup for counter work followed by an application (or a particulars change), a traffic stop
    answered by its case, purposes varied. None of the reports may flag any of it."""
    day = honest_day()
    people = holders(20)
    ops = [make_operator(name, [role], office, display_name=disp, family_name_kana=kana,
                         birth_date=date(1985, 1, 1 + i), home_municipality="明石市")
           for i, (name, role, office, disp, kana) in enumerate((
               ("clerk_a", "counter", "28-001", "窓口 一", "マドグチ"), ("clerk_b", "counter", "28-001", "窓口 二", "ヤマモト"),
               ("clerk_c", "counter", "28-001", "窓口 三", "タナカ"), ("clerk_d", "counter", "28-002", "窓口 四", "スズキ"),
               ("officer", "case_officer", "28-001", "審査 五", "サトウ")))]
    for i, person in enumerate(people[:16]):
        clerk = ops[i % 4]
        when = at(day, 9 + i // 2, (i * 7) % 60)
        lookup(clerk, person, when)
        if i % 5 == 0:  # the applicant comes back after lunch: the same clerk looks them up again
            lookup(clerk, person, when + timedelta(hours=3))
        follow_up(clerk, person)
    # The case officer answers two traffic stops and one investigation whose case a colleague also works.
    lookup(ops[4], people[16], at(day, 10, 5), purpose="交通取締り")
    follow_up(ops[4], people[16])
    lookup(ops[4], people[17], at(day, 14, 40), purpose="捜査", case="R8-101", note="物損事故の相手方")
    recorder.record(SystemActor("enforcement"), "enforcement.case.open", purpose="捜査:事件番号R8-101")
    lookup(ops[4], people[18], at(day, 16, 0), purpose="その他", note="運転経歴の確認依頼（本人申出）")
    follow_up(ops[4], people[18])
    return World(day, people, ops)
