"""``MENKYO_SERVER_TIMING=1``: each answer carries the application's time (bench/inquiry)."""

from django.http import HttpResponse
from django.test import RequestFactory

from menkyo.core.middleware import ServerTimingMiddleware


def test_the_answer_says_how_long_the_application_took():
    response = ServerTimingMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    name, duration = response["Server-Timing"].split(";dur=")
    assert name == "app" and 0 <= float(duration) < 1000
