"""``menkyo migrate``: Django's migrate, after adopting the models moved out of ``core``.

In issue 6 the operator model (``AUTH_USER_MODEL``) moved from ``core`` to
``accounts`` with its table unchanged. ``otp_totp.0001_initial`` depends on
the first migration of the user model's app, so on a database created before
the move Django would find ``otp_totp.0001`` applied before its new
dependency ``accounts.0001_initial`` and refuse to run
(InconsistentMigrationHistory). ``accounts.0001_initial`` changes nothing in
the database (state only), so when ``core.0001_initial`` is applied and it
is not, it is recorded as applied first. Every other step is Django's own.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MOVED_FROM_CORE = ("accounts", "0001_initial")


def adopt_moved_models(connection) -> bool:
    """Record ``accounts.0001_initial`` on a pre-move database; True when it did."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if ("core", "0001_initial") not in applied or MOVED_FROM_CORE in applied:
        return False
    recorder.record_applied(*MOVED_FROM_CORE)
    return True


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " (menkyo: first adopts the models moved out of core.)"

    def handle(self, *args, **options):
        if adopt_moved_models(connections[options["database"]]) and options["verbosity"] > 0:
            self.stdout.write("adopted accounts.0001_initial (operators and devices moved out of core)")
        return super().handle(*args, **options)
