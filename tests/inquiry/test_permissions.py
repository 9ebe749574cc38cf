"""The inquiry's permission rules, a matrix per rule (no record: the rules decide who may inquire and
whether another prefecture's matches are returned; the scoping itself is tested in test_services)."""

import pytest

from menkyo.core.permissions import allowed

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

MATRIX = {
    "inquiry.make_inquiry": [
        #                  operator      device
        # role             own   other   own   other
        ("counter",        Y,    Y,      Y,    Y),
        ("case_officer",   Y,    Y,      Y,    Y),
        ("decision",       Y,    Y,      NA,   NA),
        ("inquiry",        Y,    Y,      Y,    Y),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # Only 照会 reads every prefecture's holders through the inquiry path (規程第45条).
    "inquiry.see_all_prefectures": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        Y,    Y,      Y,    Y),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
}


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule) is matrix_case.expected
