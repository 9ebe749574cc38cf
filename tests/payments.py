"""A fee paid at the counter for the tests of procedures that take it first (マイナ免許証 procedures,
運転経歴証明書): a cash payment on a 手数料事務処理票 number never used before in the test run."""

from itertools import count

_slips = count(1)


def paid(prefix: str = "T") -> dict:
    """``payment_method`` and a fresh ``slip_number`` for a service call."""
    return {"payment_method": "cash", "slip_number": f"{prefix}-{next(_slips)}"}
