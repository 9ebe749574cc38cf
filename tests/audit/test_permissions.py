"""The audit trail's rule ``audit.view_events``: its matrix, and its denial end to end.

The rule takes no record (an auditor's list is scoped to their prefecture by
``visible_to``), so "other" only shows that a 大阪 auditor is allowed too.
Devices hold only 窓口・審査・照会 (NA otherwise).
"""

import pytest

from menkyo.audit import services
from menkyo.audit.actions import Action
from menkyo.core.errors import NotPermitted
from menkyo.core.permissions import REGISTRY, allowed

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

MATRIX = {
    "audit.view_events": [
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
}


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule) is matrix_case.expected


# --- the denial, end to end ---------------------------------------------------------------

DENIAL = REGISTRY["audit.view_events"].denial


def test_an_administrator_is_refused_the_trail_by_the_service(hyogo_admin, expect_one_denial):
    with expect_one_denial("audit.view_events", "audit.event.export"):
        with pytest.raises(NotPermitted) as refused:
            services.authorize_view(hyogo_admin, Action.EVENTS_EXPORT)
    assert refused.value.message == DENIAL


def test_an_inquiry_device_asking_for_the_trail_gets_403_with_the_rules_message(client, make_actor,
                                                                                expect_one_denial):
    device = make_actor("inquiry", "own", "device")
    with expect_one_denial("audit.view_events", "audit.event.view"):
        response = client.get("/api/v1/audit/events", HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "not_permitted", "message": DENIAL, "field": None}


def test_a_decider_opening_the_audit_viewer_gets_403_with_the_rules_message(client, login_as, make_actor,
                                                                            expect_one_denial):
    login_as(client, make_actor("decision"))
    with expect_one_denial("audit.view_events", "audit.event.view"):
        response = client.get("/audit/")
    assert response.status_code == 403
    assert DENIAL in response.content.decode()
