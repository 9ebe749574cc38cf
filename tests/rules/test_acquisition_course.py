"""取得時講習 before issue (規程第13条第7項): which kinds need a course certificate, and which courses count."""

from datetime import date

import pytest

from menkyo.rules.acquisition_course import required_course
from menkyo.rules.errors import RulesError

DAY = date(2026, 11, 27)


@pytest.mark.parametrize(("kind", "courses"), [
    ("普通", ("普通車講習",)), ("準中型", ("準中型車講習",)), ("大自二", ("二輪車講習",)), ("普自二", ("二輪車講習",)),
    ("原付", ("原付講習",)), ("普二", ("旅客車講習",)),
])
def test_the_kinds_the_regulation_lists_need_their_course(kind, courses):
    found = required_course(kind, DAY)
    assert found.courses == courses and "規程第13条第7項" in found.reference and found.assumption


@pytest.mark.parametrize("kind", ["大特", "小特", "けん引", "大特二", "けん引二"])
def test_the_other_kinds_need_none(kind):
    assert required_course(kind, DAY) is None


def test_before_the_table_nothing_is_in_force():
    with pytest.raises(RulesError) as err:
        required_course("普通", date(2017, 3, 11))
    assert err.value.code == "no_table_in_force"
