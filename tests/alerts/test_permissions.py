"""The alert rules (手配, 規程第46条・第47条), a matrix per rule. The record of the own-prefecture rules
is a 兵庫 alert (or, to request, the 兵庫 office 28-001); "other" actors belong to 大阪 27-001.

The rule lets a 審査 device approve; the service refuses every device (a person decides), see
test_services.test_a_device_cannot_approve."""

from datetime import timedelta

import pytest
from django.utils import timezone

from menkyo.alerts import services
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.core.permissions import allowed
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

STAFF_OWN = [
    #                  operator      device
    # role             own   other   own   other
    ("counter",        N,    N,      N,    N),
    ("case_officer",   Y,    N,      Y,    N),
    ("decision",       Y,    N,      NA,   NA),
    ("inquiry",        Y,    N,      Y,    N),
    ("audit",          N,    N,      NA,   NA),
    ("admin",          N,    N,      NA,   NA),
    ("examiner",       N,    N,      NA,   NA),
]
STAFF_ANYWHERE = [
    ("counter",        N,    N,      N,    N),
    ("case_officer",   Y,    Y,      Y,    Y),
    ("decision",       Y,    Y,      NA,   NA),
    ("inquiry",        Y,    Y,      Y,    Y),
    ("audit",          N,    N,      NA,   NA),
    ("admin",          N,    N,      NA,   NA),
    ("examiner",       N,    N,      NA,   NA),
]
MATRIX = {
    "alerts.request_alert": STAFF_OWN,
    "alerts.approve_alert": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   Y,    N,      Y,    N),
        ("decision",       Y,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "alerts.release_alert": STAFF_OWN,
    # Only the batch (a system actor) expires alerts.
    "alerts.expire_alert": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   N,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    "alerts.view_alerts": STAFF_OWN,
    # Only the dispositions batch (a system actor) registers a 処分手配 by itself (規程第46条第1項).
    "alerts.register_disposition_alert": [(role, N, N, *(NA if d is NA else N for d in devices))
                                          for role, _, _, *devices in STAFF_OWN],
    # The execution of the case at the counter releases its 処分手配: 窓口 and 審査; devices never.
    "alerts.release_executed_alert": [
        ("counter",        Y,    N,      N,    N),
        ("case_officer",   Y,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # 初心・若年運転者取消手配 (規程第41条の2第2項, 第41条の2の2第2項): 審査 of the prefecture (or the batch); no device.
    "alerts.register_revocation_alert": [
        ("counter",        N,    N,      N,    N),
        ("case_officer",   Y,    N,      N,    N),
        ("decision",       N,    N,      NA,   NA),
        ("inquiry",        N,    N,      N,    N),
        ("audit",          N,    N,      NA,   NA),
        ("admin",          N,    N,      NA,   NA),
        ("examiner",       N,    N,      NA,   NA),
    ],
    # Lists and the inbox admit the roles; the querysets scope them (prefecture; office and own cases).
    "alerts.list_alerts": STAFF_ANYWHERE,
    "alerts.view_notifications": STAFF_ANYWHERE,
}
# The release by the execution is for operators only (device_kinds=()): no device kind may.
DEVICE_KINDS = ("card_printer", "kiosk", "omr", "endorsement", "terminal", "other", "school", "scoring",
                "question_authoring", "pass_board", "onestop", "other_system")
DEVICE_KIND_MATRIX = {"alerts.release_executed_alert": [(kind, False, False) for kind in DEVICE_KINDS],
                      "alerts.register_revocation_alert": [(kind, False, False) for kind in DEVICE_KINDS]}
RECORDS = {
    "alerts.request_alert": ("affiliation",),
    "alerts.approve_alert": ("alert",),
    "alerts.release_alert": ("alert",),
    "alerts.expire_alert": ("alert",),
    "alerts.view_alerts": ("alert",),
    "alerts.register_disposition_alert": ("affiliation",),
    "alerts.release_executed_alert": ("alert",),
    "alerts.register_revocation_alert": ("affiliation",),
}


@pytest.fixture
def matrix_record(request, holder_data):
    params = request.node.callspec.params
    case = params.get("matrix_case") or params["device_kind_case"]
    if case.record is None:
        return None
    if case.record == "affiliation":
        return Affiliation.objects.get(code="28-001")
    licence = registry.register_holder(SystemActor("test"), holder_data)
    return services.request_alert(SystemActor("test"), kind="other", licence_number=licence.number,
                                  reason="所在確認", requesting_affiliation="28-001",
                                  expiry_date=timezone.localdate() + timedelta(days=30))


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor,
                                                                              matrix_record):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule, matrix_record) is matrix_case.expected


def test_each_device_kind_is_allowed_or_denied_as_the_matrix_says(device_kind_case, make_device, matrix_record):
    device = make_device(device_kind_case.device_kind, device_kind_case.prefecture)
    assert allowed(device, device_kind_case.rule, matrix_record) is device_kind_case.expected


def test_the_batch_may_expire():
    assert allowed(SystemActor("task:alerts.expire"), "alerts.expire_alert")


def test_the_batch_may_register_a_disposition_alert():
    assert allowed(SystemActor("task:dispositions.search_expired"), "alerts.register_disposition_alert")


def test_the_batch_may_register_a_revocation_alert():
    assert allowed(SystemActor("task:dispositions.revocation_alerts"), "alerts.register_revocation_alert")
