"""``menkyo createsuperuser`` refuses: menkyo has no superuser.

Django's command crashed (an operator needs an affiliation and roles, and a
"superuser" would bypass every permission rule). Operators are created with
``menkyo operator create USERNAME --name 氏名 --affiliation 所属コード --role admin``,
which goes through the service and is audited.
"""

from django.core.management.base import BaseCommand, CommandError

from menkyo.accounts.models import CREATE_SUPERUSER_REFUSED


class Command(BaseCommand):
    help = "Refused: use `menkyo operator create ... --role admin` (menkyo has no superuser)."

    def add_arguments(self, parser):
        # Accept Django's options so that any invocation gets the explanation, not a usage error.
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--database")

    def handle(self, *args, **options):
        raise CommandError(CREATE_SUPERUSER_REFUSED)
