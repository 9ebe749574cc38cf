"""Browser test: Debian chromium (headless, Playwright) logs in and opens a licence.

The server is a real ``menkyo runserver`` process on its own SQLite file, so
the test sees the system as a user does (and needs no transactional test DB,
which the append-only audit triggers would refuse to flush).
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser-test-password-2026"
MENKYO = str(Path(sys.executable).with_name("menkyo"))

SETUP = f"""
from datetime import date
from menkyo.core.actors import SystemActor
from menkyo.accounts.models import Operator
from menkyo.core.models import Affiliation
from menkyo.registry import services
op = Operator(username="browser_counter", display_name="窓口 花子",
              affiliation=Affiliation.objects.get(code="28-001"), roles=["counter"])
op.set_password("{PASSWORD}"); op.save()
licence = services.register_holder(SystemActor("browser-test"), dict(
    name="神戸 一郎", name_kana="コウベ イチロウ", birth_date=date(1975, 4, 2), sex="1",
    postal_code="6500001", address="兵庫県神戸市中央区加納町6丁目5番1号", honseki="兵庫県",
    commission="63", kinds={{"普通": date(1995, 7, 1)}}, issue_date=date(2025, 3, 1)))
print(licence.number)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("menkyo-var")
    env = {**os.environ, "MENKYO_VAR": str(var), "DATABASE_URL": f"sqlite:///{var / 'browser.sqlite3'}"}
    run = lambda *args: subprocess.run([MENKYO, *args], env=env, check=True,  # noqa: E731
                                       capture_output=True, text=True)
    run("keys", "init")
    run("migrate", "--no-input")
    number = run("shell", "-c", SETUP).stdout.strip().splitlines()[-1]
    port = _free_port()
    proc = subprocess.Popen([MENKYO, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("menkyo runserver did not start")
    yield {"url": f"http://127.0.0.1:{port}", "number": number}
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run `make setup`"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def test_counter_logs_in_and_opens_a_licence(server, browser, tmp_path):
    page = browser.new_page(locale="ja-JP")
    page.goto(server["url"] + "/")
    page.fill("input[name=username]", "browser_counter")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(server["url"] + "/")
    assert "窓口 花子" in page.content()

    page.goto(server["url"] + "/registry/lookup/")
    number = server["number"]
    wrong = number[:10] + str((int(number[10]) + 1) % 10) + number[11]
    page.fill("input[name=number]", wrong)
    page.click("main button[type=submit]")
    page.wait_for_selector("main .errorlist")
    assert "チェックデジット" in page.text_content("main .errorlist")

    page.fill("input[name=number]", number)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=licence-number]")
    assert page.text_content("[data-testid=licence-number]") == number
    assert page.text_content("[data-testid=person-name]").strip() == "神戸 一郎"
    assert page.text_content("[data-testid=licence-status]") == "有効"
    assert "平成7年7月1日" in page.content()  # 普通 acquired 1995-07-01, in 和暦
    assert "免許証番号：（なし） → " + number in page.text_content(".timeline")
    out = Path(os.environ.get("MENKYO_TEST_RESULTS", "test-results"))
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "licence-page.png"), full_page=True)
