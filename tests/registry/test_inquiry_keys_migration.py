"""Migration 0007 gives every person already registered the inquiry's search keys."""

import importlib

import pytest
from django.apps import apps as current_apps

from menkyo.core.actors import SystemActor
from menkyo.registry import services
from menkyo.registry.models import Person

pytestmark = pytest.mark.django_db
migration = importlib.import_module("menkyo.registry.migrations.0007_person_inquiry_keys")


def test_the_backfill_sets_both_keys_of_persons_registered_before(holder_data):
    licence = services.register_holder(SystemActor("test"), {**holder_data, "name": "山﨑 邊", "name_kana": "ヤマサキ ホトリ"})
    Person.objects.filter(pk=licence.person_id).update(inquiry_kana="", search_kanji="")
    migration.backfill(current_apps, None)
    person = Person.objects.get()
    assert (person.inquiry_kana, person.search_kanji) == ("ヤマサキホトリ", "山崎辺")
    migration.backfill(current_apps, None)  # again: the same keys
    assert Person.objects.get().search_kanji == "山崎辺"
