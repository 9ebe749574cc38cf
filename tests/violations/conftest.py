"""A 兵庫 holder (普通 since 2000), the licence division's staff of 兵庫 and 大阪, the 兵庫 link of the
交通反則通告・交通事故システム (kind ``other_system``: no role)."""

from datetime import date

import pytest

from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry import services as registry

SYSTEM = SystemActor("test")
MARCH, JUNE, OCTOBER = date(2026, 3, 1), date(2026, 6, 1), date(2026, 10, 1)


@pytest.fixture
def officer(make_operator):
    return make_operator("hyogo_case", ["case_officer"], "28-001")


@pytest.fixture
def decider(make_operator):
    return make_operator("hyogo_decision", ["decision"], "28-001", decision_level="section_head")


@pytest.fixture
def osaka_officer(make_operator):
    return make_operator("osaka_case", ["case_officer"], "27-001")


@pytest.fixture
def clerk(make_operator):
    return make_operator("hyogo_clerk", ["counter"], "28-001")


@pytest.fixture
def licence(db, holder_data):
    return registry.register_holder(SYSTEM, holder_data)


@pytest.fixture
def osaka_licence(db, holder_data):
    return registry.register_holder(SYSTEM, dict(holder_data, name="大阪 花子", name_kana="オオサカ ハナコ", commission="62",
                                                 postal_code="5300001", address="大阪府大阪市北区梅田1丁目1番"))


@pytest.fixture
def link(make_device):
    device = make_device("other_system")
    device.affiliation = Affiliation.objects.get(code="28-001")
    device.save(update_fields=["affiliation"])
    return device


def report(licence, code="signal_red", day=MARCH, **extra):
    """A 違反等登録票 of a 一般違反行為 as the services take it."""
    return {"licence_number": licence.number, "kind": "general", "code": code, "violation_date": day, **extra}
