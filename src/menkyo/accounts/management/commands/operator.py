"""``menkyo operator create | disable | enable | particulars``: manage operators from the server's shell.

Runs as ``SystemActor("cli")`` through the same services as the screens and
the API: the same validation, the same audit events. Shell access already
means platform administration, so no role or prefecture check applies (see
:mod:`menkyo.core.services`).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from menkyo.accounts import services
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.errors import DomainError
from menkyo.core.models import DecisionLevel, Role

ACTOR = SystemActor("cli")


def domain_error(exc: DomainError) -> CommandError:
    """A service error as a command error: field and Japanese message."""
    prefix = f"{exc.field}: " if exc.field else ""
    return CommandError(f"{prefix}{exc.message}")


class Command(BaseCommand):
    help = "Create, disable or enable operators (操作者)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        create = sub.add_parser("create", help="create an operator and print a one-time password")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="display name (氏名)")
        create.add_argument("--affiliation", required=True, help="affiliation code, e.g. 28-001")
        create.add_argument(
            "--role", action="append", required=True, dest="roles", choices=Role.values,
            help="role code; repeat for several",
        )
        create.add_argument("--decision-level", default="", choices=["", *DecisionLevel.values])
        disable = sub.add_parser("disable", help="stop an operator from logging in")
        disable.add_argument("username")
        disable.add_argument("--reason", default="disabled from the shell (menkyo operator disable)")
        enable = sub.add_parser("enable", help="let a disabled operator log in again")
        enable.add_argument("username")
        particulars = sub.add_parser(
            "particulars", help="kana surname, birth date and home municipality for the inquiry review")
        particulars.add_argument("username")
        particulars.add_argument("--family-kana", default="", help="氏（カナ）, e.g. ヤマダ")
        particulars.add_argument("--birth-date", default=None, type=date.fromisoformat, help="YYYY-MM-DD")
        particulars.add_argument("--prefecture", default="", help="home prefecture code, e.g. 28")
        particulars.add_argument("--municipality", default="", help="市区町村, e.g. 明石市")

    def handle(self, *args, subcommand, **options):
        try:
            getattr(self, subcommand)(**options)
        except DomainError as exc:
            raise domain_error(exc) from exc

    def create(self, *, username, name, affiliation, roles, decision_level, **_):
        created = services.create_operator(
            ACTOR, username=username, display_name=name, affiliation=affiliation,
            roles=roles, decision_level=decision_level,
        )
        self.stdout.write(f"created operator {created.operator.username}")
        self.stdout.write(f"initial password (shown once): {created.password}")

    def disable(self, *, username, reason, **_):
        services.disable_operator(ACTOR, self.operator(username), reason)
        self.stdout.write(f"disabled operator {username}")

    def enable(self, *, username, **_):
        services.enable_operator(ACTOR, self.operator(username))
        self.stdout.write(f"enabled operator {username}")

    def particulars(self, *, username, family_kana, birth_date, prefecture, municipality, **_):
        services.set_operator_particulars(ACTOR, self.operator(username), family_name_kana=family_kana,
                                          birth_date=birth_date, address_prefecture=prefecture,
                                          home_municipality=municipality)
        self.stdout.write(f"particulars of {username} recorded")

    @staticmethod
    def operator(username: str) -> Operator:
        operator = Operator.objects.select_related("affiliation").filter(username=username).first()
        if operator is None:
            raise CommandError(f"no operator named {username!r}")
        return operator
