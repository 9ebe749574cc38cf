"""The 外字 rules (system map 2-12), a matrix per rule. The register is one for the system: neither
rule is scoped to a prefecture, so "other" actors (大阪 27-001) are allowed as "own" ones are. The
外字端末 is a device (業務端末) holding the 「審査」 role."""

import pytest
from tests.conftest import matrix_rows

from menkyo.core.permissions import allowed

pytestmark = pytest.mark.django_db

MATRIX = {
    "gaiji.register_glyph": matrix_rows("case_officer", "decision", anywhere=True),
    "gaiji.look_up_glyph": matrix_rows("counter", "case_officer", "decision", "inquiry", anywhere=True),
}


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule) is matrix_case.expected
