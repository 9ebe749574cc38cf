"""The database code masters equal the law engine's facts, field by field.

LicenceKind (registry/migrations/0002) and Commission (core/migrations/0002)
are loaded from menkyo.rules.kinds / menkyo.rules.commissions, whose one
source is rules/params/*.yaml: after ``migrate`` the tables hold exactly
those rows.
"""

import dataclasses

import pytest

from menkyo.core.models import Commission
from menkyo.registry.models import LicenceKind
from menkyo.rules.commissions import commissions
from menkyo.rules.kinds import licence_kinds

pytestmark = pytest.mark.django_db


def test_licence_kind_table_equals_the_rules_kinds():
    fields = [f.name for f in dataclasses.fields(licence_kinds()[0])]
    in_db = [
        dict(zip(fields, row, strict=True))
        for row in LicenceKind.objects.order_by("display_order").values_list(*fields)
    ]
    assert in_db == [dataclasses.asdict(fact) for fact in licence_kinds()]
    assert len(in_db) == 19


def test_commission_table_equals_the_rules_commissions():
    in_db = {
        code: {"code": code, "name": name, "short_name": short_name, "prefecture": prefecture}
        for code, name, short_name, prefecture in Commission.objects.values_list(
            "code", "name", "short_name", "prefecture_id"
        )
    }
    facts = {fact.code: dataclasses.asdict(fact) for fact in commissions()}
    assert in_db == facts
    assert len(in_db) == 52  # 47 prefectures, Hokkaido split into five, and 00


def test_every_commission_prefecture_exists():
    from menkyo.core.models import Prefecture

    codes = set(Prefecture.objects.values_list("code", flat=True))
    assert {f.prefecture for f in commissions() if f.prefecture} == codes
