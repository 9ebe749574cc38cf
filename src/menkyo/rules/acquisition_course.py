"""取得時講習 (道路交通法第108条の2第1項第4号〜第8号), pure Python: the kinds whose licence is issued
only after the 講習終了証明書 of every listed course is shown (規程第13条第7項). The table is
``exam_standards.acquisition_course`` (:func:`menkyo.rules.exam_standards.acquisition_courses`); a
卒業証明書 within its year waives the courses (:mod:`menkyo.rules.graduation`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules.exam_standards import acquisition_courses


@dataclass(frozen=True, slots=True)
class CourseRequirement:
    """A ``kind`` licence is issued after a certificate of each of ``courses`` is shown."""

    kind: str
    courses: tuple[str, ...]
    reference: str
    assumption: bool


def required_course(kind: str, day: date) -> CourseRequirement | None:
    """The courses a ``kind`` licence issued on ``day`` needs, or None when it needs none."""
    found = acquisition_courses(kind, day)
    if not found.value:
        return None
    return CourseRequirement(kind, tuple(found.value), found.reference, found.assumption)
