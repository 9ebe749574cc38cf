"""Operators and devices, moved from ``core`` (issue 6) without touching their tables.

State only: the tables ``core_operator`` (and its group/permission links) and
``core_device`` were created by ``core.0001_initial`` and keep their names
(``Meta.db_table``). On a database created before the move this migration is
recorded as applied by ``menkyo migrate`` before Django checks the history
(``otp_totp`` already points at the user model; see
:mod:`menkyo.accounts.management.commands.migrate`).
"""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import menkyo.core.actors
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0003_append_only_triggers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Operator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('display_name', models.CharField(max_length=40, verbose_name='氏名')),
                ('roles', models.JSONField(default=list, verbose_name='役割')),
                ('decision_level', models.CharField(blank=True, choices=[('section_head', '免許課長'), ('hq', '交通部長・本部長'), ('commission', '公安委員会')], default='', max_length=20, verbose_name='決定権限')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                ('affiliation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='operators', to='core.affiliation')),
            ],
            options={
                'verbose_name': '操作者',
                'db_table': 'core_operator',
            },
            bases=(menkyo.core.actors.ActorMixin, models.Model),
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='Device',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, unique=True, verbose_name='名称')),
                ('kind', models.CharField(choices=[('card_printer', '免許証作成機'), ('kiosk', '申請自動受付装置'), ('omr', 'OMR装置'), ('endorsement', '追記装置'), ('terminal', '業務端末'), ('other', 'その他')], max_length=20, verbose_name='種別')),
                ('roles', models.JSONField(default=list, verbose_name='役割')),
                ('key_id', models.CharField(max_length=16, unique=True)),
                ('token_hash', models.CharField(max_length=64)),
                ('is_active', models.BooleanField(default=True, verbose_name='有効')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('affiliation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='devices', to='core.affiliation')),
            ],
            options={
                'verbose_name': '端末',
                'db_table': 'core_device',
            },
            bases=(menkyo.core.actors.ActorMixin, models.Model),
        ),
            ],
            database_operations=[],
        ),
    ]
