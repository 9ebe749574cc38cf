"""Request id for every request (audit events carry it); security headers on every answer;
optionally the server-side time of each answer (``Server-Timing``)."""

import time
from contextlib import ExitStack

from django.db import connections

from menkyo.core.context import (
    new_request_id,
    reset_request_id,
    reset_terminal,
    set_request_id,
    set_terminal,
    terminal_id,
)


class RequestIdMiddleware:
    """Give each request an id (or take the caller's ``X-Request-ID``) for audit events, and name
    the terminal it came from (client address and a hash of the session or token key,
    :func:`menkyo.core.context.terminal_id`) for the inquiry record (照会履歴確認).

    The client address is ``REMOTE_ADDR``: behind a reverse proxy that is the proxy's
    address unless the proxy is configured to pass the client's (see docs/operations.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else new_request_id()
        request.request_id = request_id
        token = set_request_id(request_id)
        session = getattr(request, "session", None)
        terminal = set_terminal(request.META.get("REMOTE_ADDR"),
                                terminal_id(getattr(session, "session_key", None) or "",
                                            request.headers.get("Authorization", "")))
        try:
            response = self.get_response(request)
        finally:
            reset_terminal(terminal)
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",  # no inline scripts anywhere (htmx and Swagger UI are files)
    "style-src 'self' 'unsafe-inline'",  # htmx and Swagger UI insert <style> elements
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every answer, and ``Cache-Control: no-store`` on every page and
    API answer (they show holders; static files are served before this by WhiteNoise and stay
    cacheable). HSTS comes from Django's SecurityMiddleware when ``MENKYO_HTTPS=1``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if not response.get("Cache-Control", "").startswith("private, max-age="):
            response["Cache-Control"] = "no-store"  # only the 外字 font (no holder in it) may be kept
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class ServerTimingMiddleware:
    """``Server-Timing: app;dur=<ms>, db;dur=<ms>;desc="<n> queries"``: the time the application
    spent on the request, from the first middleware in to the response out, and the statements it
    sent to the databases with their time (``MENKYO_SERVER_TIMING=1``; bench/inquiry and
    bench/centre read it for server-side percentiles and query counts). Off by default: timings
    tell a caller more than it needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = QueryCounter()
        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(queries))
            response = self.get_response(request)
        response["Server-Timing"] = (f"app;dur={(time.perf_counter() - started) * 1000:.3f}, "
                                     f'db;dur={queries.seconds * 1000:.3f};desc="{queries.count} queries"')
        return response


class QueryCounter:
    """An execute wrapper that counts the statements sent and the time they took."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started
