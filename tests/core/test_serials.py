"""Numbered series (menkyo.core.serials): each number once, continuing after numbers in use, and on
PostgreSQL a second counter waiting for the first instead of being refused."""

import threading

import psycopg
import pytest
from django.db import connection

from menkyo.core import serials
from menkyo.core.models import Serial


def test_a_new_series_continues_after_the_highest_number_in_use_and_then_counts_on(db):
    asked = []

    def highest_in_use():
        asked.append(1)
        return 41

    assert [serials.take("ledger:28-101:2026-11-27", highest_in_use) for _ in range(3)] == [42, 43, 44]
    assert asked == [1]  # asked once, when the series started


def test_series_are_counted_apart(db):
    assert serials.take("examinee:28-002:2026-11-27", lambda: 0) == 1
    assert serials.take("examinee:28-002:2026-11-28", lambda: 0) == 1
    assert serials.take("examinee:28-002:2026-11-27", lambda: 0) == 2


def test_a_series_started_by_another_counter_a_moment_ago_is_continued(db):
    """Both counters found no row; the second one's insert is refused and it takes the next number."""
    def started_meanwhile():
        Serial.objects.create(series="slip:28-101-261127-", last=7)  # the other counter, meanwhile
        return 0

    assert serials.take("slip:28-101-261127-", started_meanwhile) == 8


def test_a_bulk_load_moves_a_series_on_but_never_back(db):
    serials.take("licence:2826", lambda: 10)
    serials.continue_after("licence:2826", 500)
    serials.continue_after("licence:2826", 100)
    serials.continue_after("licence:2726", 9)
    assert serials.take("licence:2826", lambda: 0) == 501
    assert serials.take("licence:2726", lambda: 0) == 10


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_a_second_counter_waits_for_the_first_to_commit_and_takes_the_next_number(db):
    """Two sessions of their own (the test's transaction never commits, so they use a series row
    committed for the test and removed after): the second ``take`` blocks until the first commits."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    series = "test:two-counters"
    statement = "UPDATE core_serial SET last = last + 1 WHERE series = %s RETURNING last"
    with psycopg.connect(**params, autocommit=True) as setup:
        setup.execute("INSERT INTO core_serial (series, last) VALUES (%s, 0)", [series])
        try:
            with psycopg.connect(**params) as first, psycopg.connect(**params) as second:
                assert first.execute(statement, [series]).fetchone() == (1,)
                taken = []
                waiting = threading.Thread(target=lambda: taken.append(second.execute(statement, [series]).fetchone()))
                waiting.start()
                waiting.join(0.5)
                assert waiting.is_alive() and taken == []  # waits; not refused
                first.commit()
                waiting.join(5)
                second.commit()
                assert taken == [(2,)]
        finally:
            setup.execute("DELETE FROM core_serial WHERE series = %s", [series])
