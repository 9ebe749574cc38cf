"""Outside debug mode the server refuses to start without a real secret and an audit signing key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from menkyo.web.startup import insecure_defaults, refuse_insecure_defaults

MENKYO = str(Path(sys.executable).with_name("menkyo"))


def test_the_published_secret_is_refused(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="no real Django secret"):
        refuse_insecure_defaults()


def test_a_missing_audit_signing_key_is_refused(settings, tmp_path):
    settings.DEBUG = False
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": tmp_path / "absent.pem"}
    assert any("no audit signing key" in problem for problem in insecure_defaults())


def test_debug_mode_allows_development_defaults(settings, tmp_path):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.INSECURE_SECRET_KEY
    settings.MENKYO = {**settings.MENKYO, "AUDIT_SIGNING_KEY": tmp_path / "absent.pem"}
    assert insecure_defaults() == []


def test_menkyo_serve_started_outside_the_repository_without_keys_does_not_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENKYO_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run([MENKYO, "serve", "--bind", "127.0.0.1:0"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "menkyo refuses to start" in result.stderr and "no real Django secret" in result.stderr
