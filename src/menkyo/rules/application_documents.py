"""Documents an exam application must carry, by date and the application's facts (pure Python).

Source: ``params/application_documents.yaml`` (道路交通法施行規則第17条; counter-facts §3.1;
law-rules §17 for the 2025-10-01 change: a 住民票 for every new applicant).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params


@dataclass(frozen=True, slots=True)
class Facts:
    """What decides the documents: does the applicant hold a licence, are they a foreign national,
    do they come from a school (卒業証明書) or by the 仮免許 route (本免)."""

    holder: bool
    foreign_national: bool
    school_graduate: bool = False
    provisional_route: bool = False


@dataclass(frozen=True, slots=True)
class Requirement:
    code: str
    label: str
    reference: str
    assumption: bool


def _applies(when: str, facts: Facts) -> bool:
    return {
        "always": True,
        "new_applicant": not facts.holder,
        "new_japanese_applicant": not facts.holder and not facts.foreign_national,
        "holder": facts.holder,
        "foreign_national": facts.foreign_national,
        "school_graduate": facts.school_graduate,
        "provisional_route": facts.provisional_route,
    }[when]


def required_documents(day: date, facts: Facts) -> list[Requirement]:
    """The documents an application received on ``day`` must carry, in the table's order."""
    entry = params.in_force("application_documents", day)
    return [
        Requirement(row["code"], row["label"], entry.reference, entry.assumption)
        for row in entry.value
        if _applies(row["when"], facts)
    ]
