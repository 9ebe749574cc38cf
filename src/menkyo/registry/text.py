"""Checks of the text the register accepts: lengths, control characters, and what a name may hold.

Lengths come from the model field (``max_length``), so the column and the
check cannot drift apart; a value is checked as it will be stored. A name is
never normalised (no NFC/NFKC: that would fold compatibility ideographs such
as 塚 U+FA10, see the names-and-gaiji spec) — it is only checked.
"""

import re
import unicodedata

from menkyo.core.errors import InvalidInput

# What a licence can print (JIS X 0208/0213 via euc_jis_2004) besides letters.
NAME_PUNCTUATION = frozenset(
    " \u3000"  # spaces (half- and full-width)
    "\u30fb"  # 中黒 ・
    "-\u2010\uff0d"  # hyphens - ‐ －
    "'\u2019\uff07"  # apostrophes ' ’ ＇
)
# Letters of these scripts (Unicode names start so): kanji, kana and Latin letters.
NAME_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA",
                "LATIN", "FULLWIDTH LATIN")
NAME_MARKS = frozenset("\u3005\u3006\u3007")  # 々 〆 〇
IDEOGRAPH_SCRIPTS = NAME_SCRIPTS[:2]
JIS_X_0213 = "euc_jis_2004"
# The CJK compatibility ideographs (塚 U+FA10 …): NFKC would turn each into another character.
COMPATIBILITY_IDEOGRAPHS = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")


def max_length(model, field: str) -> int:
    """The column's limit: the one source for every length check of the register."""
    return model._meta.get_field(field).max_length


def fold_width(text: str) -> str:
    """Full-width letters and digits and half-width kana folded as NFKC does (１丁目 → 1丁目), while every
    ideograph stays as typed: NFKC is applied to the text between compatibility ideographs only."""
    parts = COMPATIBILITY_IDEOGRAPHS.split(text)
    return "".join(part if odd else unicodedata.normalize("NFKC", part) for odd, part in
                   ((i % 2 == 1, part) for i, part in enumerate(parts)))


def check_length(value: str, limit: int, *, field: str, label: str) -> str:
    if len(value) > limit:
        raise InvalidInput(f"{label}は{limit}文字以内で入力してください（{len(value)}文字あります）。",
                           field=field, code="too_long")
    return value


def clean_text(value, limit: int, *, field: str, label: str) -> str:
    """Free text (住所, 本籍, 理由 …): trimmed, no control characters, at most ``limit`` characters."""
    text = (value or "").strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise InvalidInput(f"{label}に制御文字は使えません。", field=field, code="control_character")
    return check_length(text, limit, field=field, label=label)


def _is_private_use(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"  # a 外字, listed in the person's gaiji_refs


def _is_variation_selector(ch: str) -> bool:
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def _in_jis_x_0213(ch: str) -> bool:
    try:
        ch.encode(JIS_X_0213)
    except UnicodeEncodeError:
        return False
    return True


def _script_letter(ch: str) -> bool:
    if ch in NAME_MARKS:
        return True
    if not unicodedata.category(ch).startswith("L"):
        return False
    return unicodedata.name(ch, "").startswith(NAME_SCRIPTS)


def name_character_allowed(ch: str, previous: str = "") -> bool:
    """Kanji and kana of JIS X 0208/0213, Latin letters, spaces, 中黒, hyphens, apostrophes,
    外字 (Private Use Area) and an ideographic variation selector after a kanji."""
    if ch in NAME_PUNCTUATION or _is_private_use(ch):
        return True
    if _is_variation_selector(ch):
        return bool(previous) and unicodedata.name(previous, "").startswith(IDEOGRAPH_SCRIPTS)
    return _script_letter(ch) and _in_jis_x_0213(ch)


def _shown(ch: str) -> str:
    if ch.isprintable() and not ch.isspace() and unicodedata.category(ch)[0] not in "MC":
        return ch
    return f"U+{ord(ch):04X}"


def check_name_characters(name: str, *, field: str, label: str) -> str:
    """Refuse the first character a licence cannot print, naming it; the name is returned unchanged."""
    previous = ""
    for ch in name:
        if not name_character_allowed(ch, previous):
            hint = ""
            if unicodedata.name(ch, "").startswith(IDEOGRAPH_SCRIPTS):
                hint = "JIS X 0213にない漢字は外字として登録してください。"
            raise InvalidInput(f"{label}に使えない文字「{_shown(ch)}」が含まれています。{hint}",
                               field=field, code="invalid_character")
        previous = ch
    return name
