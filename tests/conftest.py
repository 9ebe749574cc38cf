"""Shared fixtures: operators of each role in 兵庫 and 大阪, and registered holders."""

from datetime import date

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts.models import Operator
from menkyo.core.models import Affiliation


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Password hashing is not under test here; PBKDF2 would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def login_as():
    """login_as(client, operator): log in; roles that need a second factor get a verified TOTP device."""

    def login(client, operator, *, verified=None):
        client.force_login(operator)
        if operator.requires_second_factor if verified is None else verified:
            device = TOTPDevice.objects.create(user=operator, name="test", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return login


@pytest.fixture
def make_operator(db):
    """Create an operator: make_operator("hyogo_counter", ["counter"], affiliation="28-001")."""

    def make(username, roles, affiliation="28-001", password="correct-horse-battery", **extra):
        op = Operator(
            username=username,
            display_name=extra.pop("display_name", username),
            affiliation=Affiliation.objects.get(code=affiliation),
            roles=list(roles),
            **extra,
        )
        op.set_password(password)
        op.save()
        return op

    return make


@pytest.fixture
def hyogo_counter(make_operator):
    return make_operator("hyogo_counter", ["counter"], "28-001")


@pytest.fixture
def osaka_counter(make_operator):
    return make_operator("osaka_counter", ["counter"], "27-001")


@pytest.fixture
def hyogo_auditor(make_operator):
    return make_operator("hyogo_auditor", ["audit"], "28-001")


@pytest.fixture
def hyogo_admin(make_operator):
    return make_operator("hyogo_admin", ["admin"], "28-001")


@pytest.fixture
def holder_data():
    """Valid input for registering a 兵庫 holder (see registry.services.register_holder)."""
    return {
        "name": "山田 太郎",
        "name_kana": "ヤマダ タロウ",
        "birth_date": date(1980, 5, 17),
        "sex": "1",
        "postal_code": "6500001",
        "address": "兵庫県神戸市中央区加納町6丁目5番1号",
        "honseki": "兵庫県",
        "commission": "63",
        "kinds": {"普通": date(2000, 8, 1)},
        "issue_date": date(2023, 6, 1),
    }
