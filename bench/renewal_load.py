"""bench/renewal's driver: renewals (更新, 規程第16条) through the API, step by step (see bench/renewal).

Run by bench/renewal inside its database and MENKYO_VAR; it reuses bench/centre's client, server and
measuring (bench/centre_load.py). N holders of 兵庫 under 70 whose window holds today renew at 明石
運転免許試験場, ``--clients`` counters and examiners at once:

  intake     POST /api/v1/renewals                       counter terminal (更新申請書 + 質問票)
  photo      POST /api/v1/applications/{id}/photo        counter terminal
  fees       POST /api/v1/applications/{id}/payments ×2  counter terminal (更新手数料, 講習手数料)
  examinee   POST /api/v1/examinees                      counter terminal (適性検査の受付)
  aptitude   POST /api/v1/examinees/{id}/aptitude        試験官 (session)
  result     POST /api/v1/examinees/{id}/result          試験官
  lecture    POST /api/v1/renewals/{id}/lecture          counter terminal (更新時講習, in person)
  renew      POST /api/v1/renewals/{id}/renew            counter terminal (登録と作成依頼)
  card fetch GET  /api/v1/card-jobs/pending, produced    免許証作成機
  receive    POST /api/v1/card-jobs/{id}/receive         counter terminal
  hand-over  POST /api/v1/card-jobs/{id}/hand-over       counter terminal
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from centre_load import (  # noqa: E402
    CENTRE,
    MENKYO,
    NO_TO_ALL,
    Day,
    Stats,
    camera_jpeg,
    cpu_of_tree,
    log_in,
    measure_me,
    pct,
    photo_form,
    produce_cards,
    start_server,
    summary_line,
)

from menkyo.rules.fees import LECTURE_CODES  # noqa: E402  (pure Python: the fee codes of the lecture)

SETUP = r"""
import json, os
from menkyo.accounts.services import create_operator, register_device
from menkyo.core.actors import SystemActor
from django.utils import timezone
cfg = json.loads(open(os.environ["BENCH_RENEWAL_SETUP"]).read())
actor, stamp = SystemActor("bench-renewal"), cfg["stamp"]
def device(name, kind, roles=()):
    return register_device(actor, name=f"bench-{name}-{stamp}", kind=kind, affiliation=cfg["centre"], roles=list(roles)).token
out = {"today": timezone.localdate().isoformat(),
       "counters": [device(f"counter-{i}", "terminal", ["counter"]) for i in range(cfg["clients"])],
       "printers": [device(f"printer-{i}", "card_printer") for i in range(cfg["printers"])], "examiners": []}
for i in range(cfg["clients"]):
    made = create_operator(actor, username=f"brx{i}_{stamp}", display_name=f"ベンチ試験官{i}",
                           affiliation=cfg["centre"], roles=["examiner"])
    out["examiners"].append([made.operator.username, made.password])
out["school"] = out["counters"][0]  # bench/centre's desks have a school terminal; renewals never use it
print("BENCH-SETUP " + json.dumps(out))
"""


@dataclass
class Holder:
    index: int
    licence_number: str
    application_id: int = 0
    examinee_id: int = 0
    job_id: int = 0
    driver_class: str = ""
    dropped: str = ""


def parse_args():
    parser = argparse.ArgumentParser(prog="bench/renewal", description="Renewals through the API.")
    parser.add_argument("--holders", type=int, default=1_000_000, help="holders in the register (default 1,000,000)")
    parser.add_argument("--renewals", type=int, default=1000, help="renewals of the day (default 1,000)")
    parser.add_argument("--clients", type=int, default=8, help="counters and examiners at once (default 8)")
    parser.add_argument("--printers", type=int, default=2, help="免許証作成機 (default 2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument("--me-seconds", type=float, default=10, help="seconds of GET /api/v1/me before and after")
    return parser.parse_args()


def holders_in_window(n: int, today: date) -> list[Holder]:
    """``n`` 兵庫 card holders under 70, licence valid, whose window holds today (expiry within 55 days)."""
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        rows = conn.execute(
            "SELECT l.number FROM registry_licence l JOIN registry_person p ON p.id = l.person_id "
            "WHERE l.home_prefecture_id = '28' AND l.status = 'valid' AND l.holding_form = 'card' "
            "AND l.expiry_date BETWEEN %s AND %s AND p.birth_date > %s ORDER BY l.id LIMIT %s",
            [today + timedelta(days=1), today + timedelta(days=55), today.replace(year=today.year - 69), n]).fetchall()
    return [Holder(i, number) for i, (number,) in enumerate(rows)]


def the_day(day: Day, people: list[Holder]):
    today = day.today
    photo_body, photo_type = photo_form(camera_jpeg())

    def alive():
        return [h for h in people if not h.dropped]

    def intake(c, h):
        answer = c.counter.call("intake", "POST", "/api/v1/renewals", {
            "licence_number": h.licence_number, "questionnaire": NO_TO_ALL, "documents": ["licence"]})
        h.application_id, h.driver_class = answer["application"]["id"], answer["judgement"]["driver_class"]

    def photo(c, h):
        c.counter.call("photo", "POST", f"/api/v1/applications/{h.application_id}/photo", content_type=photo_type,
                       raw=photo_body)

    def fees(c, h):
        for n, code in enumerate(("renewal", LECTURE_CODES[h.driver_class])):
            c.counter.call("fees", "POST", f"/api/v1/applications/{h.application_id}/payments", {
                "procedure_code": code, "method": "cash", "slip_number": f"R{day.setup['stamp'] % 10**6}-{h.index:05d}{n}"})

    def examinee(c, h):
        h.examinee_id = c.counter.call("examinee", "POST", "/api/v1/examinees", {
            "application_id": h.application_id, "centre": CENTRE, "exam_date": today})["id"]

    def aptitude(c, h):
        c.examiner.call("aptitude", "POST", f"/api/v1/examinees/{h.examinee_id}/aptitude", {
            "acuity_both": 1.0, "acuity_left": 0.8, "acuity_right": 0.9, "corrective_lenses": False,
            "depth_error_cm": 1.0, "colour_ok": True, "hearing_ok": True, "hearing_aid": False, "motor_ok": True})

    def result(c, h):
        if c.examiner.call("result", "POST", f"/api/v1/examinees/{h.examinee_id}/result")["state"] != "passed":
            h.dropped = "result"

    def lecture(c, h):
        c.counter.call("lecture", "POST", f"/api/v1/renewals/{h.application_id}/lecture", {"mode": "in_person"})

    def renew(c, h):
        h.job_id = c.counter.call("renew", "POST", f"/api/v1/renewals/{h.application_id}/renew", {})["card_job"]["id"]

    def receive(c, h):
        c.counter.call("receive", "POST", f"/api/v1/card-jobs/{h.job_id}/receive")

    def hand_over(c, h):
        if c.counter.call("hand-over", "POST", f"/api/v1/card-jobs/{h.job_id}/hand-over",
                          {"signature_confirmed": True})["state"] != "handed_over":
            h.dropped = "hand-over"

    for step, work in (("intake", intake), ("photo", photo), ("fees", fees), ("examinee", examinee),
                       ("aptitude", aptitude), ("result", result), ("lecture", lecture), ("renew", renew)):
        day.run(step, alive(), work)
    produce_cards(day, "RN")
    day.run("receive", alive(), receive)
    day.run("hand-over", alive(), hand_over)


def setup_actors(args, stamp: int) -> dict:
    var = Path(os.environ["MENKYO_VAR"])
    (var / "renewal-setup.json").write_text(json.dumps({"stamp": stamp, "centre": CENTRE, "clients": args.clients,
                                                         "printers": args.printers}))
    done = subprocess.run([MENKYO, "shell", "-c", SETUP], capture_output=True, text=True,
                          env={**os.environ, "BENCH_RENEWAL_SETUP": str(var / "renewal-setup.json")})
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH-SETUP ")]
    if done.returncode or not lines:
        sys.exit("setup failed:\n" + done.stdout[-3000:] + done.stderr[-3000:])
    return {**json.loads(lines[-1].removeprefix("BENCH-SETUP ")), "stamp": stamp}


def main():
    args = parse_args()
    setup = setup_actors(args, int(time.time()))
    people = holders_in_window(args.renewals, date.fromisoformat(setup["today"]))
    stats = Stats()
    proc, port = start_server(args, {**os.environ, "MENKYO_SERVER_TIMING": "1"})
    try:
        day = Day(args, port, setup, stats)
        day.examiner_cookies = [log_in(port, u, p, secrets.token_urlsafe(18)) for u, p in setup["examiners"]]
        print(f"holders: {args.holders:,}; {len(people):,} renewals at 明石運転免許試験場 on {setup['today']}; "
              f"menkyo serve {args.workers} workers × {args.threads} threads; {args.clients} counters at once", flush=True)
        measure_me(args, port, setup["counters"], stats, "me (before)")
        before, started = cpu_of_tree(proc.pid), time.perf_counter()
        the_day(day, people)
        wall, server_cpu = time.perf_counter() - started, cpu_of_tree(proc.pid) - before
        measure_me(args, port, setup["counters"], stats, "me (after)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    report(stats, people, wall, server_cpu)


def report(stats, people, wall, server_cpu):
    steps = stats.steps
    me_p50 = pct(steps["me (before)"]["server"] + steps["me (after)"]["server"], 50)
    print()
    for key, s in steps.items():
        print(summary_line(key, s) + (f"  ({pct(s['server'], 50) / me_p50:.1f} × me)" if s["server"] else ""))
    done = sum(1 for h in people if not h.dropped and h.job_id)
    dropped = {}
    for h in people:
        if h.dropped or not h.job_id:
            dropped[h.dropped or "no card job"] = dropped.get(h.dropped or "no card job", 0) + 1
    per_renewal = [sum(pct(steps[k]["server"], q) for k in ("intake", "photo", "fees", "examinee", "aptitude",
                                                            "result", "lecture", "renew", "receive", "hand-over")
                       if k in steps) for q in (50, 95)]
    print(f"\n{done:,} of {len(people):,} renewed and handed over in {wall:.0f} s ({done / wall * 60:.0f} a minute); "
          f"dropped {dropped or 'none'}")
    print(f"server time per renewal (sum of the steps' p50 / p95): {per_renewal[0]:.0f} / {per_renewal[1]:.0f} ms; "
          f"menkyo serve CPU {server_cpu / max(done, 1) * 1000:.0f} ms per renewal")


if __name__ == "__main__":
    main()
