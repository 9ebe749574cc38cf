"""A 兵庫 holder, a 大阪 holder, and 兵庫 staff who request and approve alerts (手配)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from menkyo.alerts import services
from menkyo.core.actors import SystemActor
from menkyo.registry import services as registry


@pytest.fixture
def hyogo_licence(db, holder_data):
    return registry.register_holder(SystemActor("test"), holder_data)


@pytest.fixture
def osaka_licence(db, holder_data):
    data = dict(holder_data, name="大野 花子", name_kana="オオノ ハナコ", sex="2",
                postal_code="5300001", address="大阪府大阪市北区梅田1丁目1番", commission="62")
    return registry.register_holder(SystemActor("test"), data)


@pytest.fixture
def requester(make_operator):
    """A 兵庫 照会 operator at 28-001 who enters a 所属長's request."""
    return make_operator("hyogo_requester", ["inquiry"], "28-001")


@pytest.fixture
def approver(make_operator):
    return make_operator("hyogo_approver", ["case_officer"], "28-001")


@pytest.fixture
def in_a_year():
    return timezone.localdate() + timedelta(days=365)


@pytest.fixture
def request_data(hyogo_licence, in_a_year):
    return {"kind": "other", "licence_number": hyogo_licence.number, "reason": "所在確認（窃盗事件の参考人）",
            "case_number": "R8-100", "expiry_date": in_a_year}


@pytest.fixture
def requested(requester, request_data):
    return services.request_alert(requester, **request_data)


@pytest.fixture
def active(requested, approver):
    return services.approve_alert(approver, requested)
