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


# --- the looser key of an inquiry (照会): what a caller may have heard or misspelt ------------

# Marks that stand for a long vowel (Digital Agency's Moji.normalize_basic list, plus 〜 and ~).
_LONG_MARKS = "ー－-−‐‒–—─━―ｰ〜~"
_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶヲヰヱ", "アイウエオツヤユヨワカケオイエ")
_V_SYLLABLES = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴ", "ブ"))
_SEPARATORS = re.compile(r"[\s・･.,、。]")
_VOWELS = {v: row for row, v in zip("aiueo", "アイウエオ", strict=True)}
_ROWS = {
    "a": "アカサタナハマヤラワ",
    "i": "イキシチニヒミリ",
    "u": "ウクスツヌフムユル",
    "e": "エケセテネヘメレ",
    "o": "オコソトノホモヨロ",
}
_VOWEL_OF = {kana: row for row, kanas in _ROWS.items() for kana in kanas}
# After a syllable of this vowel, these kana only lengthen it (オオノ, オウノ, オーノ → オノ).
_LENGTHENERS = {"a": "ア", "i": "イ", "u": "ウ", "e": "エイ", "o": "オウ"}


def inquiry_kana_key(text: str) -> str:
    """The looser search key of an inquiry: a reading as heard at a counter or over the radio.

    On top of :func:`normalise_kana` (width, hiragana, spaces and 中黒) it forgives
    small kana (ャ/ヤ, ッ/ツ; ヲヰヱ → オイエ, the Digital Agency's folding,
    names-and-gaiji.md §2.1), ヴ/ブ, voiced and semi-voiced marks (ザ/サ, パ/ハ)
    and long vowels (オオノ, オウノ, オーノ all → オノ; エイ/エー/エエ likewise).
    Many readings share a key: it finds candidates, which the caller ranks
    (an equal :func:`normalise_kana` first). Never stored in place of the reading.
    """
    kana = to_katakana(text).replace("゛", "\u3099").replace("゜", "\u309a")
    kana = unicodedata.normalize("NFC", kana)  # カ゛ → ガ
    for long_mark in _LONG_MARKS:
        kana = kana.replace(long_mark, "ー")
    kana = _SEPARATORS.sub("", kana)
    for v, b in _V_SYLLABLES:
        kana = kana.replace(v, b)
    kana = kana.translate(_SMALL_TO_LARGE)
    kana = "".join(c for c in unicodedata.normalize("NFD", kana) if c not in "\u3099\u309a")
    out: list[str] = []
    for char in kana:
        row = _VOWEL_OF.get(out[-1]) or _VOWELS.get(out[-1]) if out else None
        if row and (char == "ー" or char in _LENGTHENERS[row]):
            continue
        out.append(char)
    return "".join(out)
