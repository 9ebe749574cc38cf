"""The database router: inquiry searches read from the replica, everything else from the primary."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from menkyo.core import db_router
from menkyo.core.actors import SystemActor
from menkyo.core.db_router import PRIMARY, REPLICA, ReplicaRouter, read_alias, replica_reads
from menkyo.inquiry import services
from menkyo.registry import services as registry
from menkyo.registry.models import Person


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)


def test_without_a_replica_every_read_goes_to_the_primary():
    with replica_reads():
        assert read_alias() == PRIMARY
    assert ReplicaRouter().db_for_read(Person) == PRIMARY


def test_with_a_replica_only_reads_inside_replica_reads_go_there(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Person) == PRIMARY
    with replica_reads():
        assert router.db_for_read(Person) == REPLICA
        assert router.db_for_write(Person) == PRIMARY  # writes never
        with replica_reads():
            assert router.db_for_read(Person) == REPLICA
        assert router.db_for_read(Person) == REPLICA
    assert router.db_for_read(Person) == PRIMARY


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there(with_replica):
    with transaction.atomic(), replica_reads():
        assert connections[PRIMARY].in_atomic_block and read_alias() == PRIMARY


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()
    assert router.allow_migrate(PRIMARY, "registry") and not router.allow_migrate(REPLICA, "registry")


@pytest.mark.django_db
def test_an_inquiry_reads_holders_from_the_replica_and_counts_and_audits_on_the_primary(
        with_replica, monkeypatch, make_operator, holder_data):
    licence = registry.register_holder(SystemActor("test"), holder_data)
    inquirer = make_operator("hyogo_inquirer", ["inquiry"], "28-001")
    routed = []

    def db_for_read(self, model, **hints):  # note where each read would go, then read the test database
        routed.append((model.__name__, read_alias()))
        return PRIMARY

    monkeypatch.setattr(ReplicaRouter, "db_for_read", db_for_read)
    monkeypatch.setattr(db_router, "primary_in_transaction", lambda: False)  # the test's own transaction
    with CaptureQueriesContext(connections[PRIMARY]) as on_primary:
        result = services.make_inquiry(inquirer, purpose="窓口事務", licence_number=licence.number)
    assert [m.person.pk for m in result.matches] == [licence.person_id]
    replica_models = {name for name, alias in routed if alias == REPLICA}
    assert replica_models == {"Person"}, routed  # the holder search: one statement, routed as a read of persons
    assert not [name for name, alias in routed if alias == PRIMARY and name in replica_models], routed
    # the rate-limit count: on the primary (here, where the routed search went, in its statement)
    assert any('SELECT COUNT(*) AS recent FROM (SELECT 1 FROM "inquiry_inquiry"' in q["sql"] for q in on_primary)
    assert read_alias() == PRIMARY
