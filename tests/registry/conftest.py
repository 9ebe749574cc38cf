"""Registered holders in 兵庫 and 大阪 for the register's tests."""

import pytest

from menkyo.core.actors import SystemActor
from menkyo.registry import services


@pytest.fixture
def registrar():
    """The shell identity of a platform administrator (registers holders in any prefecture)."""
    return SystemActor("test")


@pytest.fixture
def hyogo_licence(db, registrar, holder_data):
    return services.register_holder(registrar, holder_data)


@pytest.fixture
def osaka_licence(db, registrar, holder_data):
    data = dict(holder_data, name="大阪 花子", name_kana="オオサカ ハナコ", sex="2",
                postal_code="5300001", address="大阪府大阪市北区梅田1丁目1番", commission="62")
    return services.register_holder(registrar, data)
