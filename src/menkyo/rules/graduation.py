"""The 卒業証明書 of a 指定自動車教習所 (pure Python): valid one year from the 卒業検定 pass date,
waiving the 技能試験 and the 取得時講習 (``params/graduation_certificate.yaml``; counter-facts §2.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from menkyo.rules import params
from menkyo.rules.dates import add_years


@dataclass(frozen=True, slots=True)
class CertificateValidity:
    valid: bool
    last_day: date  # the last day it may be used
    waives: tuple[str, ...]  # "skill", "acquisition_course"
    reference: str


def certificate_validity(passed_on: date, day: date) -> CertificateValidity:
    """Whether a certificate whose 卒業検定 was passed on ``passed_on`` counts on ``day``."""
    entry = params.in_force("graduation_certificate", passed_on)
    last_day = add_years(passed_on, entry.value["valid_years"]) - timedelta(days=1)
    return CertificateValidity(passed_on <= day <= last_day, last_day, tuple(entry.value["waives"]), entry.reference)
