"""Deemed licences as the card shows them (law-rules §6.3, §9; ADR 0004 addendum).

An old 普通 is held as the deemed 中型（8t限定） or 準中型（5t限定） with the 普通's
date, and the condition is printed — in the register, on the licence page, in
the API; data in the old shape is converted by migration 0006.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps as current_apps

from menkyo.audit.models import AuditEvent
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, Licence, LicenceKindHeld
from menkyo.rules import kinds as rules_kinds

pytestmark = pytest.mark.django_db

EIGHT_T = "中型車は中型車(8t)に限る"
FIVE_T = "準中型車は準中型車(5t)に限る"
migration = importlib.import_module("menkyo.registry.migrations.0006_deemed_kinds_as_on_the_card")


def held(licence):
    return [(k.kind_id, k.acquired_on, k.limitation) for k in LicenceKindHeld.objects.filter(licence=licence)]


def register(registrar, holder_data, kinds, **extra):
    return services.register_holder(registrar, dict(holder_data, kinds=kinds, **extra))


def test_an_ordinary_licence_of_1995_is_registered_as_a_medium_licence_limited_to_8t(registrar, holder_data):
    licence = register(registrar, holder_data, {"普通": date(1995, 7, 1)})
    assert held(licence) == [("中型", date(1995, 7, 1), "8t")]
    assert licence.conditions == [EIGHT_T]


def test_the_printed_condition_is_not_added_twice(registrar, holder_data):
    licence = register(registrar, holder_data, {"普通": date(2010, 5, 1)}, conditions=["眼鏡等", FIVE_T])
    assert held(licence) == [("準中型", date(2010, 5, 1), "5t")]
    assert licence.conditions == ["眼鏡等", FIVE_T]


def test_an_ordinary_licence_from_12_march_2017_stays_an_ordinary_licence(registrar, holder_data):
    licence = register(registrar, holder_data, {"普通": date(2017, 3, 12)})
    assert held(licence) == [("普通", date(2017, 3, 12), "")] and licence.conditions == []


def test_an_old_ordinary_licence_with_a_full_medium_licence_has_no_limit(registrar, holder_data):
    licence = register(registrar, holder_data, {"普通": date(2000, 8, 1), "中型": date(2012, 3, 1)})
    assert held(licence) == [("中型", date(2012, 3, 1), ""), ("普通", date(2000, 8, 1), "")]
    assert licence.conditions == []


def test_the_licence_page_shows_the_deemed_kind_with_its_limit_date_and_condition(client, hyogo_counter, registrar,
                                                                                   holder_data):
    licence = register(registrar, holder_data, {"普通": date(1995, 7, 1)})
    client.force_login(hyogo_counter)
    page = client.get(f"/registry/licences/{licence.number}/?purpose=窓口事務").content.decode()
    assert '<tr data-testid="kind-held"><td>中型（8t限定）</td><td>中型自動車免許</td>' \
           "<td>平成7年7月1日（1995-07-01）</td></tr>" in page
    assert f"<li>{EIGHT_T}</li>" in page
    assert "普通自動車免許" not in page


def test_the_api_shows_the_deemed_kind_with_its_limit(client, hyogo_counter, registrar, holder_data):
    licence = register(registrar, holder_data, {"普通": date(2010, 5, 1), "原付": date(2000, 1, 1)})
    client.force_login(hyogo_counter)
    body = client.get(f"/api/v1/licences/{licence.number}?purpose=窓口事務").json()
    assert body["kinds"] == [
        {"kind": "準中型", "name": "準中型自動車免許", "acquired_on": "2010-05-01", "limitation": "5t",
         "label": "準中型（5t限定）", "special_course": False},
        {"kind": "原付", "name": "原動機付自転車免許", "acquired_on": "2000-01-01", "limitation": None,
         "label": "原付", "special_course": False},
    ]
    assert body["conditions"] == [FIVE_T]


# --- migration 0006: old-shape rows → the card's shape -------------------------------------------


def old_shape(registrar, holder_data, name, kinds, conditions=()):
    """A licence as the register held it before: 普通 rows, with or without the printed condition."""
    licence = register(registrar, holder_data, {"原付": date(1990, 1, 1)}, name=name, name_kana="ヤマダ タロウ")
    LicenceKindHeld.objects.filter(licence=licence).delete()
    LicenceKindHeld.objects.bulk_create(LicenceKindHeld(licence=licence, kind_id=k, acquired_on=d)
                                        for k, d in kinds.items())
    Licence.objects.filter(pk=licence.pk).update(conditions=list(conditions))
    return licence


def test_the_migration_converts_old_rows_once_and_touches_nothing_else(registrar, holder_data):
    eight = old_shape(registrar, holder_data, "山田 一郎", {"普通": date(1995, 7, 1), "普自二": date(1994, 1, 1)},
                      ["眼鏡等", EIGHT_T])
    eight_bare = old_shape(registrar, holder_data, "山田 二郎", {"普通": date(2007, 6, 1)})
    five = old_shape(registrar, holder_data, "山田 三郎", {"普通": date(2007, 6, 2)}, ["眼鏡等"])
    new = old_shape(registrar, holder_data, "山田 四郎", {"普通": date(2017, 3, 12)})
    lifted = old_shape(registrar, holder_data, "山田 五郎", {"普通": date(1999, 1, 1), "大型": date(2005, 1, 1)})
    history, audit = HistoryEvent.objects.count(), AuditEvent.objects.count()
    versions = dict(Licence.objects.values_list("pk", "version"))

    assert migration.convert(current_apps) == 3

    assert held(eight) == [("中型", date(1995, 7, 1), "8t"), ("普自二", date(1994, 1, 1), "")]
    assert held(eight_bare) == [("中型", date(2007, 6, 1), "8t")]
    assert held(five) == [("準中型", date(2007, 6, 2), "5t")]
    assert held(new) == [("普通", date(2017, 3, 12), "")]
    assert held(lifted) == [("大型", date(2005, 1, 1), ""), ("普通", date(1999, 1, 1), "")]
    conditions = dict(Licence.objects.values_list("pk", "conditions"))
    assert conditions[eight.pk] == ["眼鏡等", EIGHT_T]
    assert conditions[eight_bare.pk] == [EIGHT_T]
    assert conditions[five.pk] == ["眼鏡等", FIVE_T]
    assert conditions[new.pk] == conditions[lifted.pk] == []
    # Append-only tables are untouched, and the licences' versions too.
    assert (HistoryEvent.objects.count(), AuditEvent.objects.count()) == (history, audit)
    assert dict(Licence.objects.values_list("pk", "version")) == versions

    snapshot = (list(LicenceKindHeld.objects.order_by("pk").values()), list(Licence.objects.order_by("pk").values()))
    assert migration.convert(current_apps) == 0  # idempotent
    assert (list(LicenceKindHeld.objects.order_by("pk").values()),
            list(Licence.objects.order_by("pk").values())) == snapshot


def test_the_migration_reverts_to_ordinary_rows(registrar, holder_data):
    licence = old_shape(registrar, holder_data, "山田 一郎", {"普通": date(1995, 7, 1)})
    migration.convert(current_apps)
    assert migration.revert(current_apps) == 1
    assert held(licence) == [("普通", date(1995, 7, 1), "")]


def test_the_migration_agrees_with_what_new_registrations_hold(registrar, holder_data):
    """Converted rows equal what the service now stores for the same 普通 date."""
    for day in (date(1995, 7, 1), date(2007, 6, 1), date(2007, 6, 2), date(2017, 3, 11), date(2017, 3, 12)):
        old = old_shape(registrar, holder_data, "山田 一郎", {"普通": day})
        migration.convert(current_apps)
        assert held(old) == [row for row in rules_kinds.as_on_card({"普通": day})]


def test_the_migration_s_frozen_facts_equal_the_law_engine_s():
    engine = tuple((d.deemed, d.limit, d.condition, d.acquired_from, d.acquired_until)
                   for d in rules_kinds.deemed_licences())
    assert migration.DEEMED == engine
    assert {migration.OLD_KIND} == {d.kind for d in rules_kinds.deemed_licences()}
    assert all(set(migration.LIFTED_BY) == d.lifted_by for d in rules_kinds.deemed_licences())
