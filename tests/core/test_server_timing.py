"""``MENKYO_SERVER_TIMING=1``: each answer carries the application's time and its statements
(bench/inquiry, bench/centre)."""

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from menkyo.core.middleware import ServerTimingMiddleware

HEADER = re.compile(r'app;dur=([0-9.]+), db;dur=([0-9.]+);desc="(\d+) queries"')


def test_the_answer_says_how_long_the_application_took():
    response = ServerTimingMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    app, db, queries = HEADER.fullmatch(response["Server-Timing"]).groups()
    assert 0 <= float(app) < 1000 and float(db) == 0 and queries == "0"


@pytest.mark.django_db
def test_the_answer_counts_the_statements_sent_to_the_database():
    def view(request):
        with connection.cursor() as cursor:
            for _ in range(3):
                cursor.execute("SELECT 1")
        return HttpResponse("ok")

    response = ServerTimingMiddleware(view)(RequestFactory().get("/"))
    app, db, queries = HEADER.fullmatch(response["Server-Timing"]).groups()
    assert queries == "3" and 0 < float(db) <= float(app)
