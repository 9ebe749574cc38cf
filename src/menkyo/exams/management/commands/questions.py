"""``menkyo questions``: the written-test question bank from the shell.

- ``menkyo questions load-sample`` adds the synthetic sample bank
  (``menkyo/exams/fixtures/sample_questions.yaml``: 本免許・仮免許・原付) through the audited
  service, skipping questions already present (running it twice adds nothing);
- ``menkyo questions counts`` prints how many active questions each exam type holds, beside what
  its form needs (``rules.written_test.form_shape``).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from menkyo.core.actors import SystemActor
from menkyo.exams import written
from menkyo.exams.models import ExamType
from menkyo.rules import written_test


class Command(BaseCommand):
    help = "Written-test questions: load the synthetic sample bank, count the bank against each form's needs."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load-sample", "counts"])

    def handle(self, *args, action, **options):
        if action == "load-sample":
            added = written.load_sample_questions(SystemActor("questions load-sample"))
            self.stdout.write(f"{added} questions added")
            return
        counts = written.bank_counts()
        for code, label in ExamType.choices:
            shape = written_test.form_shape(code, timezone.localdate())
            parts = ", ".join(f"{p.type} {counts.get((code, p.type), 0)}/{p.count}" for p in shape.parts)
            self.stdout.write(f"{code} ({label}): {parts}")
