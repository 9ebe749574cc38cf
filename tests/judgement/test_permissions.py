"""The law engine's rule ``judgement.evaluate_rules``: its matrix, and its denial end to end.

The rule takes no record (an evaluation reads no holder), so "other" only
shows that the actor's prefecture does not matter. Devices hold only
窓口・審査・照会 (NA otherwise).
"""

import json

import pytest

from menkyo.core.errors import NotPermitted
from menkyo.core.permissions import REGISTRY, allowed
from menkyo.judgement import services

pytestmark = pytest.mark.django_db

Y, N, NA = True, False, None

MATRIX = {
    "judgement.evaluate_rules": [
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
}


def test_each_role_in_each_prefecture_is_allowed_or_denied_as_the_matrix_says(matrix_case, make_actor):
    actor = make_actor(matrix_case.role, matrix_case.prefecture, matrix_case.actor_kind)
    assert allowed(actor, matrix_case.rule) is matrix_case.expected


# --- the denial, end to end ---------------------------------------------------------------

DENIAL = REGISTRY["judgement.evaluate_rules"].denial
NUMBER = json.dumps({"number": "459803358720"})


def test_an_auditor_evaluating_through_the_service_is_refused(hyogo_auditor, expect_one_denial):
    with expect_one_denial("judgement.evaluate_rules", "judgement.rules.licence_number"):
        with pytest.raises(NotPermitted) as refused:
            services.evaluate_text(hyogo_auditor, "licence-number", NUMBER, channel="test")
    assert refused.value.message == DENIAL


def test_an_administrator_posting_to_the_rules_api_gets_403_with_the_rules_message(client, login_as, hyogo_admin,
                                                                                   expect_one_denial):
    login_as(client, hyogo_admin, verified=True)
    with expect_one_denial("judgement.evaluate_rules", "judgement.rules.licence_number"):
        response = client.post("/api/v1/rules/licence-number", NUMBER, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"
    assert response.json()["error"]["message"] == DENIAL


def test_an_auditor_opening_the_simulator_gets_403_with_the_rules_message(client, login_as, hyogo_auditor,
                                                                          expect_one_denial):
    login_as(client, hyogo_auditor)
    with expect_one_denial("judgement.evaluate_rules", "judgement.simulator.open"):
        response = client.get("/rules/simulator/")
    assert response.status_code == 403
    assert DENIAL in response.content.decode()
