"""Licence kinds (免許の種類) as facts, law-rules §6.1–§6.3 (pure Python, no Django).

``params/licence_kinds.yaml`` is the one source of the kinds: the registry's
code master (``LicenceKind``, loaded by a data migration), the assessment's
list of kinds and the synthetic register (``menkyo seed``) all read it
through this module.

- :func:`licence_kinds` — one :class:`KindFact` per kind, in display order:
  exactly the fields of the code master.
- :data:`KIND_CODES` — the card labels (codes) in display order.
- :func:`requirement` — the application requirement of a kind in force on a
  date (law-rules §6.2; :class:`RulesError` ``no_table_in_force`` before it).
- :func:`deemed_conditions` — the conditions printed for a deemed licence
  (old 普通 → 中型8t / 準中型5t, law-rules §6.3, §9), from
  ``params/licence_conditions.yaml``; :func:`condition_text` for the other
  printed texts.
- :func:`as_on_card` — the kinds as the card (and the register) shows them:
  an old 普通 becomes the deemed kind with its limit (中型（8t限定）) and the
  普通's date; :func:`deemed_as` — which deemed licence a limited kind held
  since a date is (the engine's ``licences[].limited`` input).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from menkyo.rules import params


@dataclass(frozen=True, slots=True)
class KindFact:
    """One licence kind as the code master holds it (registry ``LicenceKind``)."""

    code: str  # card label: 普通
    name: str  # formal name: 普通自動車免許
    category: str  # first | second | provisional
    min_age: int | None  # minimum age today; None when UNCONFIRMED (仮免許 but 普通仮)
    introduced_on: date | None  # the day the kind was created (中型 2007-06-02 …)
    display_order: int
    reference: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """What an applicant for a kind needs on a date (law-rules §6.2).

    ``experience_kinds`` held for ``experience_years`` (counted from the
    earliest of them), or holding one of ``or_holds`` instead; and one of
    ``requires_any`` in any case (けん引).
    """

    kind: str
    min_age: int
    experience_kinds: tuple[str, ...]
    experience_years: int | None
    or_holds: tuple[str, ...]
    requires_any: tuple[str, ...]
    reference: str
    assumption: bool
    min_age_months: int = 0  # months on top of ``min_age`` (仮免許 from 2026-04-01: 17 years 6 months)


@cache
def licence_kinds() -> tuple[KindFact, ...]:
    """Every kind, in display order (the registry's ``LicenceKind`` rows)."""
    found = params.table("licence_kinds")
    default_reference = str(found.meta["master_reference"])
    facts = []
    for code, row in found.rows.items():
        master = row.get("master") or {}
        latest = row["requirements"].entries[-1].value
        min_age = master["min_age"] if "min_age" in master else latest["min_age"]
        facts.append(KindFact(
            code=code,
            name=str(row["name"]),
            category=str(row["category"]),
            min_age=None if min_age is None else int(min_age),
            introduced_on=row.get("introduced"),
            display_order=int(row["display_order"]),
            reference=str(master.get("reference", default_reference)),
        ))
    return tuple(sorted(facts, key=lambda fact: fact.display_order))


KIND_CODES: tuple[str, ...] = tuple(fact.code for fact in licence_kinds())


def kind(code: str) -> KindFact:
    """The kind with card label ``code`` (``KeyError`` when there is none)."""
    return _by_code()[code]


@cache
def _by_code() -> dict[str, KindFact]:
    return {fact.code: fact for fact in licence_kinds()}


def requirement(code: str, day: date) -> Requirement:
    """The requirement to apply for kind ``code`` in force on ``day`` (law-rules §6.2).

    Before the first rule of the kind (law-rules has none earlier) this is a
    :class:`RulesError` ``no_table_in_force``. The 受験資格特例 route
    (law-rules §4.2) is not part of it: see :mod:`menkyo.rules.eligibility`.
    """
    row = params.table("licence_kinds").rows[code]
    entry = row["requirements"].at(day)
    value = entry.value
    experience = value.get("experience") or {}
    return Requirement(
        kind=code,
        min_age=int(value["min_age"]),
        experience_kinds=tuple(experience.get("kinds") or ()),
        experience_years=experience.get("years"),
        or_holds=tuple(value.get("or_holds") or ()),
        requires_any=tuple(value.get("requires_any") or ()),
        reference=str(entry.reference),
        assumption=entry.assumption,
        min_age_months=int(value.get("min_age_months") or 0),
    )


# --- printed conditions (免許の条件等, law-rules §9) ----------------------------------


@dataclass(frozen=True, slots=True)
class DeemedLicence:
    """An old licence deemed to be a limited newer kind (law-rules §6.3).

    A ``kind`` licence acquired from ``acquired_from`` (None: any earlier day)
    through ``acquired_until`` is deemed ``deemed`` with the printed
    ``condition``, unless the holder also holds one of ``lifted_by``.
    """

    code: str
    kind: str
    acquired_from: date | None
    acquired_until: date
    deemed: str
    limit: str  # shown with the kind: 8t → 中型（8t限定）
    condition: str
    lifted_by: frozenset[str]
    reference: str

    def covers_date(self, acquired: date) -> bool:
        """Whether a ``kind`` licence acquired on ``acquired`` is deemed (law-rules §6.3)."""
        return acquired <= self.acquired_until and (self.acquired_from is None or acquired >= self.acquired_from)

    @property
    def in_force_from(self) -> date:
        """The day the deemed kind was created (中型 2007-06-02, 準中型 2017-03-12)."""
        return self.acquired_until + timedelta(days=1)


def condition_text(code: str) -> str:
    """The printed text of condition ``code`` (``glasses`` → 眼鏡等), law-rules §9."""
    return str(params.table("licence_conditions").rows[code]["text"])


@cache
def deemed_licences() -> tuple[DeemedLicence, ...]:
    """The deemed licences of law-rules §6.3 (中型8t, 準中型5t), in file order."""
    found = []
    for code, row in params.table("licence_conditions").rows.items():
        deemed = row.get("deemed")
        if not deemed:
            continue
        found.append(DeemedLicence(
            code=code,
            kind=str(deemed["kind"]),
            acquired_from=deemed.get("acquired_from"),
            acquired_until=deemed["acquired_until"],
            deemed=str(deemed["as"]),
            limit=str(deemed["limit"]),
            condition=str(row["text"]),
            lifted_by=frozenset(deemed["lifted_by"]),
            reference=str(row["reference"]),
        ))
    return tuple(found)


def deemed_held(held: Mapping[str, date]) -> list[DeemedLicence]:
    """The deemed licences of the kinds ``held`` (kind → acquired), law-rules §6.3.

    ``held`` is in the old shape (the 普通 with its date). A deemed licence is
    not limited (and so not listed) when the holder also holds one of its
    ``lifted_by`` kinds.
    """
    found = []
    for deemed in deemed_licences():
        acquired = held.get(deemed.kind)
        if acquired is None or deemed.lifted_by & held.keys():
            continue
        if deemed.covers_date(acquired):
            found.append(deemed)
    return found


def deemed_conditions(held: Mapping[str, date]) -> list[str]:
    """The deemed-licence conditions printed for the kinds ``held`` (kind → acquired)."""
    return [deemed.condition for deemed in deemed_held(held)]


def as_on_card(held: Mapping[str, date]) -> list[tuple[str, date, str]]:
    """The kinds ``held`` (kind → acquired, old shape) as the card shows them: (kind, acquired, limit).

    An old 普通 that is deemed (law-rules §6.3) is the deemed kind with its
    limit and the 普通's date — ``{"普通": 1995-07-01}`` → ``[("中型", 1995-07-01,
    "8t")]``; every other kind is itself with no limit (""). In display order.
    """
    deemed = {d.kind: d for d in deemed_held(held)}
    found: list[tuple[str, date, str]] = []
    for code, acquired in held.items():
        d = deemed.get(code)
        found.append((d.deemed, acquired, d.limit) if d else (code, acquired, ""))
    order = {fact.code: fact.display_order for fact in licence_kinds()}
    return sorted(found, key=lambda row: (order.get(row[0], 99), row[0]))


def deemed_as(code: str, acquired: date) -> DeemedLicence | None:
    """The deemed licence that a limited ``code`` licence held since ``acquired`` is, if any.

    ``("中型", 1995-07-01)`` → the 8t deemed licence; ``("中型", 2010-01-01)`` →
    None (a 中型 of that date is not a deemed one).
    """
    for deemed in deemed_licences():
        if deemed.deemed == code and deemed.covers_date(acquired):
            return deemed
    return None



# --- what a licence covers (法 §85, law-rules §6.1, §17) ------------------------------------


def covers(code: str, day: date) -> tuple[str, ...]:
    """The vehicles a ``code`` licence drives on ``day`` (law-rules §6.1; dated for 原付, §17).

    ``covers`` in licence_kinds.yaml is a list, or a dated series (原付: from
    2025-04-01 also the 新基準原付). A kind listing 原付 covers what the 原付 row
    says on ``day``: ``covers("普通", date(2025, 4, 1))`` includes 新基準原付.
    Before the 原付 row's first entry this is ``no_table_in_force``.
    """
    rows = params.table("licence_kinds").rows
    found: list[str] = []
    for item in _own_covers(rows[code], day):
        if item in rows and item != code and isinstance(rows[item]["covers"], params.Series):
            found += [c for c in _own_covers(rows[item], day) if c not in found]
        elif item not in found:
            found.append(item)
    return tuple(found)


def _own_covers(row: dict[str, object], day: date) -> list[str]:
    value = row["covers"]
    if isinstance(value, params.Series):
        return [str(v) for v in value.at(day).value]
    assert isinstance(value, list)
    return [str(v) for v in value]
