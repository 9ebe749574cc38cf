"""``menkyo changepassword USERNAME``: set an operator's password from the shell, audited.

Overrides Django's command, which saved the password without an audit event.
This one prompts twice (never echoing) and goes through
:func:`menkyo.accounts.services.reset_password` as ``system:changepassword``:
the password policy applies (messages in Japanese), the event
``accounts.operator.reset_password`` is recorded, and the operator must change
the password at their next login, as after any reset by someone else.
"""

import getpass

from django.core.management.base import BaseCommand, CommandError

from menkyo.accounts import services
from menkyo.accounts.management.commands.operator import domain_error
from menkyo.accounts.models import Operator
from menkyo.core.actors import SystemActor
from menkyo.core.errors import DomainError

ACTOR = SystemActor("changepassword")
MAX_TRIES = 3


class Command(BaseCommand):
    help = "Set an operator's password (audited; the operator must change it at next login)."
    requires_migrations_checks = True

    def add_arguments(self, parser):
        parser.add_argument("username", help="the operator's user name")

    def handle(self, *args, username, **options):
        operator = Operator.objects.select_related("affiliation").filter(username=username).first()
        if operator is None:
            raise CommandError(f"no operator named {username!r}")
        self.stdout.write(f"Changing password for operator {username!r}")
        for _ in range(MAX_TRIES):
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                self.stderr.write("Passwords do not match. Please try again.")
                continue
            try:
                services.reset_password(ACTOR, operator, password=first)
            except DomainError as exc:
                self.stderr.write(domain_error(exc).args[0])
                continue
            self.stdout.write(f"Password changed for operator {username!r} "
                              "(they must change it at their next login).")
            return
        raise CommandError(f"Aborting after {MAX_TRIES} attempts; the password was not changed.")
