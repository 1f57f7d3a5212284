from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from portal.core.policies import Role
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_audit_and_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OAuthClient',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('client_id', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=100)),
                ('secret_hash', fields.CharField(max_length=64)),
                ('redirect_uris', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('post_logout_redirect_uris', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('grant_types', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('scope', fields.TextField(default='', unique=False)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='oauth_clients', on_delete=OnDelete.RESTRICT)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'oauth_client', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A system allowed to obtain tokens: a department system or a relying party.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StaffAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('display_name', fields.CharField(max_length=100)),
                ('email', fields.CharField(default='', max_length=200)),
                ('password_hash', fields.CharField(max_length=255)),
                ('totp_secret', fields.CharField(null=True, max_length=64)),
                ('totp_last_step', fields.BigIntField(null=True)),
                ('is_active', fields.BooleanField(default=True)),
                ('is_demo', fields.BooleanField(default=False)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'staff_account', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuthorizationCode',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('client_id', fields.CharField(max_length=64)),
                ('staff', fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', db_constraint=True, to_field='id', related_name='authorization_codes', on_delete=OnDelete.CASCADE)),
                ('redirect_uri', fields.TextField(unique=False)),
                ('scope', fields.TextField(default='', unique=False)),
                ('nonce', fields.CharField(null=True, max_length=255)),
                ('code_challenge', fields.CharField(max_length=128)),
                ('code_challenge_method', fields.CharField(max_length=10)),
                ('auth_time', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('amr', fields.CharField(default='pwd', max_length=40)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oauth_authorization_code', 'app': 'models', 'indexes': [Index(fields=['client_id', 'nonce'])], 'pk_attr': 'id', 'table_description': 'A one-time code of the built-in provider (PKCE with S256 is mandatory).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StaffRole',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('staff', fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', db_constraint=True, to_field='id', related_name='role_assignments', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='ADMINISTRATOR: administrator\nEDITOR: editor\nREVIEWER: reviewer\nLEGAL_REVIEWER: legal_reviewer\nCREDIT_OFFICER: credit_officer\nTIP_HANDLER: tip_handler\nIDENTITY_CUSTODIAN: identity_custodian', enum_type=Role, max_length=32)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name='staff_roles', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'staff_role', 'app': 'models', 'unique_together': (('staff', 'role', 'department'),), 'pk_attr': 'id', 'table_description': 'One role held in one department (``department`` null: every department).'},
            bases=['Model'],
        ),
    ]
