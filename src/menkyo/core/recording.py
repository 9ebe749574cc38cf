"""The audit recorder as the lower layers see it: a port that the audit app fills.

``core`` sits below ``audit`` (docs/adr/0005-layers.md), yet two things in
``core`` must write audit events: :func:`menkyo.core.permissions.authorize`
records every denial, and :mod:`menkyo.core.workflow` records every
transition. They call :func:`record` here; the audit app installs its
recorder when Django starts (``AuditConfig.ready``). Without it nothing can
be authorised or transitioned: :func:`record` refuses rather than let a
denial go unrecorded. Code above ``audit`` calls ``menkyo.audit.recorder.record``
directly.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class Outcome(models.TextChoices):
    """How an audited action ended."""

    OK = "ok", "成功"
    DENIED = "denied", "拒否"
    ERROR = "error", "失敗"


_recorder: Callable | None = None

# What each audit action means, in Japanese, for the people who read the trail: every app
# describes its own actions in its actions.py (core imports those modules at start-up).
ACTION_LABELS: dict[str, str] = {
    "core.task.started": "バッチ処理の開始",
    "core.task.finished": "バッチ処理の終了",
    "core.task.failed": "バッチ処理の失敗",
}


def describe_actions(labels: dict) -> None:
    """Register the Japanese labels of an app's audit actions."""
    ACTION_LABELS.update({str(action): label for action, label in labels.items()})


def action_label(action: str) -> str:
    """The Japanese label of an audit action, or the action itself when none is registered."""
    return ACTION_LABELS.get(action, action)


def install(recorder: Callable) -> None:
    """Called once by the audit app at start-up."""
    global _recorder
    _recorder = recorder


def record(actor, action: str, **fields):
    """Append one audit event through the installed recorder and return it."""
    if _recorder is None:
        raise ImproperlyConfigured("no audit recorder installed: the audit app must be in INSTALLED_APPS")
    return _recorder(actor, action, **fields)
