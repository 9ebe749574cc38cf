"""The counter rules (申請の受理, 規程第3条・第4条), a matrix per rule. The record of an own-prefecture
rule stands in as the 兵庫 office 28-001 (an application received there); "other" actors belong to
大阪 27-001. Rules limited to device kinds also have a row per device kind."""

import pytest

from menkyo.core.models import Affiliation
from menkyo.core.permissions import REGISTRY, allowed

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

COUNTER_STAFF = [
    #                  operator      device
    # role             own   other   own   other
    ("counter",        Y,    N,      Y,    N),
    ("case_officer",   Y,    N,      Y,    N),
    ("decision",       N,    N,      NA,   NA),
    ("inquiry",        N,    N,      N,    N),
    ("audit",          N,    N,      NA,   NA),
    ("admin",          N,    N,      NA,   NA),
    ("examiner",       N,    N,      NA,   NA),
]
# Counter staff as people; devices only by kind (DEVICE_KIND_MATRIX).
COUNTER_STAFF_PEOPLE = [
    ("counter",        Y,    N,      N,    N),
    ("case_officer",   Y,    N,      N,    N),
    ("decision",       N,    N,      NA,   NA),
    ("inquiry",        N,    N,      N,    N),
    ("audit",          N,    N,      NA,   NA),
    ("admin",          N,    N,      NA,   NA),
    ("examiner",       N,    N,      NA,   NA),
]
NOBODY_BUT_DEVICES = [
    ("counter",        N,    N,      N,    N),
    ("case_officer",   N,    N,      N,    N),
    ("decision",       N,    N,      NA,   NA),
    ("inquiry",        N,    N,      N,    N),
    ("audit",          N,    N,      NA,   NA),
    ("admin",          N,    N,      NA,   NA),
    ("examiner",       N,    N,      NA,   NA),
]
# Whoever reads an application prints its forms (申請書, 領収書, and the 通知書 of one not accepted).
READERS = [
    ("counter",        Y,    N,      Y,    N),
    ("case_officer",   Y,    N,      Y,    N),
    ("decision",       Y,    N,      NA,   NA),
    ("inquiry",        N,    N,      N,    N),
    ("audit",          N,    N,      NA,   NA),
    ("admin",          N,    N,      NA,   NA),
    ("examiner",       Y,    N,      NA,   NA),
]
MATRIX = {
    "counter.receive_application": COUNTER_STAFF,
    "counter.record_payment": COUNTER_STAFF,
    "counter.withdraw_application": COUNTER_STAFF,
    "counter.attach_photo": COUNTER_STAFF,
    "counter.view_applications": READERS,
    "counter.issue_refusal_notice": READERS,
    # Lists admit the roles; the queryset shows the prefecture's applications only.
    "counter.list_applications": [
        ("counter",        Y,    Y,      Y,    Y),
        ("case_officer",   Y,    Y,      Y,    Y),
        ("decision",       Y,    Y,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       Y,    Y,      NA,   NA),
    ],
    "counter.submit_school_application": NOBODY_BUT_DEVICES,
    "counter.register_graduation_certificate": COUNTER_STAFF_PEOPLE,
    # Renewal (規程第16条; 第17条の3・第17条の4).
    "counter.receive_renewal": COUNTER_STAFF,
    "counter.receive_early_renewal": COUNTER_STAFF,
    "counter.receive_after_hours_renewal": COUNTER_STAFF,
    "counter.receive_lapsed_application": COUNTER_STAFF,
    "counter.record_lecture": COUNTER_STAFF,
    "counter.register_elderly_check": COUNTER_STAFF_PEOPLE,
    "counter.view_elderly_checks": READERS,
    # 経由申請 (規程第17条の2): received from a holder of another prefecture (the record is the licence, never
    # the receiving prefecture's); sent by the 経由地, accepted by the 住所地; the 管理表 scoped by its queryset.
    "counter.receive_via_renewal": [
        ("counter",        Y,    Y,      Y,    Y),
        ("case_officer",   Y,    Y,      Y,    Y),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "counter.send_via_renewal": COUNTER_STAFF,
    "counter.accept_via_renewal": COUNTER_STAFF,
    "counter.return_via_renewal": COUNTER_STAFF,  # the 住所地 (the row's prefecture while it is 送付済)
    "counter.view_via_renewals": [
        ("counter",        Y,    Y,      Y,    Y),
        ("case_officer",   Y,    Y,      Y,    Y),
        ("decision",       Y,    Y,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       Y,    Y,      NA,   NA),
    ],
}
ONLY_SCHOOLS = [
    ("card_printer", N, N), ("kiosk", N, N), ("omr", N, N), ("endorsement", N, N), ("terminal", N, N),
    ("other", N, N), ("school", Y, N), ("scoring", N, N), ("question_authoring", N, N), ("pass_board", N, N),
    ("onestop", N, N), ("other_system", N, N),
]
DEVICE_KIND_MATRIX = {
    "counter.submit_school_application": ONLY_SCHOOLS,
    "counter.register_graduation_certificate": ONLY_SCHOOLS,
    "counter.register_elderly_check": ONLY_SCHOOLS,
}


@pytest.fixture
def record():
    return Affiliation.objects.get(code="28-001")


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor, record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, record) is device_kind_case.expected


def test_a_school_terminal_in_another_prefecture_is_told_about_the_prefecture_not_its_kind(make_device, record):
    device = make_device("school", "other")
    rule = REGISTRY["counter.submit_school_application"]
    assert rule.denial_for(device) == rule.denial_other_prefecture
    assert REGISTRY["counter.submit_school_application"].denial_for(make_device("omr", "own")) == rule.denial
