"""Licence numbers (免許証番号), law-rules §7.

Twelve digits: 1–2 the code of the commission that first issued a licence
(§8), 3–4 the last two digits of the Western year of first acquisition, 5–10
the commission's serial (交付番号), 11 the check digit, 12 the reissue count.

Check digit (§7.2): S = 5·d1 + 4·d2 + 3·d3 + 2·d4 + 7·d5 + 6·d6 + 5·d7 +
4·d8 + 3·d9 + 2·d10; CD = (11 − S mod 11) mod 10.

Reissue count: starts at 0, +1 on each reissue for loss or theft, and after
9 comes 1 (never 0 again).
"""

import unicodedata
from dataclasses import dataclass
from typing import Any

from menkyo.rules.errors import RulesError
from menkyo.rules.inputs import parse_int, require_mapping
from menkyo.rules.params import table

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


def next_number(commission_code: str, year: int, last_serial: int) -> str:
    """The number after ``last_serial`` of this commission and year (law-rules §7.1: six digits).

    Raises :class:`LicenceNumberError` ``serial_exhausted`` after 999,999.
    """
    if last_serial >= 999_999:
        raise LicenceNumberError("serial_exhausted", "この公安委員会・年の交付番号が上限（999999）に達しました。")
    return generate(commission_code, year, last_serial + 1)


# ---------------------------------------------------------------------------
# The JSON entry point (rules-contract §3)


def _commission(code: str) -> str | None:
    """Short name of the commission with ``code`` (params/commissions.yaml), or None."""
    row = table("commissions").rows.get(code)
    return None if row is None else str(row["short_name"])


def reissue_digit(reissues: int) -> int:
    """Digit 12 after ``reissues`` reissues for loss or theft: 0, 1 … 9, then 1 … 9 again."""
    return 0 if reissues == 0 else (reissues - 1) % 9 + 1


def next_reissue_number(number: str) -> str:
    """``number`` after one more reissue for loss or theft (law-rules §7.1): the 12th digit goes up
    by one, and after 9 comes 1 (never 0 again); digits 1–11 stay."""
    parsed = parse(number)
    return f"{str(parsed)[:11]}{parsed.reissue_count % 9 + 1}"


def licence_number_json(data: dict[str, Any]) -> dict[str, Any]:
    """Validate ``{"number"}`` or generate from ``{"commission_code", "year", "serial", "reissues"}``.

    Validation answers ``valid: true`` with the parts, or ``valid: false`` with a
    ``reason`` (``check_digit``, ``unknown_commission``) for a well-formed
    12-digit number that is not a valid licence number. Input that is not a
    12-digit number at all is a :class:`RulesError` (``malformed_number``).
    """
    data = require_mapping(data, "")
    if "number" in data:
        raw = data["number"]
        if not isinstance(raw, str):
            raise RulesError("malformed_number", "number は12桁の数字の文字列です。", "number")
        try:
            number = parse(raw)
        except LicenceNumberError as error:
            if error.reason != "check_digit":
                raise RulesError("malformed_number", error.message, "number") from None
            text = unicodedata.normalize("NFKC", raw).replace("-", "").replace(" ", "")
            expected = check_digit(text[:10])
            return {
                "valid": False,
                "reason": "check_digit",
                "message": f"チェックデジット（11桁目）は {expected} のはずですが {text[10]} です。",
                "expected_check_digit": expected,
                "trace": [_check_step(text[:10], expected)],
            }
        name = _commission(number.commission_code)
        trace = [_check_step(str(number)[:10], number.check_digit)]
        if name is None:
            return {
                "valid": False,
                "reason": "unknown_commission",
                "message": f"公安委員会コード {number.commission_code} は存在しません（law-rules §8）。",
                "commission_code": number.commission_code,
                "trace": trace,
            }
        trace.append({
            "step": "commission",
            "detail": f"公安委員会コード {number.commission_code} = {name}",
            "reference": COMMISSION_REFERENCE,
        })
        return {
            "valid": True,
            "commission_code": number.commission_code,
            "commission": name,
            "first_licensed_year": number.year_digits,
            "serial": number.serial,
            "check_digit": number.check_digit,
            "reissues": number.reissue_count,
            "trace": trace,
        }

    for key in ("commission_code", "year", "serial"):
        if data.get(key) is None:
            raise RulesError("missing_field", f"{key} は必須です（または number を指定）。", key)
    code = data["commission_code"]
    if not isinstance(code, str) or len(code) != 2 or not code.isascii() or not code.isdigit():
        raise RulesError("invalid_value", "commission_code は2桁の数字の文字列です。", "commission_code")
    name = _commission(code)
    if name is None:
        raise RulesError("unknown_commission", f"公安委員会コード {code} は存在しません（law-rules §8）。", "commission_code")
    year = parse_int(data["year"], "year", minimum=1900)
    if year > 2099:
        raise RulesError("invalid_value", "year は西暦4桁（1900〜2099）です。", "year")
    serial_raw = data["serial"]
    if isinstance(serial_raw, str) and len(serial_raw) == 6 and serial_raw.isascii() and serial_raw.isdigit():
        serial = int(serial_raw)
    elif isinstance(serial_raw, int) and not isinstance(serial_raw, bool) and 0 <= serial_raw <= 999_999:
        serial = serial_raw
    else:
        raise RulesError("invalid_value", "serial は6桁の数字の文字列（または0〜999999の整数）です。", "serial")
    reissues = parse_int(data.get("reissues", 0), "reissues")
    digit = reissue_digit(reissues)
    number_text = generate(code, year, serial, digit)
    return {
        "number": number_text,
        "commission_code": code,
        "commission": name,
        "check_digit": int(number_text[10]),
        "reissue_digit": digit,
        "trace": [
            _check_step(number_text[:10], int(number_text[10])),
            {
                "step": "reissue_digit",
                "detail": f"再交付 {reissues} 回 → 12桁目 {digit}（0から始まり、9の次は1）",
                "reference": "law-rules §7.1 (再交付回数: 紛失・盗難による再交付ごとに1増え、9の次は1)",
            },
        ],
    }


COMMISSION_REFERENCE = "law-rules §8 (公安委員会コード)"


def _check_step(first_ten: str, digit: int) -> dict[str, Any]:
    total = sum(w * int(d) for w, d in zip(WEIGHTS, first_ten, strict=True))
    return {
        "step": "check_digit",
        "detail": f"S = {total}、{total} mod 11 = {total % 11}、(11 − {total % 11}) mod 10 = {digit}",
        "reference": "law-rules §7.2 (チェックデジット)",
    }
