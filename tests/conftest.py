"""Shared fixtures: operators of each role in 兵庫 and 大阪, registered holders, permission matrices,
and for browser tests the production server that ``make run`` starts (``menkyo serve``) with
Debian chromium."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts.models import Operator
from menkyo.accounts.services import DEVICE_ROLES, SINGLE_PURPOSE_DEVICE_KINDS, register_device
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation, Role


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


def matrix_rows(*allowed_roles, anywhere=False, devices_by_role=True) -> list[tuple]:
    """MATRIX rows for a rule that admits ``allowed_roles`` in their own prefecture (in any prefecture
    with ``anywhere``: a list rule whose queryset scopes the rows). Devices holding an allowed role are
    admitted likewise unless ``devices_by_role`` is False (a rule limited to device kinds)."""
    table = []
    for role in Role.values:
        yes = role in allowed_roles
        device = (yes and devices_by_role, yes and devices_by_role and anywhere) if role in DEVICE_ROLES else (None, None)
        table.append((role, yes, yes and anywhere, *device))
    return table


# A rule limited to device kinds (add_rule(device_kinds=…)) also has a row per device kind in
# DEVICE_KIND_MATRIX = {rule name: [(kind, own prefecture, other prefecture), …]}: a
# single-purpose device (no role) of that kind, in the record's prefecture or another.


@dataclass(frozen=True)
class DeviceKindCase:
    """One cell of a device-kind matrix."""

    rule: str
    device_kind: str
    prefecture: str  # own | other
    record: str | None
    expected: bool

    @property
    def id(self) -> str:
        on = f"-{self.record}" if self.record else ""
        return f"{self.rule}-{self.device_kind}-{self.prefecture}{on}-{'allowed' if self.expected else 'denied'}"


def device_kind_cases(matrix: dict, records: dict) -> list[DeviceKindCase]:
    return [
        DeviceKindCase(rule, kind, prefecture, record, expected)
        for rule, rows in matrix.items()
        for kind, own, other in rows
        for prefecture, expected in (("own", own), ("other", other))
        for record in records.get(rule, (None,))
    ]


def pytest_generate_tests(metafunc):
    if "matrix_case" in metafunc.fixturenames:
        cases = matrix_cases(metafunc.module.MATRIX, getattr(metafunc.module, "RECORDS", {}))
        metafunc.parametrize("matrix_case", cases, ids=[case.id for case in cases])
    if "device_kind_case" in metafunc.fixturenames:
        cases = device_kind_cases(metafunc.module.DEVICE_KIND_MATRIX, getattr(metafunc.module, "RECORDS", {}))
        metafunc.parametrize("device_kind_case", cases, ids=[case.id for case in cases])


@pytest.fixture
def make_device(db):
    """make_device("omr", "own" | "other"): a device of that kind, token kept. A single-purpose kind
    holds no role; any other kind holds every role a device may (the most a device can be)."""

    def make(kind, prefecture="own"):
        roles = [] if kind in SINGLE_PURPOSE_DEVICE_KINDS else list(DEVICE_ROLES)
        created = register_device(SystemActor("test"), name=f"device_{kind}_{prefecture}", kind=kind,
                                  affiliation=MATRIX_AFFILIATIONS[prefecture], roles=roles)
        created.device.token = created.token
        return created.device

    return make


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


@pytest.fixture
def locked_tables(db):
    """``locked_tables(work)``: the tables whose rows ``work()`` locks with ``SELECT … FOR UPDATE``
    (PostgreSQL): those of ``FOR UPDATE OF``, or every table a plain ``FOR UPDATE`` reads. A row
    every request shares (an office, a school, a form) locked until commit serialises them all."""

    def run(work) -> set[str]:
        with CaptureQueriesContext(connection) as queries:
            work()
        tables = set()
        for sql in (q["sql"] for q in queries.captured_queries if " FOR UPDATE" in q["sql"]):
            clause = sql[sql.rindex(" FOR UPDATE"):]
            tables |= set(re.findall(r'"(\w+)"', clause) if " OF " in clause
                          else re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
        return tables

    return run


# --- browser tests: the same server `make run` starts ---------------------------------------

CHROMIUM = "/usr/bin/chromium"
MENKYO = str(Path(sys.executable).with_name("menkyo"))
BROWSER_PASSWORD = "browser-test-password-2026"
BROWSER_SETUP = f"""
from datetime import date
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.registry import services
for username, name, role in (("browser_counter", "窓口 花子", "counter"),
                             ("browser_officer", "審査 一郎", "case_officer"),
                             ("browser_inquiry", "照会 三郎", "inquiry")):
    op = Operator(username=username, display_name=name,
                  affiliation=Affiliation.objects.get(code="28-001"), roles=[role])
    op.set_password("{BROWSER_PASSWORD}"); op.save()
licence = services.register_holder(SystemActor("browser-test"), dict(
    name="神戸 一郎", name_kana="コウベ イチロウ", birth_date=date(1975, 4, 2), sex="1",
    postal_code="6500001", address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県",
    commission="63", kinds={{"普通": date(1995, 7, 1)}}, issue_date=date(2025, 3, 1)))
osaka = services.register_holder(SystemActor("browser-test"), dict(
    name="大野 花子", name_kana="オオノ ハナコ", birth_date=date(1981, 3, 4), sex="2",
    postal_code="5300001", address="大阪府大阪市北区梅田1丁目1番", commission="62",
    kinds={{"普通": date(2005, 5, 10)}}, issue_date=date(2024, 2, 1)))
from menkyo.registry.models import Licence  # a マイナ免許証 only: no card
Licence.objects.filter(pk=osaka.pk).update(holding_form="mynumber", mynumber_record_number="271234567890")
from menkyo.accounts.services import register_device
device = register_device(SystemActor("browser-test"), name="browser-terminal", kind="terminal",
                         affiliation="28-001", roles=["counter", "case_officer"])
print(device.token)
print(licence.number)
"""
# 照会履歴確認 (tests/oversight/test_browser.py): a 監査 reviewer and a 決定 supervisor of 28-001, each with a
# TOTP device of a known key (OVERSIGHT_TOTP_KEYS), and a night burst of lookups by browser_counter yesterday.
OVERSIGHT_TOTP_KEYS = {"browser_auditor": "3132333435363738393031323334353637383930",
                       "browser_chief": "3031323334353637383930313233343536373839"}
BROWSER_SETUP += f"""
from datetime import datetime, time, timedelta
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from menkyo.inquiry.models import Inquiry, record_persons
for username, name, role, key in (("browser_auditor", "監査 四郎", "audit", "{OVERSIGHT_TOTP_KEYS['browser_auditor']}"),
                                  ("browser_chief", "所属長 五郎", "decision", "{OVERSIGHT_TOTP_KEYS['browser_chief']}")):
    op = Operator(username=username, display_name=name, affiliation=Affiliation.objects.get(code="28-001"),
                  roles=[role], decision_level="section_head" if role == "decision" else "")
    op.set_password("{BROWSER_PASSWORD}"); op.save()
    TOTPDevice.objects.create(user=op, name="browser", key=key, confirmed=True)
clerk = Operator.objects.get(username="browser_counter")
night = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=1), time(22, 0)))
for i in range(5):
    inquiry = Inquiry.objects.create(operator=clerk, actor=clerk.username, actor_prefecture="28", purpose="その他",
                                     purpose_recorded="その他:知人の依頼", criteria="licence_number",
                                     person_ids=[licence.person_id], terminal="browser-night", client_address="10.0.0.9")
    Inquiry.objects.filter(pk=inquiry.pk).update(made_at=night + timedelta(minutes=7 * i))
    inquiry.made_at = night + timedelta(minutes=7 * i)
    record_persons(inquiry)
"""


def server_shell(server, script: str) -> list[str]:
    """Run ``script`` in ``menkyo shell`` against the browser server's database (how a browser test sets
    up what it cannot do through the pages); the lines it printed."""
    var = server["var"]
    env = {**os.environ, "MENKYO_VAR": str(var), "DATABASE_URL": f"sqlite:///{var / 'browser.sqlite3'}"}
    done = subprocess.run([MENKYO, "shell", "-c", script], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()


def device_api(url: str, token: str, method: str = "GET", body=None):
    """A device's call to the running server's API with its bearer token; the JSON answer."""
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def menkyo_server(tmp_path_factory):
    """``menkyo serve`` (gunicorn, as ``make run``) on its own SQLite file, with browser operators
    (``browser_counter``, ``browser_officer``, ``browser_inquiry``; password BROWSER_PASSWORD), a 兵庫 terminal device
    (its bearer token), one 兵庫 holder and one 大阪 holder with a マイナ免許証 only (大野 花子,
    オオノ ハナコ, 1981-03-04)."""
    var = tmp_path_factory.mktemp("menkyo-var")
    env = {**os.environ, "MENKYO_VAR": str(var), "DATABASE_URL": f"sqlite:///{var / 'browser.sqlite3'}"}

    def run(*args):
        return subprocess.run([MENKYO, *args], env=env, check=True, capture_output=True, text=True)

    run("keys", "init")
    run("migrate", "--no-input")
    token, number = run("shell", "-c", BROWSER_SETUP).stdout.strip().splitlines()[-2:]
    port = _free_port()
    log = open(var / "server.log", "w")  # noqa: SIM115 — closed after the server stops
    proc = subprocess.Popen([MENKYO, "serve", "--bind", f"127.0.0.1:{port}"], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("menkyo serve did not start: " + (var / "server.log").read_text())
    yield {"url": f"http://127.0.0.1:{port}", "number": number, "password": BROWSER_PASSWORD,
           "token": token, "var": var, "log": var / "server.log"}
    proc.terminate()
    proc.wait(timeout=30)  # gunicorn's graceful stop, then its task worker's (menkyo serve)
    log.close()


@pytest.fixture(scope="session")
def chromium():
    """Debian chromium, headless, driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright  # only browser tests need Playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run `make setup`"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def log_in_with_second_factor(chromium, server, username: str, key: str):
    """A new Japanese page of the server, logged in as ``username`` whose TOTP device has the hex ``key``
    (決定・監査・管理 need a second factor)."""
    page = chromium.new_page(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page.goto(server["url"] + "/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server["password"])
    page.click("main button[type=submit]")
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", f"{totp(bytes.fromhex(key)):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(server["url"] + "/")
    return page


@pytest.fixture
def logged_in_page(menkyo_server, chromium):
    """log_in(username) → a new Japanese page of the server, logged in as that browser operator."""
    pages = []

    def log_in(username):
        page = chromium.new_page(locale="ja-JP", viewport={"width": 1280, "height": 900})
        pages.append(page)
        page.goto(menkyo_server["url"] + "/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", menkyo_server["password"])
        page.click("main button[type=submit]")
        page.wait_for_url(menkyo_server["url"] + "/")
        return page

    yield log_in
    for page in pages:
        page.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name): a full-page PNG in test-results/ (MENKYO_TEST_RESULTS); its path."""

    def save(page, name: str) -> Path:
        out = Path(os.environ.get("MENKYO_TEST_RESULTS", "test-results"))
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / name), full_page=True)
        return out / name

    return save
