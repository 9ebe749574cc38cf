"""Numbered series: the next number of a series, without two counters ever taking the same one.

Every series the offices number by hand in the paper world (免許証番号 of a commission and year,
the 申請（届出）簿 of an office and day, 受験番号, 事務処理票番号) is one :class:`Serial` row. Taking
a number moves the row on by one in a single ``UPDATE … RETURNING`` that holds the row's lock to
the end of the caller's transaction: a second counter taking a number of the same series waits for
the first to commit (or roll back, when its number is handed out again) instead of being refused
with "busy" after colliding on a unique constraint (docs/operations.md, "a large centre's day").
A series starts from the highest number already in use, so a register loaded by other means
continues where it ends.
"""

from collections.abc import Callable

from django.db import IntegrityError, connection, transaction

from menkyo.core import sql
from menkyo.core.models import Serial


def take(series: str, highest_in_use: Callable[[], int]) -> int:
    """The next number of ``series`` (1, 2, …); ``highest_in_use()`` is asked only the first time,
    for the number the series continues from. Call it inside the transaction that uses the number."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {sql.table(connection, Serial)} SET last = last + 1 WHERE series = %s "
                       "RETURNING last", [series])
        row = cursor.fetchone()
    if row:
        return row[0]
    first = highest_in_use() + 1
    try:
        with transaction.atomic():
            return Serial.objects.create(series=series, last=first).last
    except IntegrityError:  # another counter started the series a moment ago: continue it
        return take(series, highest_in_use)


def continue_after(series: str, highest: int) -> None:
    """Make ``series`` continue after ``highest`` (a bulk load wrote numbers up to it)."""
    updated = Serial.objects.filter(series=series, last__lt=highest).update(last=highest)
    if not updated:
        Serial.objects.get_or_create(series=series, defaults={"last": highest})
