"""Kana normalisation for search keys (pure Python, no Django: used by bulk seeding too)."""

import re
import unicodedata

import jaconv


def normalise_kana(text: str) -> str:
    """The search key of a reading: NFKC, katakana, without spaces or middle dots."""
    folded = jaconv.hira2kata(unicodedata.normalize("NFKC", text or ""))
    return re.sub(r"[\s・･]", "", folded)
