"""Licence numbers (免許証番号), law-rules §7.

Twelve digits: 1–2 the code of the commission that first issued a licence
(§8), 3–4 the last two digits of the Western year of first acquisition, 5–10
the commission's serial (交付番号), 11 the check digit, 12 the reissue count.

Check digit (§7.2): S = 5·d1 + 4·d2 + 3·d3 + 2·d4 + 7·d5 + 6·d6 + 5·d7 +
4·d8 + 3·d9 + 2·d10; CD = (11 − S mod 11) mod 10.

Reissue count: starts at 0, +1 on each reissue for loss or theft, and after
9 comes 1 (never 0 again).
"""

from dataclasses import dataclass

WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
REFERENCE = "law-rules §7 (免許証番号の構成・チェックデジット)"


class LicenceNumberError(ValueError):
    """A malformed licence number; ``reason`` is a stable code, ``message`` Japanese."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class LicenceNumber:
    commission_code: str
    year_digits: str
    serial: str
    check_digit: int
    reissue_count: int

    def __str__(self) -> str:
        return (
            f"{self.commission_code}{self.year_digits}{self.serial}"
            f"{self.check_digit}{self.reissue_count}"
        )


def check_digit(first_ten: str) -> int:
    """The check digit (digit 11) for digits 1–10."""
    if len(first_ten) != 10 or not first_ten.isascii() or not first_ten.isdigit():
        raise LicenceNumberError("format", "免許証番号の先頭10桁は半角数字で指定してください。")
    total = sum(w * int(d) for w, d in zip(WEIGHTS, first_ten, strict=True))
    return (11 - total % 11) % 10


def generate(commission_code: str, year: int, serial: int, reissue_count: int = 0) -> str:
    """A new licence number for a first acquisition in ``year`` by ``commission_code``."""
    if len(commission_code) != 2 or not commission_code.isdigit():
        raise LicenceNumberError("commission", "公安委員会コードは2桁の数字です。")
    if not 0 <= serial <= 999_999:
        raise LicenceNumberError("serial", "交付番号は0〜999999の範囲です。")
    if not 0 <= reissue_count <= 9:
        raise LicenceNumberError("reissue", "再交付回数は0〜9です。")
    first_ten = f"{commission_code}{year % 100:02d}{serial:06d}"
    return f"{first_ten}{check_digit(first_ten)}{reissue_count}"


def parse(value: str) -> LicenceNumber:
    """Validate and split a licence number. Full-width digits and hyphens/spaces are accepted."""
    import unicodedata

    text = unicodedata.normalize("NFKC", value or "").replace("-", "").replace(" ", "")
    if not text:
        raise LicenceNumberError("required", "免許証番号を入力してください。")
    if not text.isascii() or not text.isdigit():
        raise LicenceNumberError("format", "免許証番号は数字12桁で入力してください。")
    if len(text) != 12:
        raise LicenceNumberError("length", f"免許証番号は12桁です（入力は{len(text)}桁）。")
    expected = check_digit(text[:10])
    if int(text[10]) != expected:
        raise LicenceNumberError(
            "check_digit",
            "免許証番号のチェックデジット（11桁目）が正しくありません。番号を確認してください。",
        )
    return LicenceNumber(text[:2], text[2:4], text[4:10], int(text[10]), int(text[11]))


def next_reissue_count(count: int) -> int:
    """The reissue digit after a reissue for loss or theft: 0→1 … 8→9, 9→1."""
    return 1 if count >= 9 else count + 1


def reissued(value: str) -> str:
    """The same licence number with its reissue digit advanced."""
    number = parse(value)
    return str(number)[:11] + str(next_reissue_count(number.reissue_count))
