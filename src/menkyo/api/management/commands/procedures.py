"""``menkyo procedures [--update-docs]``: the procedure catalogue (docs/procedures.md)."""

from django.core.management.base import BaseCommand

from menkyo.api import catalogue


class Command(BaseCommand):
    help = "Print the procedure catalogue (規程 article → service → rule → page → API → tests)."

    def add_arguments(self, parser):
        parser.add_argument("--update-docs", action="store_true", help=f"rewrite {catalogue.DOCS}")

    def handle(self, *args, update_docs, **options):
        if update_docs:
            changed = catalogue.update_docs()
            self.stdout.write(f"{catalogue.DOCS}: {'updated' if changed else 'already up to date'}")
        else:
            self.stdout.write(catalogue.markdown(), ending="")
