"""Load the code masters: prefectures, commissions (law-rules §8), affiliations; the chain head."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Prefecture = apps.get_model("core", "Prefecture")
    Commission = apps.get_model("core", "Commission")
    Affiliation = apps.get_model("core", "Affiliation")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    for row in json.loads((DATA / "prefectures.json").read_text()):
        Prefecture.objects.update_or_create(code=row["code"], defaults=row)
    for row in json.loads((DATA / "commissions.json").read_text()):
        row = dict(row, prefecture_id=row.pop("prefecture"))
        Commission.objects.update_or_create(code=row["code"], defaults=row)
    for row in json.loads((DATA / "affiliations.json").read_text()):
        row = dict(row, prefecture_id=row.pop("prefecture"))
        Affiliation.objects.update_or_create(code=row["code"], defaults=row)
    AuditChainHead.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
