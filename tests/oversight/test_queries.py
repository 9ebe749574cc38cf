"""Query-count baselines of the review's pages that show holders (NetBox style): the report, the person
report and the drill-down stay flat however many lookups they list (no query per row)."""

import pytest

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(client, login_as, hyogo_auditor):
    return login_as(client, hyogo_auditor)


def many(world, lookup, n):
    clerk = world.operators[1]
    return [lookup(clerk, world.people[i % 20], at(world.day, 21, i % 60)) for i in range(n)]


def count(auditor_client, url, django_assert_max_num_queries, baseline):
    with django_assert_max_num_queries(baseline) as captured:
        assert auditor_client.get(url).status_code == 200
    return len(captured)


def test_the_report_page_does_not_grow_with_its_rows(auditor_client, world, lookup, django_assert_max_num_queries):
    scope = world.scope()
    url = f"/oversight/reports/off_hours/?start={scope.start}&end={scope.end}"
    many(world, lookup, 5)
    small = count(auditor_client, url, django_assert_max_num_queries, 30)
    many(world, lookup, 40)
    assert count(auditor_client, url, django_assert_max_num_queries, 30) == small


def test_the_person_report_does_not_grow_with_its_rows(auditor_client, world, lookup, django_assert_max_num_queries):
    url = f"/oversight/persons/{world.people[0].pk}/"
    small = count(auditor_client, url, django_assert_max_num_queries, 25)
    many(world, lookup, 60)
    assert count(auditor_client, url, django_assert_max_num_queries, 25) == small


def test_the_drill_down_stays_within_its_baseline(auditor_client, world, lookup, django_assert_max_num_queries):
    inquiry = many(world, lookup, 1)[0]
    count(auditor_client, f"/oversight/inquiries/{inquiry.pk}/", django_assert_max_num_queries, 25)
