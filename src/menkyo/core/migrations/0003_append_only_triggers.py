"""Refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL) on the audit trail and its checkpoints."""

from django.db import migrations

from menkyo.core.append_only import operation


class Migration(migrations.Migration):
    dependencies = [("core", "0002_code_masters")]
    operations = [operation("core_auditevent", "core_auditcheckpoint")]
