"""Load the licence kinds (law-rules §6.1–6.2).

The rows come from the law engine (menkyo.rules.kinds, i.e.
rules/params/licence_kinds.yaml), their one source.
"""

from django.db import migrations

from menkyo.rules.kinds import licence_kinds


def load(apps, schema_editor):
    LicenceKind = apps.get_model("registry", "LicenceKind")
    for fact in licence_kinds():
        LicenceKind.objects.update_or_create(code=fact.code, defaults={
            "name": fact.name,
            "category": fact.category,
            "min_age": fact.min_age,
            "introduced_on": fact.introduced_on,
            "display_order": fact.display_order,
            "reference": fact.reference,
        })


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
