"""``menkyo worker``: run background tasks from the database queue (django-tasks-db's ``db_worker``).

Options are db_worker's (``--batch``, ``--interval``, ``--queue-name``,
``--max-tasks``, ``--worker-id``); auto-reload is off unless ``--reload`` is
given, whatever ``MENKYO_DEBUG`` says. See docs/adr/0007-background-tasks.md.
"""

from django_tasks_db.management.commands import db_worker


class Command(db_worker.Command):
    help = "Run menkyo's background tasks (batches, deadlines) from the database queue."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
