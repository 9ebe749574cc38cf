"""Holders in 兵庫 and 大阪 for the inquiry's tests."""

from datetime import date

import pytest

from menkyo.core.actors import SystemActor
from menkyo.registry import services

BIRTH = date(1980, 5, 17)


@pytest.fixture
def registrar():
    return SystemActor("test")


@pytest.fixture
def hyogo_licence(db, registrar, holder_data):
    return services.register_holder(registrar, holder_data)


@pytest.fixture
def osaka_licence(db, registrar, holder_data):
    """An 大阪 holder with a card (no マイナ免許証): 大野 花子, オオノ ハナコ."""
    data = dict(holder_data, name="大野 花子", name_kana="オオノ ハナコ", sex="2",
                postal_code="5300001", address="大阪府大阪市北区梅田1丁目1番", commission="62")
    return services.register_holder(registrar, data)


@pytest.fixture
def hyogo_inquirer(make_operator):
    return make_operator("hyogo_inquirer", ["inquiry"], "28-001")
