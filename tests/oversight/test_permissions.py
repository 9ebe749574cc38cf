"""The review's rules, a matrix per rule (role × own/other prefecture × operator/device).

Rules without a record decide who may open the review at all; the lists are scoped to the actor's
prefecture by ``visible_to`` (tested in test_services). Rules on a review take one managed by 兵庫
(the inquirer's prefecture). Devices hold only 窓口・審査・照会 (NA otherwise).
"""

from types import SimpleNamespace

import pytest

from menkyo.core.permissions import allowed
from menkyo.core.workflow import REGISTRY as WORKFLOWS

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

MATRIX = {
    "oversight.view_inquiries": [
        #                  operator      device
        # role             own   other   own   other
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          Y,    Y,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # The 監査 role of the inquirer's prefecture only: 兵庫's reviewer judges 兵庫's lookups.
    "oversight.review_inquiry": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          Y,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # The operator's supervisor: 決定 of the same prefecture (the service narrows to the affiliation).
    "oversight.acknowledge_review": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       Y,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "oversight.view_outcomes": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       Y,    Y,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          Y,    Y,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "oversight.manage_watch_list": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          Y,    Y,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
}
RECORDS = {"oversight.review_inquiry": ("review",), "oversight.acknowledge_review": ("review",)}


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    record = SimpleNamespace(prefecture_id="28") if matrix_case.record else None
    assert allowed(actor, matrix_case.rule, record) is matrix_case.expected


def test_the_review_workflows_rules_are_registered():
    assert WORKFLOWS["oversight.review"].check() == []
