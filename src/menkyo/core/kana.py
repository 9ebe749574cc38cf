"""Kana readings: one way to fold them (pure Python, no Django: used by bulk seeding too).

Only readings (呼び名) are folded. Names (氏名) are kept exactly as given and
are never NFKC-normalised (shared/spec/names-and-gaiji.md).
"""

import re
import unicodedata

import jaconv


def to_katakana(text: str) -> str:
    """A reading as full-width katakana: NFKC (half-width kana become full-width), hiragana → katakana."""
    return jaconv.hira2kata(unicodedata.normalize("NFKC", text or ""))


def normalise_kana(text: str) -> str:
    """The search key of a reading: katakana, without spaces or middle dots."""
    return re.sub(r"[\s・･]", "", to_katakana(text))
