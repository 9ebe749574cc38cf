"""The ``menkyo`` command: menkyo's own commands plus Django's management commands.

Every menkyo command is a Django management command, so ``menkyo audit verify``
and ``menkyo migrate`` go through the same entry point.
"""

import os
import sys

MENKYO_COMMANDS = {
    "demo": "load demo data (holders in several prefectures, demo operators) and print logins",
    "seed": "generate synthetic licence holders: menkyo seed --holders N [--prefecture 兵庫] [--seed S]",
    "audit": "audit trail: `menkyo audit verify` checks the hash chain and signed checkpoints",
    "keys": "create development keys (Django secret, audit signing key): menkyo keys init",
    "operator": "create or change operators from the shell: menkyo operator create ...",
    "device": "register API devices and issue their tokens: menkyo device create ...",
    "rules": "the law engine: menkyo rules assess|renewal|licence-number|eligibility|lapse|authority < input.json; check; assumptions",
    "serve": "serve the staff UI and API with gunicorn (the production server; make run uses it)",
    "runserver": "Django's development server (development only; never expose it)",
    "migrate": "create or update the database schema and code masters",
    "worker": "run background tasks (batches, deadlines): menkyo worker [--batch] [--interval S]",
    "alerts": "alerts (手配): menkyo alerts expire [--date D] [--enqueue] (daily); menkyo alerts review-due",
    "dispositions": "行政処分 (daily): menkyo dispositions search-expired|provisional-ended|deadlines [--date D] [--enqueue]",
    "notices": "更新連絡書 (monthly): menkyo notices run --month 2027-01 [--prefecture 28] [--workers N] [--enqueue]; status",
    "questions": "written-test question bank: menkyo questions load-sample | counts",
    "procedures": "the procedure catalogue (規程 article → service → rule → page → API → tests): --update-docs",
}


def print_help() -> None:
    print("usage: menkyo COMMAND [options]\n")
    print("menkyo commands:")
    for name, text in MENKYO_COMMANDS.items():
        print(f"  {name:<10} {text}")
    print("\nEvery Django management command also works (menkyo help lists them all);")
    print("`menkyo COMMAND --help` describes one command.")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menkyo.settings")
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print_help()
        return
    # Django is imported only after DJANGO_SETTINGS_MODULE is set (and not at all for --help).
    from django.core.management import execute_from_command_line

    execute_from_command_line(["menkyo", *argv[1:]])


if __name__ == "__main__":
    main()
