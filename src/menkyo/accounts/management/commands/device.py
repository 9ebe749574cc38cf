"""``menkyo device create | revoke``: register API devices and issue their tokens.

Runs as ``SystemActor("cli")`` through the same services as the screens and
the API (see :mod:`menkyo.core.services` for why the shell is trusted). The
token is printed once; only its hash is stored.
"""

from django.core.management.base import BaseCommand, CommandError

from menkyo.accounts import services
from menkyo.accounts.management.commands.operator import ACTOR, domain_error
from menkyo.accounts.models import Device
from menkyo.core.errors import DomainError


class Command(BaseCommand):
    help = "Register an API device (printing its token once) or revoke one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        create = sub.add_parser("create", help="register a device and print its token once")
        create.add_argument("name")
        create.add_argument("--kind", required=True, choices=Device.Kind.values)
        create.add_argument("--affiliation", required=True, help="affiliation code, e.g. 28-002")
        create.add_argument(
            "--role", action="append", default=[], dest="roles",
            choices=[role.value for role in services.DEVICE_ROLES],
            help="role code; repeat for several (single-purpose kinds such as omr and card_printer take none)",
        )
        revoke = sub.add_parser("revoke", help="revoke a device's token")
        revoke.add_argument("name")

    def handle(self, *args, subcommand, **options):
        try:
            getattr(self, subcommand)(**options)
        except DomainError as exc:
            raise domain_error(exc) from exc

    def create(self, *, name, kind, affiliation, roles, **_):
        created = services.register_device(
            ACTOR, name=name, kind=kind, affiliation=affiliation, roles=roles
        )
        self.stdout.write(f"registered device {created.device.name} (key id {created.device.key_id})")
        self.stdout.write(f"token (shown once): {created.token}")

    def revoke(self, *, name, **_):
        device = Device.objects.select_related("affiliation").filter(name=name).first()
        if device is None:
            raise CommandError(f"no device named {name!r}")
        services.revoke_device(ACTOR, device)
        self.stdout.write(f"revoked device {name}")
