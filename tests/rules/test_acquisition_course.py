"""取得時講習 before issue (規程第13条第7項): which kinds need a course certificate, and which courses count."""

from datetime import date

import pytest

from menkyo.rules.acquisition_course import required_course

DAY = date(2026, 11, 27)


@pytest.mark.parametrize(("kind", "courses"), [
    ("普通", ("普通車講習",)), ("準中型", ("準中型車講習",)), ("大自二", ("二輪車講習", "応急救護処置講習")),
    ("普自二", ("二輪車講習", "応急救護処置講習")), ("原付", ("原付講習",)), ("普二", ("旅客車講習", "応急救護処置講習")),
])
def test_the_kinds_the_regulation_lists_need_their_course(kind, courses):
    found = required_course(kind, DAY)
    assert found.courses == courses and "規程第13条第7項" in found.reference and found.assumption


@pytest.mark.parametrize("kind", ["大特", "小特", "けん引", "大特二", "けん引二"])
def test_the_other_kinds_need_none(kind):
    assert required_course(kind, DAY) is None
