"""PostgreSQL: the audit trail becomes a table partitioned by month (menkyo.audit.partitions).

Rows, hashes and signatures are unchanged; SQLite keeps its plain table.
"""

from django.db import migrations

from menkyo.audit.partitions import partition_table, unpartition_table


def forward(apps, schema_editor):
    partition_table(schema_editor)


def backward(apps, schema_editor):
    unpartition_table(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_bound_checkpoints")]
    operations = [migrations.RunPython(forward, backward)]
