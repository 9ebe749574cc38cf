"""The rules of the renewal of a suspended licence (``cards.suspended_renewal``), a matrix per rule: keeping the
renewed card and giving it back are for 「窓口」「審査」 of the licence's prefecture, never a device. The record
stands in as the 兵庫 office 28-001; "other" actors belong to 大阪 27-001."""

import pytest
from tests.conftest import matrix_rows

from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed

pytestmark = pytest.mark.django_db

MATRIX = {
    "cards.keep_renewed_card": matrix_rows("counter", "case_officer", devices_by_role=False),
    "cards.return_kept_card": matrix_rows("counter", "case_officer", devices_by_role=False),
}


@pytest.fixture
def record():
    return Affiliation.objects.get(code="28-001")


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, record) is matrix_case.expected
