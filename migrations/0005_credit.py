from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from portal.credit.repair_models import ObjectionGround, ObjectionState, RepairState, StatementState


class Migration(migrations.Migration):
    dependencies = [('models', '0004_public_notice')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EnterpriseAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('display_name', fields.CharField(max_length=100)),
                ('password_hash', fields.CharField(max_length=255)),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.RESTRICT)),
                ('is_admin', fields.BooleanField(default=False)),
                ('is_active', fields.BooleanField(default=True)),
                ('is_demo', fields.BooleanField(default=False)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('verified_by', fields.CharField(default='', max_length=100)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'enterprise_account', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BindingCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='binding_codes', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='binding_codes', on_delete=OnDelete.RESTRICT)),
                ('issued_by', fields.CharField(max_length=100)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('used_by', fields.ForeignKeyField('models.EnterpriseAccount', source_field='used_by_id', null=True, db_constraint=True, to_field='id', related_name='redeemed_codes', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'enterprise_binding_code', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A one-time code a department hands to an enterprise to bind an account without review.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LimitRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=40)),
                ('effective_from', fields.DateField()),
                ('value', fields.IntField()),
                ('unit', fields.CharField(default='working_days', max_length=16)),
                ('source', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'limit_rule', 'app': 'models', 'unique_together': (('key', 'effective_from'),), 'pk_attr': 'id', 'table_description': 'A numeric rule of the rule table (DESIGN §6) in force from ``effective_from``: a'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Objection',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('record_kind', fields.CharField(max_length=20)),
                ('record_id', fields.IntField()),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('submitted_by', fields.ForeignKeyField('models.EnterpriseAccount', source_field='submitted_by_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ground', fields.CharEnumField(description='CONTENT: content\nPERIOD: period', enum_type=ObjectionGround, max_length=16)),
                ('text', fields.TextField(unique=False)),
                ('state', fields.CharEnumField(default=ObjectionState.SUBMITTED, description='SUBMITTED: submitted\nUPHELD: upheld\nREJECTED: rejected', enum_type=ObjectionState, max_length=16)),
                ('decided_by', fields.CharField(default='', max_length=100)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decision_reason', fields.TextField(default='', unique=False)),
                ('correction', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'credit_objection', 'app': 'models', 'pk_attr': 'id'},
            bases=['_RecordRef'],
        ),
        ops.CreateModel(
            name='RepairApplication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('record_kind', fields.CharField(max_length=20)),
                ('record_id', fields.IntField()),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('submitted_by', fields.ForeignKeyField('models.EnterpriseAccount', source_field='submitted_by_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('state', fields.CharEnumField(default=RepairState.SUBMITTED, description='SUBMITTED: submitted\nRETURNED: returned\nACCEPTED: accepted\nREVIEWED: reviewed\nAPPROVED: approved\nREFUSED: refused', enum_type=RepairState, max_length=16)),
                ('commitment', fields.TextField(unique=False)),
                ('performance', fields.TextField(default='', unique=False)),
                ('accepted_on', fields.DateField(null=True)),
                ('review_due', fields.DateField(null=True)),
                ('reviewed_on', fields.DateField(null=True)),
                ('decision_due', fields.DateField(null=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reason', fields.TextField(default='', unique=False)),
                ('clock_warnings', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'credit_repair', 'app': 'models', 'indexes': [Index(fields=['record_kind', 'record_id']), Index(fields=['department_id', 'state'])], 'pk_attr': 'id', 'table_description': 'One application to stop the public display of one record.'},
            bases=['_RecordRef'],
        ),
        ops.CreateModel(
            name='RepairAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('models.RepairApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('filename', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=60)),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('data', fields.BinaryField()),
                ('uploaded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'credit_repair_attachment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A proof of performance (payment receipt, rectification report): type and size checked.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RepairStep',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('models.RepairApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='steps', on_delete=OnDelete.CASCADE)),
                ('from_state', fields.CharField(default='', max_length=16)),
                ('to_state', fields.CharField(max_length=16)),
                ('actor', fields.CharField(max_length=100)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'credit_repair_step', 'app': 'models', 'pk_attr': 'id', 'table_description': "One step of an application's history, shown to the enterprise in its account."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Statement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('record_kind', fields.CharField(max_length=20)),
                ('record_id', fields.IntField()),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('submitted_by', fields.ForeignKeyField('models.EnterpriseAccount', source_field='submitted_by_id', db_constraint=True, to_field='id', on_delete=OnDelete.RESTRICT)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('text', fields.TextField(unique=False)),
                ('state', fields.CharEnumField(default=StatementState.PENDING, description='PENDING: pending\nAPPROVED: approved\nREJECTED: rejected', enum_type=StatementState, max_length=16)),
                ('moderated_by', fields.CharField(default='', max_length=100)),
                ('moderated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('moderation_reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'credit_statement', 'app': 'models', 'indexes': [Index(fields=['record_kind', 'record_id', 'state'])], 'pk_attr': 'id', 'table_description': "The enterprise's right of reply beside a record, public only once a moderator approves."},
            bases=['_RecordRef'],
        ),
        ops.AddField(
            model_name='Enterprise',
            name='registering_department',
            field=fields.ForeignKeyField('models.Department', source_field='registering_department_id', null=True, db_constraint=True, to_field='id', related_name='registered_enterprises', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='ListEntry',
            name='repaired_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Penalty',
            name='fine_paid_on',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Penalty',
            name='repair_exclusion',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Penalty',
            name='repaired_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
