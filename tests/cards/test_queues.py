"""The office's queues (規程第13条): today's applications, those in the tests, the passed, cards to make,
made, on their way, waiting to be handed over and held — counted and listed in a fixed number of queries."""

import pytest
from tests.cards.conftest import CENTRE, STATION

from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.core.errors import NotFound, NotPermitted
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person

pytestmark = pytest.mark.django_db


def by_key(found):
    return {q.key: (q.count, [row.pk for row in q.rows]) for q in found.queues}


@pytest.fixture
def people(db, holder_data):
    def make(n):
        names = "一二三四五六七八九十百千"
        return [Person.objects.create(**clean_person(dict(holder_data, name=f"明石 {c}郎", name_kana="アカシ")))
                for c in names[:n]]
    return make


def test_a_centre_sees_its_applications_and_cards_in_each_queue(centre_clerk, make_application, people, applicant,
                                                               station_job, produce, officer):
    received, testing, passed = (make_application(p, state=s) for p, s in zip(people(3), ("received", "testing",
                                                                                        "passed"), strict=True))
    found = by_key(services.queues(centre_clerk, CENTRE))
    assert found["received"] == (1, [received.pk]) and found["testing"] == (1, [testing.pk])
    assert found["passed"] == (1, [passed.pk])
    assert found["requested"] == (1, [station_job.pk])  # made here for the station
    produce(station_job)
    assert by_key(services.queues(centre_clerk, CENTRE))["produced"] == (1, [station_job.pk])
    event = AuditEvent.objects.filter(action="cards.job.list").order_by("-seq").first()
    assert event.object_id == CENTRE and event.detail["produced"] == [station_job.pk]


def test_a_station_sees_cards_coming_and_waiting_and_held(station_clerk, centre_clerk, station_job, produce,
                                                         officer):
    produce(station_job)
    services.send_card(centre_clerk, station_job.pk)
    assert by_key(services.queues(station_clerk, STATION))["sent"] == (1, [station_job.pk])
    services.receive_card(station_clerk, station_job.pk)
    assert by_key(services.queues(station_clerk, STATION))["ready"] == (1, [station_job.pk])
    hold = services.report_issue_hold(officer, station_job.person_id, reason="通報")
    found = by_key(services.queues(station_clerk, STATION))
    assert found["ready"] == (0, []) and found["held"] == (1, [station_job.pk])
    services.release_issue_hold(officer, hold.pk, reason="解除")
    assert by_key(services.queues(station_clerk, STATION))["ready"] == (1, [station_job.pk])


def test_a_ready_card_of_a_person_reported_later_is_listed_as_held(station_clerk, centre_clerk, station_job,
                                                                   produce, officer):
    services.report_issue_hold(officer, station_job.person_id, reason="通報")
    produce(station_job)
    services.send_card(centre_clerk, station_job.pk)
    services.receive_card(station_clerk, station_job.pk)
    found = by_key(services.queues(station_clerk, STATION))
    assert found["ready"] == (0, []) and found["held"] == (1, [station_job.pk])


def test_the_queues_take_the_same_queries_for_many_rows(centre_clerk, make_application, people, course,
                                                       django_assert_max_num_queries):
    for person in people(12):
        services.issue_licence(centre_clerk, make_application(person).pk, course_certificates=course)
        make_application(person, state="received")
    with django_assert_max_num_queries(15):  # 11 reads (counts, one list per queue) and the audit append
        found = by_key(services.queues(centre_clerk, CENTRE))
    assert found["requested"][0] == 12 and found["received"][0] == 12


def test_another_prefecture_may_not_see_the_queues_and_the_denial_is_audited(osaka_counter, expect_one_denial):
    with expect_one_denial("cards.view_card_jobs", "cards.job.list"), pytest.raises(NotPermitted):
        services.queues(osaka_counter, CENTRE)


def test_an_unknown_office_is_not_found(centre_clerk):
    with pytest.raises(NotFound):
        services.queues(centre_clerk, "99-999")
