"""取得時講習 (道路交通法第108条の2第1項第4号〜第8号), pure Python: the kinds whose licence is issued
only after the 講習終了証明書 is shown (規程第13条第7項) and the courses that count
(``params/acquisition_course.yaml``; counter-facts §2.5). A 卒業証明書 within its year waives the
course (:mod:`menkyo.rules.graduation`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params


@dataclass(frozen=True, slots=True)
class CourseRequirement:
    """A ``kind`` licence is issued after a certificate of one of ``courses`` is shown."""

    kind: str
    courses: tuple[str, ...]
    reference: str
    assumption: bool


def required_course(kind: str, day: date) -> CourseRequirement | None:
    """The course a ``kind`` licence issued on ``day`` needs, or None when it needs none."""
    entry = params.in_force("acquisition_course", day)
    courses = entry.value["courses"].get(kind)
    if courses is None:
        return None
    return CourseRequirement(kind, tuple(courses), entry.reference, entry.assumption)
