"""The audit trail, moved from ``core`` (issue 6) without touching its tables.

State only: ``core_auditevent``, ``core_auditchainhead`` and
``core_auditcheckpoint`` were created by ``core.0001_initial`` (append-only
triggers by ``core.0003``) and keep their names, so every row, hash and
signature is exactly as it was.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [("core", "0003_append_only_triggers")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.BigIntegerField(default=0)),
                ('hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
            ],
            options={
                'db_table': 'core_auditchainhead',
            },
        ),
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.BigIntegerField(unique=True)),
                ('hash', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField()),
                ('key_id', models.CharField(max_length=64)),
                ('signature', models.CharField(max_length=200)),
            ],
            options={
                'db_table': 'core_auditcheckpoint',
                'ordering': ['seq'],
            },
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.BigIntegerField(unique=True)),
                ('occurred_at', models.DateTimeField(db_index=True)),
                ('actor_kind', models.CharField(max_length=10)),
                ('actor', models.CharField(db_index=True, max_length=150)),
                ('affiliation_code', models.CharField(blank=True, max_length=8)),
                ('prefecture_code', models.CharField(blank=True, max_length=2)),
                ('action', models.CharField(db_index=True, max_length=60)),
                ('object_type', models.CharField(blank=True, max_length=40)),
                ('object_id', models.CharField(blank=True, max_length=40)),
                ('person_id', models.BigIntegerField(blank=True, db_index=True, null=True)),
                ('subject_prefecture_code', models.CharField(blank=True, max_length=2)),
                ('purpose', models.CharField(blank=True, max_length=200)),
                ('request_id', models.CharField(blank=True, max_length=64)),
                ('outcome', models.CharField(choices=[('ok', '成功'), ('denied', '拒否'), ('error', '失敗')], max_length=10)),
                ('detail', models.JSONField(default=dict)),
                ('prev_hash', models.CharField(max_length=64)),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'db_table': 'core_auditevent',
                'verbose_name': '監査記録',
                'ordering': ['seq'],
            },
        ),
            ],
            database_operations=[],
        ),
    ]
