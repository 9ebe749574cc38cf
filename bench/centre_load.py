"""bench/centre's driver: a large centre's day through the API, step by step (see bench/centre).

Run by bench/centre inside its database and MENKYO_VAR. Each step of the day runs for every
applicant it concerns before the next starts, by ``--clients`` threads at once (counters,
examiners; one OMR装置; ``--printers`` 免許証作成機), so each step's throughput is its own:

  certificate  POST /api/v1/graduation-certificates      教習所端末 (graduates)
  intake       POST /api/v1/applications                  counter terminal
  photo        POST /api/v1/applications/{id}/photo       counter terminal (申請用写真, multipart JPEG)
  exam fee     POST /api/v1/applications/{id}/payments    counter terminal (受験手数料)
  examinee     POST /api/v1/examinees                     counter terminal (受験登録)
  aptitude     POST /api/v1/examinees/{id}/aptitude       試験官 (session)
  omr ×50      POST /api/v1/answer-sheets (CSV, 50)       OMR装置: the first half of the sheets
  omr ×1000    POST /api/v1/answer-sheets (CSV, ≤1,000)   OMR装置: the other half, one file
  resolve      POST /api/v1/answer-sheets/{id}/resolve    試験官: the 要確認 sheets
  skill        POST /api/v1/examinees/{id}/skill-test     試験官 (一発)
  result       POST /api/v1/examinees/{id}/result         試験官 (合否の登録)
  issue fee    POST /api/v1/applications/{id}/payments    counter terminal (交付手数料)
  issue        POST /api/v1/applications/{id}/issue       counter terminal
  card fetch   GET  /api/v1/card-jobs/pending?limit=50    免許証作成機
  produced     POST /api/v1/card-jobs/{id}/produced       免許証作成機
  receive      POST /api/v1/card-jobs/{id}/receive        counter terminal
  hand-over    POST /api/v1/card-jobs/{id}/hand-over      counter terminal

Server times and statement counts come from the ``Server-Timing`` header
(menkyo.core.middleware.ServerTimingMiddleware). CPU is read from /proc: the gunicorn master and
its workers, the PostgreSQL postmaster and its backends (living and exited), this driver, and the
whole machine (other jobs share it).
"""

import argparse
import csv
import http.client
import io
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg

MENKYO = str(Path(sys.executable).with_name("menkyo"))
CENTRE = "28-002"  # 明石運転免許試験場
SCHOOL = "28S90"
TIMING = re.compile(r'app;dur=([0-9.]+), db;dur=([0-9.]+);desc="(\d+) queries"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
#: 409s a device sends again, as their messages ask (「もう一度…してください」): the same answer sheet in
#: two uploads at once. (Numbers no longer collide, core.serials: nothing else is sent again.)
BUSY = {"concurrent_upload"}
ADDRESSES = [("6730001", "兵庫県明石市明南町"), ("6730002", "兵庫県明石市旭が丘"), ("6730011", "兵庫県明石市西明石町"),
             ("6730021", "兵庫県明石市北王子町"), ("6730882", "兵庫県明石市相生町"), ("6740051", "兵庫県明石市大久保町大窪"),
             ("6750001", "兵庫県加古川市西条山手"), ("6760001", "兵庫県高砂市中島"), ("6500001", "兵庫県神戸市中央区加納町")]
NO_TO_ALL = {item: False for item in ("lost_consciousness", "body_unmovable", "daytime_sleep", "alcohol",
                                      "doctor_advice")}
STEPS = [  # (key, label) in the order of the day
    ("certificate", "卒業証明書の登録（教習所端末）"), ("intake", "申請の受理"),
    ("photo", "申請用写真の登録（窓口カメラ）"), ("exam fee", "受験手数料の収納"),
    ("examinee", "受験登録"), ("aptitude", "適性試験の記録（試験官）"), ("omr x50", "答案 50枚ずつ（OMR装置）"),
    ("omr x1000", "答案 1,000枚（OMR装置）"), ("resolve", "要確認答案の確認（試験官）"), ("skill", "技能試験の記録（試験官）"),
    ("result", "合否の登録（試験官）"), ("issue fee", "交付手数料の収納"), ("issue", "免許の交付（登録・作成依頼）"),
    ("card fetch", "作成待ちの取得（作成機）"), ("produced", "作成の報告（作成機）"), ("receive", "免許証の受領"),
    ("hand-over", "免許証の交付（署名）"),
]
SAMPLED = {"produced": "card fetch"}  # the printers fetch and report in one step
SETUP = r"""
import json, os
from datetime import date, timedelta
from django.utils import timezone
from menkyo.accounts.services import create_operator, register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.counter.models import DrivingSchool
from menkyo.exams import written
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person, register_provisional_licence

cfg = json.loads(open(os.environ["BENCH_CENTRE_SETUP"]).read())
actor, stamp, today = SystemActor("bench-centre"), cfg["stamp"], timezone.localdate()
school_affiliation, _ = Affiliation.objects.get_or_create(code="28-S90", defaults={
    "prefecture_id": "28", "kind": AffiliationKind.DRIVING_SCHOOL, "name": "ベンチ自動車教習所"})
DrivingSchool.objects.get_or_create(code=cfg["school"], defaults={
    "name": "ベンチ自動車教習所", "prefecture_id": "28", "affiliation": school_affiliation})

def device(name, kind, affiliation, roles=()):
    return register_device(actor, name=f"bench-{name}-{stamp}", kind=kind, affiliation=affiliation,
                           roles=list(roles)).token

out = {"today": today.isoformat(),
       "counters": [device(f"counter-{i}", "terminal", cfg["centre"], ["counter"]) for i in range(cfg["clients"])],
       "printers": [device(f"printer-{i}", "card_printer", cfg["centre"]) for i in range(cfg["printers"])],
       "omr": device("omr", "omr", cfg["centre"]), "authoring": device("authoring", "question_authoring", cfg["centre"]),
       "school": device("school", "school", "28-S90"), "examiners": []}
for i in range(cfg["clients"]):
    made = create_operator(actor, username=f"bench_examiner{i}_{stamp}", display_name=f"ベンチ試験官{i}",
                           affiliation=cfg["centre"], roles=["examiner"])
    out["examiners"].append([made.operator.username, made.password])
written.load_sample_questions(actor)
ids = []
for particulars in cfg["direct"]:  # 一発: in the register since their 仮免許, a month ago
    person = Person.objects.create(**clean_person({**particulars, "birth_date": date.fromisoformat(particulars["birth_date"])}))
    register_provisional_licence(actor, person.pk, "普通仮", issue_date=today - timedelta(days=30))
    ids.append(person.pk)
out["direct_ids"] = ids
print("BENCH-SETUP " + json.dumps(out))
"""


def parse_args():
    parser = argparse.ArgumentParser(prog="bench/centre", description="A large licence centre's day through the API.")
    parser.add_argument("--holders", type=int, default=1_000_000, help="holders in the register (default 1,000,000)")
    parser.add_argument("--applicants", type=int, default=2000, help="applicants of the day (default 2,000)")
    parser.add_argument("--graduates", type=float, default=70, help="percent school graduates; the rest 一発 (70)")
    parser.add_argument("--clients", type=int, default=8, help="counters and examiners at once (default 8)")
    parser.add_argument("--printers", type=int, default=2, help="免許証作成機 (default 2)")
    parser.add_argument("--batch", type=int, default=50, help="sheets per OMR upload for the first half (50)")
    parser.add_argument("--review", type=float, default=1, help="percent of sheets with an unreadable mark (1)")
    parser.add_argument("--fail", type=float, default=0,
                        help="percent failing the written test, and of 一発 failing the skill test (0)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument("--me-seconds", type=float, default=10, help="seconds of GET /api/v1/me before and after")
    parser.add_argument("--seed", type=int, default=9)
    return parser.parse_args()


# --- measuring --------------------------------------------------------------------------------


class StepError(Exception):
    def __init__(self, step, status, body):
        super().__init__(f"{step}: HTTP {status} {str(body)[:300]}")
        self.status = status


class Stats:
    """Per step: client and server milliseconds, statements, errors, retries, wall time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.steps: dict[str, dict] = {}

    def step(self, name) -> dict:
        with self.lock:
            return self.steps.setdefault(name, {"client": [], "server": [], "db": [], "queries": [], "errors": {},
                                                "retries": 0, "wall": 0.0, "items": 0, "samples": []})

    def answer(self, name, client_ms, timing):
        s = self.step(name)
        with self.lock:
            s["client"].append(client_ms)
            if timing:
                s["server"].append(float(timing.group(1)))
                s["db"].append(float(timing.group(2)))
                s["queries"].append(int(timing.group(3)))

    def error(self, name, status, body):
        s = self.step(name)
        with self.lock:
            s["errors"][status] = s["errors"].get(status, 0) + 1
            if len(s["samples"]) < 3:
                s["samples"].append(f"HTTP {status} {str(body)[:300]}")

    def retry(self, name):
        s = self.step(name)
        with self.lock:
            s["retries"] += 1


def pct(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def cpu_of_tree(root: int) -> float:
    """CPU seconds of a process and its descendants, the living ones and those already reaped."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        table[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))  # ppid; utime stime cutime cstime
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            total += table[pid][1]
            todo += children.get(pid, [])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    total = sum(fields[:8])
    return (total - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK"), total / os.sysconf("SC_CLK_TCK")


class LoadSampler(threading.Thread):
    """The 1-minute load average every 5 s while the day runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.samples.append(float(Path("/proc/loadavg").read_text().split()[0]))
            self.stop.wait(5)


class DbSampler(threading.Thread):
    """PostgreSQL's backends every 0.2 s: how many run a statement, how many wait for a lock and on
    which statement, counted for the step running (``step``)."""

    QUERY = ("SELECT wait_event_type = 'Lock', left(regexp_replace(query, '\\s+', ' ', 'g'), 70) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'")

    def __init__(self):
        super().__init__(daemon=True)
        self.step = ""
        self.samples: dict[str, list[tuple[int, int]]] = {}
        self.waiting_on: dict[str, int] = {}
        self.stop = threading.Event()

    def run(self):
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            while not self.stop.wait(0.2):
                rows = conn.execute(self.QUERY).fetchall()
                waiting = [query for lock, query in rows if lock]
                self.samples.setdefault(self.step, []).append((len(rows), len(waiting)))
                for query in waiting:
                    self.waiting_on[query] = self.waiting_on.get(query, 0) + 1

    def means(self, step) -> tuple[float, float]:
        rows = self.samples.get(step) or [(0, 0)]
        return sum(r[0] for r in rows) / len(rows), sum(r[1] for r in rows) / len(rows)


# --- HTTP --------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection of one actor: a device (bearer token) or an operator (session + CSRF)."""

    def __init__(self, port, stats, *, token=None, cookies=None):
        self.port, self.stats, self.token, self.cookies = port, stats, token, cookies or {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def headers(self, content_type):
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        else:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        return headers

    def call(self, step, method, path, body=None, *, content_type="application/json", raw=None):
        data = raw if raw is not None else (json.dumps(body, ensure_ascii=False).encode() if body is not None else None)
        for attempt in range(6):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=self.headers(content_type))
                response = self.conn.getresponse()
                payload = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                # gunicorn closes a keep-alive connection idle for 2 s (between steps) before reading
                # the next request: send it again on a new connection, once.
                self.conn.close()
                if attempt == 0:
                    continue
                self.stats.error(step, "connection", exc)
                raise StepError(step, "connection", exc) from None
            elapsed = (time.perf_counter() - started) * 1000
            answer = json.loads(payload) if payload else None
            if response.status in (200, 201):
                self.stats.answer(step, elapsed, TIMING.search(response.getheader("Server-Timing", "")))
                return answer
            code = (answer or {}).get("error", {}).get("code") if isinstance(answer, dict) else None
            if response.status == 409 and code in BUSY and attempt < 5:
                self.stats.retry(step)
                continue
            self.stats.error(step, response.status, answer)
            raise StepError(step, response.status, answer)
        raise AssertionError("unreachable")


def cookies_of(response, jar):
    for header in response.msg.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value


def log_in(port, username, password, new_password) -> dict:
    """An examiner's first login through the login page, then the forced password change: the
    session cookies the API then takes (with the CSRF token as X-CSRFToken)."""
    conn, jar = http.client.HTTPConnection("127.0.0.1", port, timeout=60), {}

    def page(method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(form)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        cookies_of(response, jar)
        return response.status, text

    status, text = page("GET", "/login/")
    token = CSRF_INPUT.search(text).group(1)
    status, _ = page("POST", "/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token})
    assert status == 302 and "sessionid" in jar, f"login of {username} failed: HTTP {status}"
    status, text = page("GET", "/password/")
    token = CSRF_INPUT.search(text).group(1)
    status, text = page("POST", "/password/", {"current_password": password, "new_password": new_password,
                                                "new_password_again": new_password, "csrfmiddlewaretoken": token})
    assert status == 302, f"password change of {username} failed: HTTP {status} {re.findall(r'errorlist.*', text)}"
    conn.close()
    return jar


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, env):
    port = free_port()
    log = open(Path(os.environ["MENKYO_VAR"]) / "server.log", "w")  # noqa: SIM115 — closed at exit
    proc = subprocess.Popen([MENKYO, "serve", "--no-task-worker", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                             "--threads", str(args.threads), "--timeout", "300"], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
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


# --- the applicants ------------------------------------------------------------------------------


@dataclass
class Applicant:
    index: int
    graduate: bool
    particulars: dict
    glasses: bool
    wrong: int  # answers marked wrong on the sheet
    unreadable: bool  # one mark the OMR装置 cannot read
    skill_fails: bool  # 一発: too many deductions
    person_id: int | None = None
    certificate: str = ""
    application_id: int = 0
    examinee_id: int = 0
    examinee_number: int = 0
    sheet_id: int = 0
    sheet_unreadable_no: int = 0
    expected_score: int = 0
    job_id: int = 0
    dropped: str = ""  # the step where the applicant stopped: an error, a wrong score, or "failed"

    @property
    def written_passes(self) -> bool:
        return self.expected_score >= 90

    @property
    def passes(self) -> bool:
        return self.written_passes and not (self.skill_fails and not self.graduate)


def make_applicants(args, today: date) -> list["Applicant"]:
    import gimei

    rng = random.Random(args.seed)
    random.seed(args.seed)  # gimei draws from the random module
    graduates = round(args.applicants * args.graduates / 100)
    people = []
    for i in range(args.applicants):
        name = gimei.Gimei().name
        postal, town = rng.choice(ADDRESSES)
        birth = today - timedelta(days=rng.randint(19 * 366, 35 * 365))
        fails = rng.random() * 100 < args.fail
        people.append(Applicant(
            index=i, graduate=i < graduates, glasses=rng.random() < 0.25,
            wrong=12 if fails else rng.randint(0, 5), unreadable=rng.random() * 100 < args.review,
            skill_fails=i >= graduates and rng.random() * 100 < args.fail,
            particulars={"name": name.kanji, "name_kana": name.katakana, "birth_date": birth.isoformat(),
                         "sex": "1" if name.is_male else "2", "postal_code": postal,
                         "address": f"{town}{rng.randint(1, 30)}番{rng.randint(1, 20)}号", "honseki": "兵庫県"}))
    rng.shuffle(people)  # graduates and 一発 come to the counter mixed
    return people


def sheet_row(a: Applicant, key: list[dict], form: str, day: str, rng: random.Random) -> dict:
    """The OMR装置's CSV row of ``a``'s answer sheet: correct but for ``a.wrong`` marks (and one
    unreadable mark); the expected score is kept to check the server's."""
    marks = {q["no"]: list(q["answer"]) if isinstance(q["answer"], list) else q["answer"] for q in key}
    for no in rng.sample(sorted(marks), a.wrong):
        if isinstance(marks[no], list):
            marks[no][rng.randrange(3)] ^= True
        else:
            marks[no] = not marks[no]
    score = sum(q["points"] for q in key if marks[q["no"]] == q["answer"])
    a.expected_score = score
    cells = {no: ("".join("1" if m else "0" for m in v) if isinstance(v, list) else ("1" if v else "0"))
             for no, v in marks.items()}
    if a.unreadable:
        right = [q for q in key if q["type"] == "true_false" and marks[q["no"]] == q["answer"]]
        a.sheet_unreadable_no = rng.choice(right)["no"]
        cells[a.sheet_unreadable_no] = "?"
    return {"scan_id": f"{form}-{a.examinee_number:05d}", "centre": CENTRE, "exam_date": day,
            "examinee_number": a.examinee_number, "form_code": form, **{f"q{no}": cells[no] for no in sorted(cells)}}


def photo_form(image: bytes) -> tuple[bytes, str]:
    """The multipart/form-data body a counter camera sends (ADR 0013): the JPEG as ``image``; and its content type."""
    boundary = secrets.token_hex(16)
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n").encode() + image + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def camera_jpeg() -> bytes:
    """A 480×600 portrait JPEG (3.0×2.4 cm's shape) as a counter camera takes it."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (480, 600), (200, 210, 220)).save(out, "JPEG", quality=85)
    return out.getvalue()


def csv_file(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


# --- running the steps ---------------------------------------------------------------------------


@dataclass
class Desk:
    counter: Client
    examiner: Client
    school: Client


class Day:
    """The centre's actors (one client each per thread) and the steps of the day."""

    def __init__(self, args, port, setup, stats):
        self.args, self.port, self.setup, self.stats = args, port, setup, stats
        self.today = setup["today"]
        self.desks: dict[int, Desk] = {}
        self.db = DbSampler()
        self.examiner_cookies: list[dict] = []

    def desk(self, index) -> "Desk":
        """Desk ``index``'s counter terminal, examiner session and school terminal (one thread uses
        a desk at a time: the steps run one after another)."""
        if index not in self.desks:
            self.desks[index] = Desk(Client(self.port, self.stats, token=self.setup["counters"][index]),
                                     Client(self.port, self.stats, cookies=self.examiner_cookies[index]),
                                     Client(self.port, self.stats, token=self.setup["school"]))
        return self.desks[index]

    def run(self, step, items, work, threads=None):
        """``work(clients, item)`` for every item, by ``threads`` (default --clients) threads."""
        pending = list(items)
        lock = threading.Lock()
        s = self.stats.step(step)
        s["items"] += len(pending)
        self.db.step = step

        def worker(index):
            while True:
                with lock:
                    if not pending:
                        break
                    item = pending.pop(0)
                try:
                    work(self.desk(index), item)
                except StepError:
                    for a in item if isinstance(item, list) else [item]:
                        if isinstance(a, Applicant):
                            a.dropped = step

        started = time.perf_counter()
        pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads or self.args.clients)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        s["wall"] += time.perf_counter() - started
        line = summary_line(step, s)
        print(line, flush=True)


def summary_line(step, s) -> str:
    n = len(s["client"])
    rate = n / s["wall"] if s["wall"] else float("nan")
    errors = f"  errors {s['errors']}" if s["errors"] else ""
    retries = f"  retries {s['retries']}" if s["retries"] else ""
    return (f"  {step:<11}{n:>6} {rate:>8.1f}/s  client p50 {pct(s['client'], 50):>7.1f} p95 {pct(s['client'], 95):>7.1f}"
            f"  server p50 {pct(s['server'], 50):>7.1f} p95 {pct(s['server'], 95):>7.1f} ms"
            f"  {pct(s['queries'], 50):>4.0f} queries{errors}{retries}")


def measure_me(args, port, tokens, stats, name):
    """GET /api/v1/me by --clients keep-alive clients for --me-seconds (the trivial request)."""
    stop_at = time.perf_counter() + args.me_seconds

    def client(i):
        c = Client(port, stats, token=tokens[i % len(tokens)])
        while time.perf_counter() < stop_at:
            c.call(name, "GET", "/api/v1/me")

    pool = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    stats.step(name)["wall"] = time.perf_counter() - started
    print(summary_line(name, stats.step(name)), flush=True)


def produce_cards(day: Day, serial_prefix: str) -> None:
    """The 免許証作成機 (--printers at once) fetch the pending card jobs and report each produced,
    until none is left; "produced" is measured within "card fetch"'s wall time."""

    def printer(_, index):
        c = Client(day.port, day.stats, token=day.setup["printers"][index])
        while jobs := c.call("card fetch", "GET", "/api/v1/card-jobs/pending?limit=50"):
            for job in jobs:
                try:
                    c.call("produced", "POST", f"/api/v1/card-jobs/{job['job_id']}/produced",
                           {"card_serial": f"{serial_prefix}{day.setup['stamp'] % 10**6}-{job['job_id']}"})
                except StepError:
                    pass

    day.run("card fetch", range(day.args.printers), printer, threads=day.args.printers)
    day.stats.step("produced")["wall"] = day.stats.step("card fetch")["wall"]


def the_day(day: Day, people: list[Applicant], form: dict):
    """Every step of the day, in order; an applicant who fails a step or a test goes no further."""
    today, key, code = day.today, form["key"], form["code"]

    def alive(condition=lambda a: True):
        return [a for a in people if not a.dropped and condition(a)]

    def certificate(c, a):
        p = a.particulars
        a.certificate = f"G{day.setup['stamp'] % 10**6}-{a.index:05d}"
        c.school.call("certificate", "POST", "/api/v1/graduation-certificates", {
            "school": SCHOOL, "number": a.certificate, "kind": "普通", "name": p["name"], "name_kana": p["name_kana"],
            "birth_date": p["birth_date"], "passed_on": (date.fromisoformat(today) - timedelta(days=1 + a.index % 60))
            .isoformat()})

    def intake(c, a):
        if a.graduate:
            body = {**a.particulars, "application_type": "new", "route": "school_graduate",
                    "documents": ["photo", "identity", "resident_record", "graduation_certificate"],
                    "graduation_certificate": {"school": SCHOOL, "number": a.certificate}}
        else:
            body = {"person_id": a.person_id, "application_type": "new", "route": "direct",
                    "documents": ["photo", "identity", "resident_record", "provisional_licence", "road_practice"]}
        body.update(licence_kind="普通", questionnaire=NO_TO_ALL)
        a.application_id = c.counter.call("intake", "POST", "/api/v1/applications", body)["id"]

    photo_body, photo_type = photo_form(camera_jpeg())

    def photo(c, a):
        c.counter.call("photo", "POST", f"/api/v1/applications/{a.application_id}/photo", content_type=photo_type,
                       raw=photo_body)

    def exam_fee(c, a):
        procedure = "exam_class1_ordinary_school" if a.graduate else "exam_class1_ordinary_general"
        c.counter.call("exam fee", "POST", f"/api/v1/applications/{a.application_id}/payments", {
            "procedure_code": procedure, "method": "cash", "slip_number": f"E{day.setup['stamp'] % 10**6}-{a.index:05d}"})

    def examinee(c, a):
        answer = c.counter.call("examinee", "POST", "/api/v1/examinees",
                                {"application_id": a.application_id, "centre": CENTRE, "exam_date": today})
        a.examinee_id, a.examinee_number = answer["id"], answer["examinee_number"]

    def aptitude(c, a):
        c.examiner.call("aptitude", "POST", f"/api/v1/examinees/{a.examinee_id}/aptitude", {
            "acuity_both": 1.0, "acuity_left": 0.8, "acuity_right": 0.9, "corrective_lenses": a.glasses,
            "colour_ok": True, "hearing_ok": True, "hearing_aid": False, "motor_ok": True})

    def upload(step):
        def send(c, batch):
            rows = [sheet_row(a, key, code, today, random.Random(a.index)) for a in batch]
            answer = c.call(step, "POST", "/api/v1/answer-sheets", content_type="text/csv", raw=csv_file(rows))
            for a, outcome in zip(batch, answer["sheets"], strict=True):
                check_sheet(a, outcome)
        return send

    def check_sheet(a, outcome):
        a.sheet_id = outcome["sheet_id"] or 0
        state = "needs_review" if a.unreadable else "scored"
        if outcome["status"] != "accepted" or outcome["state"] != state or (
                state == "scored" and outcome["score"] != a.expected_score):
            day.stats.error("score check", "mismatch", outcome)
            a.dropped = "score check"

    omr = Client(day.port, day.stats, token=day.setup["omr"])
    # the first half as the OMR装置 sends them through the sitting, then the other half in one file
    sheets = alive()
    half = len(sheets) // 2
    batches = [sheets[i:min(i + day.args.batch, half)] for i in range(0, half, day.args.batch)]
    files = [sheets[i:i + 1000] for i in range(half, len(sheets), 1000)]

    def resolve(c, a):
        correct = next(q["answer"] for q in key if q["no"] == a.sheet_unreadable_no)
        answer = c.examiner.call("resolve", "POST", f"/api/v1/answer-sheets/{a.sheet_id}/resolve", {
            "answers": {str(a.sheet_unreadable_no): correct}, "reason": "答案用紙を目視で確認した（薄いマーク）"})
        if answer["score"] != a.expected_score:
            day.stats.error("score check", "mismatch", answer)
            a.dropped = "score check"

    def skill(c, a):
        deductions = [{"item": "安全確認不良", "points": 10}] + ([{"item": "合図不履行", "points": 25}] if a.skill_fails else [])
        c.examiner.call("skill", "POST", f"/api/v1/examinees/{a.examinee_id}/skill-test", {"deductions": deductions})

    def result(c, a):
        answer = c.examiner.call("result", "POST", f"/api/v1/examinees/{a.examinee_id}/result")
        if answer["state"] != ("passed" if a.passes else "failed"):
            day.stats.error("result", "unexpected", answer["state"])
        if answer["state"] != "passed":
            a.dropped = "failed"

    def issue_fee(c, a):
        c.counter.call("issue fee", "POST", f"/api/v1/applications/{a.application_id}/payments", {
            "procedure_code": "issue", "method": "cash", "slip_number": f"K{day.setup['stamp'] % 10**6}-{a.index:05d}"})

    def issue(c, a):
        courses = [] if a.graduate else [{"course": "普通車講習", "number": f"KS-{a.index:05d}",
                                          "completed_on": (date.fromisoformat(today) - timedelta(days=3)).isoformat()}]
        a.job_id = c.counter.call("issue", "POST", f"/api/v1/applications/{a.application_id}/issue",
                                  {"course_certificates": courses})["id"]

    def receive(c, a):
        c.counter.call("receive", "POST", f"/api/v1/card-jobs/{a.job_id}/receive")

    def hand_over(c, a):
        answer = c.counter.call("hand-over", "POST", f"/api/v1/card-jobs/{a.job_id}/hand-over",
                                {"signature_confirmed": True})
        if answer["state"] != "handed_over":
            day.stats.error("hand-over", "state", answer["state"])

    day.run("certificate", alive(lambda a: a.graduate), certificate)
    day.run("intake", alive(), intake)
    day.run("photo", alive(), photo)  # no card is issued without it (ADR 0013)
    day.run("exam fee", alive(), exam_fee)
    day.run("examinee", alive(), examinee)
    day.run("aptitude", alive(), aptitude)
    day.run("omr x50", batches, lambda c, batch: upload("omr x50")(omr, batch), threads=1)
    day.run("omr x1000", files, lambda c, batch: upload("omr x1000")(omr, batch), threads=1)
    day.run("resolve", alive(lambda a: a.unreadable and a.sheet_id), resolve)
    day.run("skill", alive(lambda a: not a.graduate and a.written_passes), skill)  # a failed 学科 ends the sitting
    day.run("result", alive(), result)
    day.run("issue fee", alive(), issue_fee)
    day.run("issue", alive(), issue)
    produce_cards(day, "SN")
    day.run("receive", alive(), receive)
    day.run("hand-over", alive(), hand_over)


def main():
    args = parse_args()
    stamp = int(time.time())
    var = Path(os.environ["MENKYO_VAR"])
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        holders = conn.execute("SELECT count(*) FROM registry_licence").fetchone()[0]
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])

    # Setup (not measured): devices, examiners, the school, the question bank, the 一発 applicants' 仮免許.
    today = date.fromisoformat(subprocess.run([MENKYO, "shell", "-c", "from django.utils import timezone; "
                                               "print(timezone.localdate())"], check=True, capture_output=True,
                                              text=True).stdout.split()[-1])
    people = make_applicants(args, today)
    direct = [a for a in people if not a.graduate]
    (var / "setup.json").write_text(json.dumps({
        "stamp": stamp, "school": SCHOOL, "centre": CENTRE, "clients": args.clients, "printers": args.printers,
        "direct": [a.particulars for a in direct]}, ensure_ascii=False))
    started = time.perf_counter()
    done = subprocess.run([MENKYO, "shell", "-c", SETUP], env={**os.environ, "BENCH_CENTRE_SETUP": str(var / "setup.json")},
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH-SETUP ")]
    if done.returncode or not lines:
        sys.exit("setup failed:\n" + done.stdout[-3000:] + done.stderr[-3000:])
    setup = {**json.loads(lines[-1].removeprefix("BENCH-SETUP ")), "stamp": stamp}
    for a, person_id in zip(direct, setup["direct_ids"], strict=True):
        a.person_id = person_id
    print(f"setup: {len(setup['counters'])} counter terminals, {len(setup['examiners'])} 試験官, "
          f"{len(setup['printers'])} 免許証作成機, an OMR装置, a 問題作成端末, a school terminal; "
          f"{len(direct)} 仮免許 for the 一発 applicants ({time.perf_counter() - started:.0f} s)", flush=True)

    stats = Stats()
    env = {**os.environ, "MENKYO_SERVER_TIMING": "1"}
    proc, port = start_server(args, env)
    try:
        day = Day(args, port, setup, stats)
        day.examiner_cookies = [log_in(port, u, p, secrets.token_urlsafe(18)) for u, p in setup["examiners"]]
        form = Client(port, stats, token=setup["authoring"]).call(
            "form", "POST", "/api/v1/exam-forms", {"code": f"B{stamp % 10**8}", "exam_type": "first"})
        print(f"holders: {holders:,}; day {setup['today']} at 明石運転免許試験場 ({CENTRE}); {len(people):,} applicants "
              f"({sum(a.graduate for a in people):,} graduates, {len(direct):,} 一発); menkyo serve {args.workers} "
              f"workers × {args.threads} threads; {args.clients} counters/examiners at once, {args.printers} printers; "
              f"exam form {form['code']} ({form['questions']} questions)", flush=True)
        measure_me(args, port, setup["counters"], stats, "me (before)")

        load = LoadSampler()
        load.start()
        day.db.start()
        before = (cpu_of_tree(proc.pid), cpu_of_tree(postmaster), time.process_time(), machine_busy())
        loadavg_before = Path("/proc/loadavg").read_text().split()[:3]
        day_started = time.perf_counter()
        the_day(day, people, form)
        day_wall = time.perf_counter() - day_started
        after = (cpu_of_tree(proc.pid), cpu_of_tree(postmaster), time.process_time(), machine_busy())
        load.stop.set()
        day.db.stop.set()
        loadavg_after = Path("/proc/loadavg").read_text().split()[:3]

        measure_me(args, port, setup["counters"], stats, "me (after)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    report(args, stats, people, holders, day_wall, before, after, load.samples, loadavg_before, loadavg_after, day.db)


def report(args, stats, people, holders, day_wall, before, after, loads, loadavg_before, loadavg_after, db):
    steps = stats.steps
    me = steps["me (before)"]["server"] + steps["me (after)"]["server"]
    me_rate = sum(len(steps[k]["client"]) for k in ("me (before)", "me (after)")) / \
        sum(steps[k]["wall"] for k in ("me (before)", "me (after)"))
    me_p50 = pct(me, 50)
    print()
    print(f"{'step':<11}{'count':>7}{'per s':>8}{'client p50':>12}{'p95':>8}{'server p50':>12}{'p95':>8}"
          f"{'× me':>7}{'queries':>9}{'db ms':>7}{'wall s':>8}{'pg busy':>9}{'locked':>8}  errors")
    day_steps = [k for k, _ in STEPS if k in steps]
    for key in ["me (before)", "me (after)", "form"] + day_steps:
        s = steps.get(key)
        if not s:
            continue
        n = len(s["client"])
        print(f"{key:<11}{n:>7}{n / s['wall'] if s['wall'] else float('nan'):>8.1f}{pct(s['client'], 50):>12.1f}"
              f"{pct(s['client'], 95):>8.1f}{pct(s['server'], 50):>12.1f}{pct(s['server'], 95):>8.1f}"
              f"{pct(s['server'], 50) / me_p50:>7.1f}{pct(s['queries'], 50):>9.0f}{pct(s['db'], 50):>7.1f}"
              f"{s['wall']:>8.1f}{'' if key not in day_steps else '{:9.1f}{:8.1f}'.format(*db.means(SAMPLED.get(key, key)))}"
              f"  {s['errors'] or ''}{' retries ' + str(s['retries']) if s['retries'] else ''}")
        for sample in s["samples"]:
            print(f"             {sample}")
    if "score check" in steps:
        print(f"score check: {steps['score check']['errors']} {steps['score check']['samples']}")
    sheets = sum(1 for a in people if a.sheet_id)
    uploads = sum(len(steps[k]["client"]) for k in ("omr x50", "omr x1000") if k in steps)
    omr_wall = sum(steps[k]["wall"] for k in ("omr x50", "omr x1000") if k in steps)
    handed = sum(1 for a in people if not a.dropped)
    dropped = {}
    for a in people:
        if a.dropped:
            dropped[a.dropped] = dropped.get(a.dropped, 0) + 1
    server_ms = sum(sum(steps[k]["server"]) for k in day_steps)
    requests = sum(len(steps[k]["client"]) for k in day_steps)
    app_cpu, db_cpu, driver_cpu = after[0] - before[0], after[1] - before[1], after[2] - before[2]
    busy = after[3][0] - before[3][0]
    cores = os.cpu_count() or 1
    print()
    print(f"the day: {len(people):,} applicants, {handed:,} cards handed over"
          f"{' (' + ', '.join(f'{v} {k}' for k, v in dropped.items()) + ')' if dropped else ''}; "
          f"{requests:,} requests; {sheets:,} answer sheets in {uploads} uploads, {omr_wall:.1f} s")
    print(f"wall time of the day: {day_wall / 60:.1f} min with {args.clients} clients at once "
          f"(the steps one after another; a real day overlaps them)")
    print(f"server time (sum of Server-Timing over the day's requests): {server_ms / 60000:.1f} min; "
          f"trivial request (me): {me_rate:.0f}/s, server p50 {me_p50:.1f} ms")
    print(f"CPU during the day: menkyo serve {app_cpu / 60:.1f} min, PostgreSQL {db_cpu / 60:.1f} min, this driver "
          f"{driver_cpu / 60:.1f} min; the whole machine {busy / 60:.1f} min of {cores * day_wall / 60:.1f} "
          f"({busy / (cores * day_wall):.0%} busy; other jobs {max(0.0, busy - app_cpu - db_cpu - driver_cpu) / 60:.1f} min)")
    print(f"load average: {' '.join(loadavg_before)} at the start, {' '.join(loadavg_after)} at the end; 1-min "
          f"samples during the day min {min(loads):.2f} mean {sum(loads) / len(loads):.2f} max {max(loads):.2f}")
    waits = sorted(db.waiting_on.items(), key=lambda kv: -kv[1])[:3]
    total_waits = sum(db.waiting_on.values()) or 1
    print("statements waiting for a lock (samples every 0.2 s): " + ("; ".join(
        f"{n / total_waits:.0%} {query}" for query, n in waits) or "none"))
    server_cpu = (app_cpu + db_cpu) / 60
    print(f"a day of {len(people):,} applicants takes {server_cpu:.1f} minutes of server CPU (application + "
          f"PostgreSQL); ten centres: {10 * server_cpu:.0f} CPU-minutes, {10 * server_cpu / cores:.0f} minutes on "
          f"these {cores} cores at full use = {10 * server_cpu / cores / 480:.0%} of an 8-hour day")
    print(json.dumps({
        "holders": holders, "applicants": len(people), "handed_over": handed, "dropped": dropped,
        "day_wall_s": round(day_wall, 1), "server_time_s": round(server_ms / 1000, 1),
        "cpu_s": {"app": round(app_cpu, 1), "db": round(db_cpu, 1), "driver": round(driver_cpu, 1),
                  "machine": round(busy, 1)},
        "load": {"before": loadavg_before, "after": loadavg_after, "max": max(loads)},
        "steps": {k: {"count": len(s["client"]), "wall_s": round(s["wall"], 2),
                      "server_p50": round(pct(s["server"], 50), 2), "server_p95": round(pct(s["server"], 95), 2),
                      "client_p50": round(pct(s["client"], 50), 2), "client_p95": round(pct(s["client"], 95), 2),
                      "queries_p50": pct(s["queries"], 50), "errors": s["errors"]} for k, s in steps.items()}},
        ensure_ascii=False))


if __name__ == "__main__":
    main()
