"""bench/violations' driver: violation batches from other police systems through the API (see bench/violations).

Run by bench/violations inside its database and MENKYO_VAR; it reuses bench/centre's client, server and
measuring (bench/centre_load.py). ``--clients`` links of kind ``other_system`` (交通反則通告・交通事故
システム) at 兵庫県警察 運転免許課 send ``--items`` minor violations (1–3 points, dated in the last 300
days) of random 兵庫 holders, ``--batch`` items per POST /api/v1/violation-batches; then the first batch
is sent again (a resend: every item answered already_registered, no point doubled).
"""

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from centre_load import (  # noqa: E402
    MENKYO,
    Client,
    Stats,
    cpu_of_tree,
    measure_me,
    pct,
    start_server,
    summary_line,
)

OFFICE = "28-001"  # 兵庫県警察 運転免許課
CODES = ("signal_red", "stop_sign", "speeding_20_25", "speeding_under_20", "seatbelt", "phone_holding",
         "parking_no_parking_zone", "no_signal")
SETUP = r"""
import json, os
from django.utils import timezone
from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
cfg = json.loads(os.environ["BENCH_VIOLATIONS_SETUP"])
actor = SystemActor("bench-violations")
tokens = [register_device(actor, name=f"bench-link-{i}-{cfg['stamp']}", kind="other_system", affiliation=cfg["office"],
                          roles=[]).token for i in range(cfg["clients"])]
print("BENCH-SETUP " + json.dumps({"today": timezone.localdate().isoformat(), "links": tokens}))
"""


def parse_args():
    parser = argparse.ArgumentParser(prog="bench/violations", description="Violation batches through the API.")
    parser.add_argument("--holders", type=int, default=1_000_000, help="holders in the register (default 1,000,000)")
    parser.add_argument("--items", type=int, default=17_000, help="violations sent (default 17,000: a national day)")
    parser.add_argument("--batch", type=int, default=1000, help="items per batch (default 1,000, the most allowed)")
    parser.add_argument("--clients", type=int, default=4, help="links sending at once (default 4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2, as operations §19 advises for batch links)")
    parser.add_argument("--me-seconds", type=float, default=10, help="seconds of GET /api/v1/me before and after")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def setup(args) -> dict:
    env = {**os.environ, "BENCH_VIOLATIONS_SETUP": json.dumps({"stamp": secrets.randbelow(10**9), "office": OFFICE,
                                                               "clients": args.clients})}
    out = subprocess.run([MENKYO, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("BENCH-SETUP "))[12:])


def licence_numbers(n: int) -> list[str]:
    """``n`` valid 兵庫 licences spread over the register (a holder may get more than one violation)."""
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        return [number for (number,) in conn.execute(
            "SELECT number FROM registry_licence WHERE home_prefecture_id = '28' AND status = 'valid' "
            "ORDER BY md5(id::text) LIMIT %s", [n]).fetchall()]


def batches(args, today: date) -> tuple[list[list[dict]], list[dict]]:
    """The batches, and the race's batch (new references, sent by two links at once at the end)."""
    rng = random.Random(args.seed)
    numbers = licence_numbers(max(1, args.items * 9 // 10))
    stamp = secrets.token_hex(4)

    def make(prefix, n):
        return [{"external_reference": f"{prefix}{stamp}-{i:06d}", "licence_number": rng.choice(numbers),
                 "kind": "general", "code": rng.choice(CODES),
                 "violation_date": (today - timedelta(days=rng.randrange(300))).isoformat(), "office_code": OFFICE}
                for i in range(n)]

    items = make("B", args.items)
    return [items[i:i + args.batch] for i in range(0, len(items), args.batch)], make("R", min(args.batch, 500))


def race_registered(race: list[dict]) -> int:
    """How many records the race's references have (each exactly one: no point doubled)."""
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        return conn.execute("SELECT count(*) FROM violations_violationrecord WHERE external_reference = ANY(%s)",
                            [[item["external_reference"] for item in race]]).fetchone()[0]


def send(args, port, links, stats, work: list[list[dict]], name: str) -> dict:
    """The batches by ``--clients`` links at once; the items' results counted."""
    queue, lock, results = list(work), threading.Lock(), {}

    def link(i):
        c = Client(port, stats, token=links[i % len(links)])
        while True:
            with lock:
                if not queue:
                    return
                batch = queue.pop(0)
            answer = c.call(name, "POST", "/api/v1/violation-batches", {"source_system": "hansoku", "items": batch})
            with lock:
                for item in answer["items"]:
                    key = item["result"] if item["result"] != "refused" else f"refused:{item['code']}"
                    results[key] = results.get(key, 0) + 1

    pool = [threading.Thread(target=link, args=(i,)) for i in range(min(args.clients, len(work)))]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    stats.step(name)["wall"] = time.perf_counter() - started
    stats.step(name)["items"] = sum(len(b) for b in work)
    return results


def main():
    args = parse_args()
    stats = Stats()
    cfg = setup(args)
    work, race = batches(args, date.fromisoformat(cfg["today"]))
    proc, port = start_server(args, {**os.environ, "MENKYO_SERVER_TIMING": "1"})
    try:
        print(f"holders: {args.holders:,}; {args.items:,} violations in {len(work)} batches of ≤{args.batch:,}; "
              f"{args.clients} links, {args.workers} workers × {args.threads} threads", flush=True)
        measure_me(args, port, cfg["links"], stats, "me (before)")
        before = cpu_of_tree(proc.pid)
        results = send(args, port, cfg["links"], stats, work, "batch")
        server_cpu = cpu_of_tree(proc.pid) - before
        resent = send(args, port, cfg["links"], stats, work[:1], "resend")
        raced = send(args, port, cfg["links"], stats, [race, race[::-1]], "race")
        measure_me(args, port, cfg["links"], stats, "me (after)")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    report(args, stats, results, resent, server_cpu)
    print(f"race: the same {len(race)} new items from two links at once: {raced}; records: {race_registered(race)}")
    if raced != {"registered": len(race), "already_registered": len(race)} or race_registered(race) != len(race):
        sys.exit("race: a reference registered twice or not at all")


def report(args, stats, results, resent, server_cpu):
    me = stats.step("me (before)")["server"] + stats.step("me (after)")["server"]
    me_p50 = pct(me, 50)
    print()
    for name in ("me (before)", "batch", "resend", "race", "me (after)"):
        print(summary_line(name, stats.step(name)))
    s = stats.step("batch")
    wall, items = s["wall"], s["items"]
    per_item = [ms / args.batch for ms in s["server"]]
    print(f"\nresults: {results}; resend: {resent}")
    print(f"{items:,} items in {wall:.1f} s: {items / wall:.0f} items/s (target ≥ 500/s); batch p50 / p95 "
          f"{pct(s['client'], 50) / 1000:.1f} / {pct(s['client'], 95) / 1000:.1f} s")
    print(f"server time per item (batch p50 / p95 ÷ {args.batch}): {pct(per_item, 50):.1f} / {pct(per_item, 95):.1f} ms"
          f" = {pct(per_item, 50) / me_p50:.1f} / {pct(per_item, 95) / me_p50:.1f} × GET /api/v1/me (p50 {me_p50:.1f} ms);"
          f" server CPU {server_cpu / items * 1000:.1f} ms per item")
    if s["errors"]:
        sys.exit(f"errors: {s['errors']} {s['samples']}")


if __name__ == "__main__":
    main()
