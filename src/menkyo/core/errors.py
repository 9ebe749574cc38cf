"""Domain errors: one exception family for services, rendered by the UI and the API.

Every error has a stable ``code`` (for machines), a Japanese ``message`` (for
staff) and, when the error concerns one input, the ``field`` it concerns.
The API renders ``{"error": {"code", "message", "field"}}``; forms show the
message next to the field.
"""


class DomainError(Exception):
    """Base class: something the caller asked for cannot be done."""

    status = 400
    default_code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code


class InvalidInput(DomainError):
    """Bad input: a wrong date, an unknown code, a malformed number."""

    default_code = "invalid_input"


class NotPermitted(DomainError):
    """The operator's role or prefecture does not allow this (always audited)."""

    status = 403
    default_code = "not_permitted"


class NotFound(DomainError):
    """No such record."""

    status = 404
    default_code = "not_found"


class Conflict(DomainError):
    """The record's state does not allow the change (e.g. a stale version)."""

    status = 409
    default_code = "conflict"
