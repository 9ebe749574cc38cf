"""bench/inquiry's load driver: start `menkyo serve`, register devices, drive the three kinds of request.

Run by bench/inquiry inside its database and MENKYO_VAR; see that script for what is measured.
Server-side times come from the ``Server-Timing: app;dur=`` header of each answer
(menkyo.core.middleware.ServerTimingMiddleware): Django's time from the first middleware in to
the response out, so client scheduling and the loopback do not count.

The server's CPU per answer is the CPU time (user + system, /proc) that ``menkyo serve`` and the
PostgreSQL server spent in the measured seconds, divided by the answers: on a shared machine whose
speed changes from minute to minute, the ratio of these costs moves much less than the ratio of
throughputs (a CPU-bound server's throughput is its cores divided by this cost).
"""

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

MENKYO = str(Path(sys.executable).with_name("menkyo"))
DEVICES = 32
SETUP = """
from menkyo.accounts.services import register_device
from menkyo.accounts.models import Device
from menkyo.core.actors import SystemActor
for i in range({devices}):
    name = f"bench-inquiry-{{i}}-{stamp}"
    print(register_device(SystemActor("bench"), name=name, kind="terminal", affiliation="28-001",
                          roles=["inquiry"]).token)
"""
TIMING = re.compile(r"dur=([0-9.]+)")


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--holders", type=int, default=10_000_000)
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per kind (default 20)")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds before each kind")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients (default 4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument("--samples", type=int, default=20_000, help="holders sampled for the requests")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def samples(n: int):
    """Random existing licence numbers, and (kana name, birth date) pairs of random holders."""
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        total = conn.execute("SELECT count(*) FROM registry_person").fetchone()[0]
        percent = min(100.0, 100.0 * 3 * n / max(total, 1))
        numbers = [r[0] for r in conn.execute(
            f"SELECT number FROM registry_licence TABLESAMPLE SYSTEM ({percent}) LIMIT %s", [n])]
        people = [(r[0], r[1].isoformat()) for r in conn.execute(
            f"SELECT name_kana, birth_date FROM registry_person TABLESAMPLE SYSTEM ({percent}) LIMIT %s", [n])]
    random.Random(8).shuffle(numbers)
    random.Random(9).shuffle(people)
    return total, numbers, people


def start_server(args, env):
    port = free_port()
    log = open(Path(os.environ["MENKYO_VAR"]) / "server.log", "w")  # noqa: SIM115 — closed at exit
    proc = subprocess.Popen([MENKYO, "serve", "--no-task-worker", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                             "--threads", str(args.threads)], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    sys.exit("menkyo serve did not start: " + (Path(os.environ["MENKYO_VAR"]) / "server.log").read_text())


class Run:
    """C client threads sending one kind of request for a while; server and client times kept."""

    def __init__(self, port, tokens, make_request, server_pids):
        self.port, self.tokens, self.make_request, self.server_pids = port, tokens, make_request, server_pids
        self.server_ms: list[float] = []
        self.client_ms: list[float] = []
        self.errors: dict[int, int] = {}
        self.lock = threading.Lock()

    def client(self, index: int, stop_at: float, measure_from: float, rng: random.Random):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        token = self.tokens[index % len(self.tokens)]
        server, client, errors = [], [], {}
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                break
            method, path, body = self.make_request(rng)
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            done = time.perf_counter()
            if now < measure_from:
                continue
            if response.status != 200:
                errors[response.status] = errors.get(response.status, 0) + 1
                continue
            match = TIMING.search(response.getheader("Server-Timing", ""))
            if match:
                server.append(float(match.group(1)))
            client.append((done - now) * 1000)
        conn.close()
        with self.lock:
            self.server_ms += server
            self.client_ms += client
            for status, n in errors.items():
                self.errors[status] = self.errors.get(status, 0) + n

    def go(self, clients: int, warmup: float, seconds: float) -> dict:
        start = time.perf_counter()
        measure_from, stop_at = start + warmup, start + warmup + seconds
        threads = [threading.Thread(target=self.client, args=(i, stop_at, measure_from, random.Random(i)))
                   for i in range(clients)]
        for t in threads:
            t.start()
        time.sleep(max(0.0, measure_from - time.perf_counter()))
        cpu_from = tree_cpu(self.server_pids)
        time.sleep(max(0.0, stop_at - time.perf_counter()))
        cpu = tree_cpu(self.server_pids) - cpu_from
        for t in threads:
            t.join()
        return {"requests": len(self.client_ms), "rate": len(self.client_ms) / seconds,
                "server_cpu_ms": cpu * 1000 / len(self.client_ms) if self.client_ms and cpu else float("nan"),
                "server_p50": pct(self.server_ms, 50), "server_p99": pct(self.server_ms, 99),
                "client_p50": pct(self.client_ms, 50), "client_p99": pct(self.client_ms, 99),
                "errors": dict(self.errors)}


def tree_cpu(roots: list[int]) -> float:
    """CPU seconds (user + system) used so far by these processes and their descendants (0 without /proc)."""
    parent, ticks = {}, {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            parent[int(entry)], ticks[int(entry)] = int(fields[1]), int(fields[11]) + int(fields[12])
    inside, todo = set(), [pid for pid in roots if pid in ticks]
    while todo:
        pid = todo.pop()
        inside.add(pid)
        todo += [child for child, up in parent.items() if up == pid and child not in inside]
    return sum(ticks[pid] for pid in inside) / os.sysconf("SC_CLK_TCK")


def postgres_pid() -> int | None:
    """The PostgreSQL server process (postmaster) when it runs on this machine, else None."""
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        with open(f"/proc/{backend}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    args = parse_args()
    total, numbers, people = samples(args.samples)
    stamp = int(time.time())
    setup = subprocess.run([MENKYO, "shell", "-c", SETUP.format(devices=DEVICES, stamp=stamp)],
                           check=True, capture_output=True, text=True)
    tokens = [word for word in setup.stdout.split() if word.startswith("mkd_")]
    assert len(tokens) == DEVICES, setup.stdout + setup.stderr
    env = {**os.environ, "MENKYO_SERVER_TIMING": "1",
           "MENKYO_INQUIRY_RATE_LIMITS": json.dumps({"device": [1_000_000, 1], "operator": [1_000_000, 1]})}
    proc, port = start_server(args, env)
    server_pids = [proc.pid] + [pid for pid in [postgres_pid()] if pid]
    kinds = {
        "me": lambda rng: ("GET", "/api/v1/me", None),
        "licence": lambda rng: ("POST", "/api/v1/inquiries", json.dumps(
            {"purpose": "窓口事務", "licence_number": rng.choice(numbers)})),
        "name": lambda rng: ("POST", "/api/v1/inquiries", json.dumps(
            dict(zip(("name_kana", "birth_date"), rng.choice(people), strict=True), purpose="窓口事務"),
            ensure_ascii=False).encode()),
    }
    results = {}
    try:
        print(f"holders: {total:,}; server: menkyo serve, {args.workers} workers × {args.threads} threads; "
              f"{args.clients} keep-alive clients, {args.seconds:g} s per kind after {args.warmup:g} s warm-up; "
              f"rate limits raised to 1,000,000/s per device and operator (MENKYO_INQUIRY_RATE_LIMITS), "
              f"{DEVICES} devices", flush=True)
        for kind, make in kinds.items():
            results[kind] = Run(port, tokens, make, server_pids).go(args.clients, args.warmup, args.seconds)
            r = results[kind]
            print(f"  {kind:8} {r['rate']:8.0f} req/s   server p50 {r['server_p50']:6.2f} ms  p99 "
                  f"{r['server_p99']:6.2f} ms   client p50 {r['client_p50']:6.2f} ms  p99 {r['client_p99']:6.2f} ms"
                  f"   server CPU {r['server_cpu_ms']:5.2f} ms/answer"
                  f"   ({r['requests']:,} answers{', errors ' + str(r['errors']) if r['errors'] else ''})",
                  flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    me, lic, name = results["me"], results["licence"], results["name"]
    ratio = lic["rate"] / me["rate"] if me["rate"] else float("nan")
    print(f"licence-number inquiry: {ratio:.0%} of the trivial endpoint's throughput (target ≥ 50 %), "
          f"server p99 {lic['server_p99']:.2f} ms (target ≤ 10 ms)")
    print(f"server CPU per answer, trivial endpoint / licence-number inquiry: "
          f"{me['server_cpu_ms'] / lic['server_cpu_ms']:.0%} (the cost ratio behind the throughput ratio)")
    print(f"name + birth date inquiry: server p99 {name['server_p99']:.2f} ms (target ≤ 50 ms), "
          f"{name['rate'] / me['rate'] if me['rate'] else float('nan'):.0%} of the trivial endpoint's throughput")
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        events = conn.execute("SELECT count(*) FROM core_auditevent WHERE action = 'inquiry.holder.inquire'"
                              ).fetchone()[0]
    print(f"audit events of inquiries in the database: {events:,}")
    # The workers appended concurrently (one statement each, docs/adr/0012): the chain must still verify.
    verified = subprocess.run([MENKYO, "audit", "verify"], capture_output=True, text=True)
    print("menkyo audit verify after the run: " + (verified.stdout.strip().splitlines() or ["(no output)"])[-1])
    print(json.dumps({"holders": total, **{k: {m: round(v, 3) if isinstance(v, float) else v
                                                for m, v in r.items()} for k, r in results.items()}}))


if __name__ == "__main__":
    main()
