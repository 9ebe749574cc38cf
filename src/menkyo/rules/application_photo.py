"""The 申請用写真 (pure Python): its size, how recent it must be and how it must show the applicant
(``params/application_photo.yaml``; 道路交通法施行規則第17条第2項第9号; counter-facts §3.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params
from menkyo.rules.dates import months_after


@dataclass(frozen=True, slots=True)
class PhotoStandard:
    """The photo the law asks for on a day: 縦 ``height_mm`` × 横 ``width_mm``, taken within
    ``taken_within_months`` months before the application, showing what ``requirements`` list."""

    height_mm: int
    width_mm: int
    taken_within_months: int
    requirements: tuple[str, ...]
    reference: str
    assumption: bool

    @property
    def law(self) -> str:
        """The provision alone (the reference without its sources), as pages show it."""
        return self.reference.split(";")[0].strip()

    @property
    def aspect(self) -> float:
        """Height over width of the printed photo (30 / 24 = 1.25: portrait)."""
        return self.height_mm / self.width_mm

    def earliest_taken_on(self, applied_on: date) -> date:
        """The first day a photo may have been taken for an application of ``applied_on``."""
        return months_after(applied_on, -self.taken_within_months)


def photo_standard(day: date) -> PhotoStandard:
    """The 申請用写真 standard in force on ``day``."""
    entry = params.in_force("application_photo", day)
    value = entry.value
    return PhotoStandard(value["height_mm"], value["width_mm"], value["taken_within_months"],
                         tuple(value["requirements"]), entry.reference, entry.assumption)
