"""Query-count baseline of the operator list (NetBox style).

Same on SQLite and PostgreSQL. Several operators in several offices, so a
query per row (N+1) would push the count over the baseline.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_operator_list_stays_within_its_query_baseline(client, login_as, make_operator, hyogo_admin,
                                                           django_assert_max_num_queries):
    for i, (affiliation, roles) in enumerate([("28-001", ["counter"]), ("28-002", ["case_officer", "inquiry"]),
                                              ("28-101", ["inquiry"]), ("28-002", ["audit"]),
                                              ("27-001", ["counter"])]):
        make_operator(f"staff_{i}", roles, affiliation)
    login_as(client, hyogo_admin, verified=True)
    # session, user, OTP device; the admin's affiliation; the operators with their affiliation
    # and prefecture (one JOIN); which of them are locked out (one, for all); the navigation's
    # prefecture; session save (SAVEPOINT, UPDATE, RELEASE)  = 10
    with django_assert_max_num_queries(10):
        response = client.get(reverse("accounts:operator_list"))
    assert response.status_code == 200 and len(response.context["operators"]) == 5
