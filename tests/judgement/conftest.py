"""Browser fixtures for the simulator (the pattern of tests/web/test_browser.py).

``simulator_server``: a real ``menkyo runserver`` on its own SQLite file with a
case officer (審査) who may use the simulator; ``chromium``: Debian chromium
driven by Playwright. Module-scoped, so only the browser test pays for them.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "simulator-browser-password-2026"
MENKYO = str(Path(sys.executable).with_name("menkyo"))

SETUP = f"""
from menkyo.accounts.models import Operator
from menkyo.core.models import Affiliation
op = Operator(username="browser_officer", display_name="審査 一郎",
              affiliation=Affiliation.objects.get(code="28-001"), roles=["case_officer"])
op.set_password("{PASSWORD}"); op.save()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def simulator_server(tmp_path_factory):
    var = tmp_path_factory.mktemp("menkyo-var")
    env = {**os.environ, "MENKYO_VAR": str(var), "DATABASE_URL": f"sqlite:///{var / 'browser.sqlite3'}"}
    run = lambda *args: subprocess.run([MENKYO, *args], env=env, check=True,  # noqa: E731
                                       capture_output=True, text=True)
    run("keys", "init")
    run("migrate", "--no-input")
    run("shell", "-c", SETUP)
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
    yield {"url": f"http://127.0.0.1:{port}", "username": "browser_officer", "password": PASSWORD}
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def chromium():
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
