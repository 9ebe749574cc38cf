"""``menkyo rules assess | renewal | licence-number | eligibility | lapse | authority | check | assumptions``.

The five entry points read one JSON document on standard input and print one
JSON document on standard output: exit 0 with the decision, exit 2 with
``{"error": {"code", "message", "path"}}`` on bad input, never a traceback
(shared/spec/rules-contract.md; the work is done by :mod:`menkyo.rules.cli`;
``check`` and ``assumptions`` by :mod:`menkyo.rules.assumptions`).

``check`` validates every parameter file and exits 1 naming each bad file;
``assumptions`` lists every DERIVED/UNCONFIRMED value with its reference and
the assumption taken (``--markdown`` as a table; ``--update-docs`` rewrites the
generated table of docs/rules.md).

Command-line evaluations are not audited: they run on the server's shell,
which is platform administration, and touch no personal record.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from menkyo.rules import ENTRY_POINTS, params
from menkyo.rules import assumptions as rules_assumptions
from menkyo.rules import cli as rules_cli


class Command(BaseCommand):
    help = (
        "The law engine: `menkyo rules assess < input.json` (also renewal, licence-number, "
        "eligibility, lapse, authority); `menkyo rules check` validates the parameter files; "
        "`menkyo rules assumptions [--markdown]` lists the DERIVED/UNCONFIRMED values."
    )
    requires_system_checks = []  # pure computation: start quickly, need no database

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name in ENTRY_POINTS:
            entry = sub.add_parser(name, help=f"read one JSON input on stdin, print the {name} decision")
            entry.add_argument("--compact", action="store_true", help="print the JSON on one line")
        sub.add_parser("check", help="validate every parameter file (exit 1 naming each bad file)")
        assumptions = sub.add_parser("assumptions", help="list every DERIVED/UNCONFIRMED value")
        assumptions.add_argument("--markdown", action="store_true", help="as a Markdown table")
        assumptions.add_argument(
            "--update-docs", nargs="?", const="docs/rules.md", metavar="FILE",
            help="rewrite the generated table of FILE (default docs/rules.md) between its markers",
        )

    def handle(self, *args, subcommand, **options):
        if subcommand == "check":
            self.check_params()
        elif subcommand == "assumptions":
            self.require_valid_params()
            if options.get("update_docs"):
                self.update_docs(Path(options["update_docs"]))
                return
            text = rules_assumptions.assumptions_markdown() if options["markdown"] else rules_assumptions.assumptions_text()
            self.stdout.write(text)
        else:
            self.require_valid_params()
            code, output = rules_cli.run(subcommand, sys.stdin.read())
            if options.get("compact"):
                output = rules_cli.dumps(json.loads(output), indent=None)
            self.stdout.write(output)
            self.stdout.flush()
            if code:
                sys.exit(code)

    def update_docs(self, path):
        try:
            changed = rules_assumptions.update_docs(path)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{path}: {'assumptions table updated' if changed else 'already up to date'}")

    def check_params(self):
        problems = rules_assumptions.check_params()
        if problems:
            for problem in problems:
                self.stderr.write(f"bad parameter file: {problem}")
            sys.exit(1)
        count = len(list(params.PARAMS_DIR.glob("*.yaml")))
        self.stdout.write(f"{count} parameter files valid ({params.PARAMS_DIR})")

    def require_valid_params(self):
        """Refuse to evaluate with a broken parameter file (start-up skips the check for `rules`)."""
        problems = rules_assumptions.check_params()
        if problems:
            for problem in problems:
                self.stderr.write(f"bad parameter file: {problem}")
            self.stderr.write("run `menkyo rules check` after fixing it")
            sys.exit(1)
