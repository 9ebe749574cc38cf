"""Audit action names of the audit app (``audit.<object>.<verb>``)."""

from enum import StrEnum


class Action(StrEnum):
    EVENTS_VIEW = "audit.event.view"
    EVENTS_EXPORT = "audit.event.export"
    CHECKPOINT_CREATE = "audit.checkpoint.create"
    KEY_ROTATE = "audit.key.rotate"
