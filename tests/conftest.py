"""Shared fixtures: operators of each role in 兵庫 and 大阪, registered holders, permission matrices."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pytest
from django.db.models import Max
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts.models import Operator
from menkyo.accounts.services import register_device
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
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


# --- permission matrices (role × own/other prefecture × operator/device) ------------------
#
# A tests/<app>/test_permissions.py declares MATRIX = {rule name: rows}, each row
#     (role, operator in own prefecture, operator in other prefecture,
#            device in own prefecture,   device in other prefecture)
# with True (allowed), False (denied) or None (a device cannot hold the role), and
# optionally RECORDS = {rule name: ("licence", "person", …)}: the kinds of record the
# rule is checked on (a rule without an entry takes no record). A test that asks for
# ``matrix_case`` runs once per cell. The record is always managed by 兵庫 (28):
# "own" actors belong to 28-001, "other" actors to 大阪 27-001.

MATRIX_AFFILIATIONS = {"own": "28-001", "other": "27-001"}


@dataclass(frozen=True)
class MatrixCase:
    """One cell of a permission matrix."""

    rule: str
    role: str
    actor_kind: str  # operator | device
    prefecture: str  # own | other (relative to the record's 兵庫)
    record: str | None
    expected: bool

    @property
    def id(self) -> str:
        on = f"-{self.record}" if self.record else ""
        verdict = "allowed" if self.expected else "denied"
        return f"{self.rule}-{self.role}-{self.actor_kind}-{self.prefecture}{on}-{verdict}"


def matrix_cases(matrix: dict, records: dict) -> list[MatrixCase]:
    cases = []
    for rule, rows in matrix.items():
        for role, op_own, op_other, dev_own, dev_other in rows:
            for kind, own, other in (("operator", op_own, op_other), ("device", dev_own, dev_other)):
                for prefecture, expected in (("own", own), ("other", other)):
                    if expected is None:
                        continue
                    for record in records.get(rule, (None,)):
                        cases.append(MatrixCase(rule, role, kind, prefecture, record, expected))
    return cases


def pytest_generate_tests(metafunc):
    if "matrix_case" in metafunc.fixturenames:
        cases = matrix_cases(metafunc.module.MATRIX, getattr(metafunc.module, "RECORDS", {}))
        metafunc.parametrize("matrix_case", cases, ids=[case.id for case in cases])


@pytest.fixture
def make_actor(make_operator):
    """make_actor("counter", "own" | "other", "operator" | "device"): one actor holding one role.

    Devices are registered through the service (so they may hold only 窓口・審査・照会);
    the device's bearer token is kept on it as ``device.token``.
    """

    def make(role, prefecture="own", kind="operator"):
        affiliation = MATRIX_AFFILIATIONS[prefecture]
        name = f"{kind}_{role}_{prefecture}"
        if kind == "operator":
            level = "section_head" if role == "decision" else ""
            return make_operator(name, [role], affiliation, decision_level=level)
        created = register_device(SystemActor("test"), name=name, kind="terminal",
                                  affiliation=affiliation, roles=[role])
        created.device.token = created.token
        return created.device

    return make


@pytest.fixture
def expect_one_denial(db):
    """``with expect_one_denial(rule, action):`` — the block writes exactly one audit event:
    ``action`` refused (outcome "denied") with detail {"rule": rule}."""

    @contextmanager
    def expect(rule: str, action: str):
        before = AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0
        yield
        events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
        assert [(e.action, e.outcome, e.detail) for e in events] == [(action, "denied", {"rule": rule})]

    return expect
