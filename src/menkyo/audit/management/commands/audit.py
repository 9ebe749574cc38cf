"""``menkyo audit verify | checkpoint | rotate-key | export-public-key | export | partitions``: the tamper-evident audit trail.

``partitions`` (PostgreSQL) lists the monthly partitions and creates the ones ahead
(``--ahead N``, for cron); ``--detach YYYY-MM`` detaches a past month for the archive
(docs/operations.md, "Audit partitions, retention and archive").

``verify`` exits 0 when the chain and its signed checkpoints are intact and 1
(naming the first bad event) otherwise, so it can run from cron or CI. ``export`` writes the trail and its checkpoints
as JSON lines for the offline verifier (:mod:`menkyo.audit.offline`), which
needs only that file and the public key — no Django, no database.
"""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from menkyo.audit import checkpoints, partitions, services
from menkyo.audit.verify import verify as verify_chain
from menkyo.core.actors import SystemActor
from menkyo.core.signing import SigningKeyError, public_key_pem


class Command(BaseCommand):
    help = "Verify the audit hash chain, write a signed checkpoint, or export the public key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        verify = sub.add_parser("verify", help="check the hash chain and the signed checkpoints")
        verify.add_argument(
            "--public-key",
            metavar="FILE",
            action="append",
            help="PEM public key to check signatures with; repeat for several "
            "(default: the signing key plus the archived keys of retired ones)",
        )
        verify.add_argument(
            "--copy", metavar="FILE", action="append", dest="copies",
            help="a copy of the checkpoints kept outside the database (MENKYO_AUDIT_CHECKPOINT_COPY, "
            "shipped elsewhere); repeat for several (default: the local copy file, if there is one)",
        )
        sub.add_parser("rotate-key", help="retire the signing key (its public key is archived) and sign with a new one")
        checkpoint = sub.add_parser("checkpoint", help="sign a checkpoint at the current end of the chain")
        checkpoint.add_argument(
            "--if-due", action="store_true",
            help="for cron: sign only when events are unsigned, without an audit event of its own",
        )
        parts = sub.add_parser("partitions", help="PostgreSQL: list and create the monthly partitions")
        parts.add_argument("--ahead", type=int, default=3, metavar="N",
                           help="create the partitions of this month and the next N months (default 3)")
        parts.add_argument("--detach", metavar="YYYY-MM",
                           help="detach that past month's partition (archive it first: docs/operations.md)")
        export = sub.add_parser("export-public-key", help="print the checkpoint public key (PEM)")
        export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
        trail = sub.add_parser("export", help="write the trail and its checkpoints for offline verification")
        trail.add_argument("--output", metavar="FILE", required=True, help="the JSON-lines file to write")

    def handle(self, *args, subcommand, **options):
        try:
            if subcommand == "verify":
                self.verify(options.get("public_key"), options.get("copies"))
            elif subcommand == "checkpoint":
                self.checkpoint(options["if_due"])
            elif subcommand == "partitions":
                self.partitions(options["ahead"], options.get("detach"))
            elif subcommand == "rotate-key":
                cp = services.rotate_signing_key(SystemActor("audit-rotate-key"))
                self.stdout.write(f"new signing key {cp.key_id}; old public key archived in {checkpoints.archive_dir()}")
            elif subcommand == "export":
                count = services.export_trail(SystemActor("audit-export"), options["output"])
                self.stdout.write(f"{count} events written to {options['output']} "
                                  "(verify offline: python3 -I offline.py FILE PUBLIC-KEY.pem)")
            else:
                self.export_public_key(options.get("output"))
        except SigningKeyError as exc:
            raise CommandError(str(exc)) from exc

    def partitions(self, ahead, detach):
        if not partitions.is_partitioned():
            self.stdout.write("the audit table is not partitioned (SQLite): nothing to do")
            return
        if detach:
            try:
                month = date.fromisoformat(detach + "-01")
                self.stdout.write(f"detached {partitions.detach(month)}")
            except ValueError as exc:
                raise CommandError(f"--detach {detach}: {exc}") from exc
            return
        try:
            created = partitions.ensure_partitions(ahead)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        for name in created:
            self.stdout.write(f"created {name}")
        for part in partitions.partitions(count_rows=True):
            self.stdout.write(f"{part.name}\t{part.start or 'default'}\t{part.rows} events")

    def verify(self, public_key, copies):
        if copies is None:
            local = checkpoints.copy_path()
            copies = [local] if local is not None and local.exists() else []
        try:
            result = verify_chain(public_key=public_key, copies=copies)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the checkpoint copy: {exc}") from exc
        self.stdout.write(result.summary())
        if not result.ok:
            problem = result.problem
            self.stderr.write(f"first bad event: seq {problem.seq} ({problem.reason})")
            sys.exit(1)

    def checkpoint(self, if_due):
        try:
            cp = services.create_checkpoint(SystemActor("audit-checkpoint"), scheduled=if_due)
        except ValueError as exc:
            if if_due:
                return  # an empty trail: nothing is due
            raise CommandError(str(exc)) from exc
        if cp is None:
            self.stdout.write("no unsigned events: nothing to sign")
        else:
            self.stdout.write(f"checkpoint at seq {cp.seq} hash {cp.hash} key_id {cp.key_id}")

    def export_public_key(self, output):
        signer = checkpoints.get_signer()
        if signer is None:
            raise CommandError(
                f"no audit signing key at {checkpoints.signing_key_path()} (run: menkyo keys init)"
            )
        pem = public_key_pem(signer.public_key).decode()
        if output:
            with open(output, "w") as f:
                f.write(pem)
            self.stdout.write(f"public key (key_id {signer.key_id}) written to {output}")
        else:
            self.stdout.write(pem, ending="")
