"""Query-count baselines (NetBox style) for every page and API read that shows a holder.

The holder has two kinds, a provisional licence and a history of several
changes, so a query per row (N+1) would push a count over its baseline. Counts
are the same on SQLite and PostgreSQL. An audited read always costs the audit
append: SAVEPOINT, UPDATE chain head seq, SELECT head, INSERT event, UPDATE head
hash, RELEASE (6). Every operator request costs the session SELECT and the user
SELECT, and SAVEPOINT + session UPDATE + RELEASE at the end (the session is saved
on every request); pages add the OTP device SELECT (SecondFactorMiddleware) and
the prefecture SELECT of the navigation. A device costs its SELECT and the UPDATE
of last_used_at instead.
"""

from datetime import date

import pytest

from menkyo.core.actors import SystemActor
from menkyo.registry import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(holder_data, make_operator):
    """A 兵庫 holder with two kinds, a provisional licence and four history events."""
    officer = make_operator("setup_officer", ["case_officer"])
    licence = services.register_holder(
        SystemActor("test"), dict(holder_data, kinds={"普通": date(2000, 8, 1), "普自二": date(2001, 4, 1)})
    )
    services.register_provisional_licence(officer, licence.person_id, "中型仮", issue_date=date(2026, 4, 1))
    services.change_particulars(officer, licence.person_id, {"alias": "ヤマ"}, reason="通称名の届出",
                                expected_version=1)
    services.change_particulars(officer, licence.person_id, {"alias": "ヤマタロ"}, reason="通称名の届出",
                                expected_version=2)
    return licence


@pytest.fixture
def counter_client(client, login_as, hyogo_counter):
    return login_as(client, hyogo_counter)


def test_the_licence_page_stays_within_its_query_baseline(counter_client, holder, django_assert_max_num_queries):
    # session, user, OTP device; licence + its commissions and prefecture (one JOIN), kinds held,
    # the actor's affiliation; audit append (6); the navigation's prefecture; provisional
    # licences, history; session save (3)  = 18
    with django_assert_max_num_queries(18):
        response = counter_client.get(f"/registry/licences/{holder.number}/?purpose=窓口事務")
    # The holder's 普通 of 2000 is held as the card shows it: 中型（8t限定） (law-rules §6.3).
    assert response.status_code == 200 and "中型自動車免許" in response.content.decode()


def test_the_change_of_particulars_page_stays_within_its_query_baseline(counter_client, holder,
                                                                        django_assert_max_num_queries):
    # session, user, OTP device; person, the actor's affiliation, the current licence;
    # audit append (6); the navigation's prefecture; session save (3)  = 16
    with django_assert_max_num_queries(16):
        response = counter_client.get(f"/registry/persons/{holder.person_id}/particulars/")
    assert response.status_code == 200


def test_reading_a_licence_over_the_api_stays_within_its_query_baseline(counter_client, holder,
                                                                        django_assert_max_num_queries):
    # session, user; licence (one JOIN), kinds held, the actor's affiliation; audit append (6);
    # session save (3)  = 14
    with django_assert_max_num_queries(14):
        response = counter_client.get(f"/api/v1/licences/{holder.number}?purpose=窓口事務")
    assert response.status_code == 200 and len(response.json()["kinds"]) == 2


def test_reading_a_person_over_the_api_stays_within_its_query_baseline(counter_client, holder,
                                                                       django_assert_max_num_queries):
    # session, user; person, the actor's affiliation, the current licence (home prefecture);
    # audit append (6); session save (3)  = 14
    with django_assert_max_num_queries(14):
        response = counter_client.get(f"/api/v1/persons/{holder.person_id}?purpose=窓口事務")
    assert response.status_code == 200


def test_changing_particulars_over_the_api_stays_within_its_query_baseline(counter_client, holder,
                                                                           django_assert_max_num_queries):
    # session, user; person, the actor's affiliation, the current licence; SAVEPOINT,
    # UPDATE person where the version is the expected one, audit append (6), INSERT history, RELEASE;
    # session save (3)  = 18 (the version-checked UPDATE replaced UPDATE licence version + UPDATE person)
    with django_assert_max_num_queries(18):
        response = counter_client.patch(f"/api/v1/persons/{holder.person_id}",
                                        {"alias": "タロ", "reason": "通称名の届出", "expected_version": 3},
                                        content_type="application/json")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "baseline"),
    [
        # device (its affiliation JOINed), UPDATE last_used_at; licence, kinds held; audit append (6)  = 10
        ("/api/v1/licences/{number}", 10),
        # device, UPDATE last_used_at; person, the current licence; audit append (6)  = 10
        ("/api/v1/persons/{person_id}", 10),
    ],
)
def test_a_device_reading_a_holder_stays_within_the_query_baseline(client, make_actor, holder, path, baseline,
                                                                   django_assert_max_num_queries):
    device = make_actor("counter", "own", "device")
    url = path.format(number=holder.number, person_id=holder.person_id) + "?purpose=窓口事務"
    with django_assert_max_num_queries(baseline):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 200
