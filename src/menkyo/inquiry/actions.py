"""Audit action names of the inquiry app (``inquiry.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    HOLDER_INQUIRE = "inquiry.holder.inquire"  # one event per inquiry, with the matched person ids


describe_actions({Action.HOLDER_INQUIRE: "照会（免許者の検索）"})
