"""Load the licence kinds (law-rules §6.1–6.2)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    LicenceKind = apps.get_model("registry", "LicenceKind")
    for row in json.loads((DATA / "kinds.json").read_text()):
        LicenceKind.objects.update_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
