"""Operators and devices moved to ``accounts``, the audit trail to ``audit`` (issue 6).

State only: the tables stay where they are (see ``accounts.0001_initial`` and
``audit.0001_initial``). Content types follow the models so that nothing
refers to the old app label.
"""

from django.db import migrations

MOVED = {"operator": "accounts", "device": "accounts", "auditevent": "audit",
         "auditchainhead": "audit", "auditcheckpoint": "audit"}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not ContentType.objects.filter(app_label=app_label, model=model).exists():
            ContentType.objects.filter(app_label="core", model=model).update(app_label=app_label)


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model=model).update(app_label="core")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_append_only_triggers"),
        ("accounts", "0001_initial"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in (
                "Operator", "Device", "AuditEvent", "AuditChainHead", "AuditCheckpoint")],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
