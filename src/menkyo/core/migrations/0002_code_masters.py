"""Load the code masters: prefectures, commissions (law-rules §8), affiliations; the chain head.

The commissions come from the law engine (menkyo.rules.commissions, i.e.
rules/params/commissions.yaml), their one source; prefectures and
affiliations are not law facts and stay in core/data.
"""

import json
from pathlib import Path

from django.db import migrations

from menkyo.rules.commissions import commissions

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Prefecture = apps.get_model("core", "Prefecture")
    Commission = apps.get_model("core", "Commission")
    Affiliation = apps.get_model("core", "Affiliation")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    for row in json.loads((DATA / "prefectures.json").read_text()):
        Prefecture.objects.update_or_create(code=row["code"], defaults=row)
    for fact in commissions():
        Commission.objects.update_or_create(code=fact.code, defaults={
            "name": fact.name, "short_name": fact.short_name, "prefecture_id": fact.prefecture,
        })
    for row in json.loads((DATA / "affiliations.json").read_text()):
        row = dict(row, prefecture_id=row.pop("prefecture"))
        Affiliation.objects.update_or_create(code=row["code"], defaults=row)
    AuditChainHead.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
