"""Kanji names: the search key that folds 旧字/新字 and 異体字 (髙/高, 﨑/崎, 邊/邉/辺).

The folding is the 文字情報基盤 (MJ) 縮退マップ published by IPA and kept by the
Japan National Tax Agency's ``jntajis`` (package ``jntajis-python``): for each
character, the first candidate of every scheme (JIS包摂規準・UCS統合規則, 読み・字形
による類推, 法務省告示582号, 法務省戸籍法関連通達・通知). A character the map does not
know (a 外字 in the Private Use Area, kana, Latin) is kept. Only the key is
folded; names are stored and printed exactly as given (names-and-gaiji.md §2.4).

Pure Python (no Django): seeding and migrations use it too.
"""

import re
import unicodedata
from functools import lru_cache

import jaconv
import jntajis

_SCHEMES = (
    jntajis.MJShrinkSchemeCombo.JIS_INCORPORATION_UCS_UNIFICATION_RULE
    | jntajis.MJShrinkSchemeCombo.INFERENCE_BY_READING_AND_GLYPH
    | jntajis.MJShrinkSchemeCombo.MOJ_NOTICE_582
    | jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE
)
# Spaces, 中黒 and variation selectors (IVS/SVS) never tell two names apart.
_IGNORED = re.compile("[\\s・･\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _shrink(char: str) -> str:
    """The first MJ 縮退 candidate of one character, as a unified ideograph (or the character)."""
    char = unicodedata.normalize("NFKC", char)  # compatibility ideographs, full-width Latin
    if len(char) != 1:
        return char
    try:
        candidates = jntajis.mj_shrink_candidates(char, _SCHEMES)
    except Exception:  # noqa: BLE001 — a character the map cannot take is kept as it is
        return char
    # The map may answer with a compatibility ideograph (塚 → U+FA10): the key holds the unified one.
    return unicodedata.normalize("NFKC", candidates[0]) if candidates else char


@lru_cache(maxsize=8192)
def fold_kanji(char: str) -> str:
    """One character as the search key spells it: its MJ 縮退, followed to the end.

    The map is not always one-way (徳 → 德 and 德 → 徳): the candidates are followed
    until one repeats, and a cycle is spelt by its lowest code point, so every
    member of it gets the same key.
    """
    if _PUA.match(char):
        return char  # a 外字 stays itself: its reference identifies it
    seen = [char]
    while (after := _shrink(seen[-1])) not in seen:
        seen.append(after)
    cycle = seen[seen.index(after):]
    return min(cycle)


def kanji_key(name: str) -> str:
    """The search key of a 氏名: spaces, 中黒 and variation selectors dropped, hiragana as katakana,
    each character folded by :func:`fold_kanji` (髙﨑 邊 → 高崎辺)."""
    name = jaconv.hira2kata(_IGNORED.sub("", name or ""))
    return "".join(fold_kanji(char) for char in name)
