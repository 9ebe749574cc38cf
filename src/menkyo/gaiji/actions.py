"""Audit action names of the gaiji app (``gaiji.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    GLYPH_REGISTER = "gaiji.glyph.register"
    GLYPH_REVISE = "gaiji.glyph.revise"  # a new version of a registered glyph
    GLYPH_LOOK_UP = "gaiji.glyph.look_up"
    GLYPH_LIST = "gaiji.glyph.list"


describe_actions({
    Action.GLYPH_REGISTER: "外字の登録", Action.GLYPH_REVISE: "外字の訂正（新しい版）",
    Action.GLYPH_LOOK_UP: "外字の照会", Action.GLYPH_LIST: "外字の一覧",
})
