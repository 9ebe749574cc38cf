"""Search keys of an inquiry (照会, 規程第45条) on every person, with (birth_date, key) indexes.

``inquiry_kana`` is :func:`menkyo.core.kana.inquiry_kana_key` of the reading and
``search_kanji`` is :func:`menkyo.core.kanji.kanji_key` of the name (MJ 縮退マップ
of jntajis-python, pinned). The backfill computes them for the persons already
registered, in batches; re-running it gives the same keys. Registering and
changing a person, and seeding, set them from now on (registry.services.search_keys).
The reverse drops the columns (nothing else depends on them).
"""

from django.db import migrations, models

from menkyo.core.kana import inquiry_kana_key
from menkyo.core.kanji import kanji_key

BATCH = 2000


def backfill(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    batch = []
    for person in Person.objects.only("pk", "name", "name_kana").order_by("pk").iterator(chunk_size=BATCH):
        person.inquiry_kana = inquiry_kana_key(person.name_kana)
        person.search_kanji = kanji_key(person.name)
        batch.append(person)
        if len(batch) >= BATCH:
            Person.objects.bulk_update(batch, ["inquiry_kana", "search_kanji"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["inquiry_kana", "search_kanji"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_taskrun"),
        ("registry", "0006_deemed_kinds_as_on_the_card"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="inquiry_kana",
            field=models.CharField(blank=True, default="", max_length=120, verbose_name="照会用カナ"),
        ),
        migrations.AddField(
            model_name="person",
            name="search_kanji",
            field=models.CharField(blank=True, default="", max_length=60, verbose_name="照会用氏名"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["birth_date", "inquiry_kana"], name="person_birth_inquiry_kana"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["birth_date", "search_kanji"], name="person_birth_search_kanji"),
        ),
    ]
