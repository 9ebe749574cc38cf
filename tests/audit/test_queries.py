"""Query-count baseline of the audit viewer (NetBox style): one page of 50 events.

Same on SQLite and PostgreSQL. 60 events, so a query per row (N+1) would
push the count far over the baseline.
"""

import pytest
from django.urls import reverse

from menkyo.audit import recorder

pytestmark = pytest.mark.django_db


def test_the_audit_viewer_list_stays_within_its_query_baseline(auditor_client, hyogo_counter,
                                                               django_assert_max_num_queries):
    for i in range(60):
        recorder.record(hyogo_counter, "registry.person.read", person_id=i + 1, subject_prefecture="28",
                        purpose="窓口事務")
    # session, user, OTP device; the auditor's affiliation; COUNT and one page of events;
    # the audit append of the view itself (SQLite: UPDATE head seq, SELECT head, INSERT,
    # UPDATE head hash; PostgreSQL: one statement); the navigation's prefecture; session save
    # (SAVEPOINT, UPDATE, RELEASE)  = 14 on SQLite, 11 on PostgreSQL
    with django_assert_max_num_queries(14):
        response = auditor_client.get(reverse("audit:event_list"))
    assert response.status_code == 200 and len(response.context["page"].object_list) == 50
