"""``menkyo keys init``: create the development keys once, never overwriting them.

Creates ``KEYS_DIR`` (mode 0700), ``django-secret`` (random, 0600) and the
Ed25519 audit signing key (0600) when missing. Prints only paths, never key
material. In production the audit key lives in an HSM (see menkyo.audit.checkpoints.get_signer).
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from menkyo.audit.checkpoints import signing_key_path
from menkyo.core.signing import create_key_file


def _make_dir(path: Path) -> bool:
    if path.is_dir():
        return False
    path.mkdir(mode=0o700, parents=True)
    os.chmod(path, 0o700)  # mkdir's mode is masked by the umask
    return True


def _write_secret(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(50) + "\n")
    return True


class Command(BaseCommand):
    help = "Create missing keys: the Django secret and the audit signing key (never overwrites)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        sub.add_parser("init", help="create KEYS_DIR, django-secret and the audit signing key if missing")

    def handle(self, *args, subcommand, **options):
        keys_dir = Path(settings.KEYS_DIR)
        audit_key = signing_key_path()
        self.report(keys_dir, _make_dir(keys_dir))
        self.report(keys_dir / "django-secret", _write_secret(keys_dir / "django-secret"))
        _make_dir(audit_key.parent)
        self.report(audit_key, create_key_file(audit_key))

    def report(self, path: Path, created: bool) -> None:
        self.stdout.write(f"{'created' if created else 'exists '}  {path}")
