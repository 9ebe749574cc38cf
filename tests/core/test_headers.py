"""Security headers on every answer (issue 7): CSP, no-store, and HSTS when served over HTTPS."""

import pytest


@pytest.mark.django_db
def test_pages_and_api_answers_are_not_cached_and_carry_a_content_security_policy(client, make_operator, login_as):
    login_as(client, make_operator("hyogo_counter", ["counter"]))
    for path in ("/", "/registry/lookup/", "/api/v1/me", "/login/"):
        response = client.get(path)
        assert response["Cache-Control"] == "no-store", path
        assert "script-src 'self'" in response["Content-Security-Policy"], path
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path


def test_hsts_is_sent_when_menkyo_runs_behind_https(settings, client):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
