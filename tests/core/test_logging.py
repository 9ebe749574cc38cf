"""No personal data or licence numbers in any log (issue 7): request paths are redacted."""

import logging

from menkyo.core.logging import RedactPaths, redact


def test_digits_in_paths_are_masked_and_query_strings_dropped():
    assert redact("Not Found: /registry/licences/630000000110/?purpose=窓口事務") == (
        "Not Found: /registry/licences/############/")
    assert redact("Forbidden: /api/v1/persons/14") == "Forbidden: /api/v1/persons/##"


def test_the_filter_rewrites_django_request_lines():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: %s",
                               ("/api/v1/licences/630000000110",), None)
    assert RedactPaths().filter(record) is True
    assert record.getMessage() == "Forbidden: /api/v1/licences/############"
    assert "630000000110" not in record.getMessage()


def test_the_console_handler_of_the_settings_uses_the_filter(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["redact_paths"]
    assert settings.LOGGING["loggers"]["django"]["handlers"] == ["console"]
