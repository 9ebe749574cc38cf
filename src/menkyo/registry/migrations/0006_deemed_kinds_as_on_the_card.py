"""The register holds deemed licences as the card shows them (law-rules §6.3, §9; ADR 0004 addendum).

Before: an old 普通 was stored as a 普通 row, with the printed condition text
(中型車は中型車(8t)に限る / 準中型車は準中型車(5t)に限る) in ``Licence.conditions``
— or, for rows registered by hand, without it. After: the row is the deemed
kind with its limit and the 普通's date (中型 / 8t / 1995-07-01), and the
licence's conditions contain the printed text exactly once.

A 普通 row is converted when it is deemed: acquired on or before 2007-06-01
(→ 中型 8t) or 2007-06-02 to 2017-03-11 (→ 準中型 5t), and the licence holds
none of the kinds that lift the limit (大型, 中型, 準中型, 大二, 中二) — exactly
when the card prints the condition (``menkyo.rules.kinds.deemed_conditions``).

The facts are frozen here, as they were when the migration was written: a
migration must mean the same thing whenever it runs. ``tests/registry/
test_deemed_migration.py`` checks that they equal the law engine's.

Idempotent: a converted row is no longer a 普通 row, and a condition already
present is not added again. Only ``registry_licencekindheld`` and
``registry_licence.conditions`` are written; no history or audit row (those
tables are append-only) — the change is a change of representation, not of
the licence. The reverse turns the rows back into 普通 and keeps the
conditions (they were printed before as well).
"""

from datetime import date

from django.db import migrations

# (deemed kind, limit, printed condition, acquired from, acquired until) — law-rules §6.3, §9;
# params/licence_conditions.yaml (deemed_8t, deemed_5t).
DEEMED = (
    ("中型", "8t", "中型車は中型車(8t)に限る", None, date(2007, 6, 1)),
    ("準中型", "5t", "準中型車は準中型車(5t)に限る", date(2007, 6, 2), date(2017, 3, 11)),
)
OLD_KIND = "普通"
# A licence holding one of these prints no deemed condition (lifted_by in licence_conditions.yaml).
LIFTED_BY = ("大型", "中型", "準中型", "大二", "中二")
BATCH = 2000


def convert(apps, schema_editor=None) -> int:
    """Convert every deemed 普通 row; returns the number of rows converted."""
    held_model = apps.get_model("registry", "LicenceKindHeld")
    licence_model = apps.get_model("registry", "Licence")
    lifted = held_model.objects.filter(kind_id__in=LIFTED_BY).values("licence_id")
    converted = 0
    for kind, limit, condition, acquired_from, acquired_until in DEEMED:
        rows = held_model.objects.filter(kind_id=OLD_KIND, acquired_on__lte=acquired_until).exclude(
            licence_id__in=lifted
        )
        if acquired_from is not None:
            rows = rows.filter(acquired_on__gte=acquired_from)
        while True:
            batch = list(rows.order_by("id").values_list("id", "licence_id")[:BATCH])
            if not batch:
                break
            licences = licence_model.objects.filter(id__in=[licence_id for _, licence_id in batch])
            missing = [lic for lic in licences.only("id", "conditions") if condition not in (lic.conditions or [])]
            for lic in missing:
                lic.conditions = [*(lic.conditions or []), condition]
            licence_model.objects.bulk_update(missing, ["conditions"])
            held_model.objects.filter(id__in=[row_id for row_id, _ in batch]).update(kind_id=kind, limitation=limit)
            converted += len(batch)
    return converted


def revert(apps, schema_editor=None) -> int:
    """Turn deemed rows back into 普通 rows (the conditions stay: they were printed before too)."""
    held_model = apps.get_model("registry", "LicenceKindHeld")
    return held_model.objects.exclude(limitation="").update(kind_id=OLD_KIND, limitation="")


class Migration(migrations.Migration):

    dependencies = [("registry", "0005_kind_held_limitation")]

    operations = [migrations.RunPython(convert, revert)]
