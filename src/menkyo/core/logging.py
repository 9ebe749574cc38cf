"""Logs never carry personal data or licence numbers (issue 7).

Django writes request lines such as ``Not Found: /registry/licences/630000000110/``
and ``Forbidden: /api/v1/persons/14``. :class:`RedactPaths` rewrites every
log message on its way out: in anything that looks like a URL path the
numbers (whole segments, or four digits or more) become ``#`` and the query string (where a purpose or a name could
be) is dropped; version numbers such as ``/api/v1/`` stay. What remains (the kind of page, the status, the request id)
is enough to find the audit event, which holds the details.
"""

import logging
import re

_PATH = re.compile(r"(/[^\s?\"']*)(\?[^\s\"']*)?")
# A path segment that is a number (a licence number, a person id), or any run of four digits or more.
_IDENTIFIER = re.compile(r"(?<=/)\d+(?=/|$)|\d{4,}")


def redact(text: str) -> str:
    """``/registry/licences/630000000110/?purpose=x`` → ``/registry/licences/############/``."""
    return _PATH.sub(lambda m: _IDENTIFIER.sub(lambda d: "#" * len(d.group()), m.group(1)), text)


class RedactPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
