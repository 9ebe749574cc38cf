"""Refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL) on the register's history."""

from django.db import migrations

from menkyo.core.append_only import operation


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_licence_kinds")]
    operations = [operation("registry_historyevent")]
