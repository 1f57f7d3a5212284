from tortoise import migrations
from tortoise.migrations import operations as ops
from portal.core.policies import Role
from portal.tips.models import Author, TipKind, TrackState
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_publication_review')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RefusalGround',
            fields=[
                ('code', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=32)),
                ('kind', fields.CharField(max_length=12)),
                ('label', fields.TextField(unique=False)),
                ('basis', fields.CharField(max_length=200)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'tip_refusal_ground', 'app': 'models', 'pk_attr': 'code', 'table_description': 'A ground for 不予受理, from the rule data (not literals in code).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Tip',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('receipt_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('enterprise_id', fields.IntField(null=True, db_index=True)),
                ('enterprise_text', fields.BinaryField(null=True)),
                ('category', fields.CharField(max_length=32)),
                ('place', fields.BinaryField()),
                ('occurred', fields.BinaryField()),
                ('description', fields.BinaryField()),
                ('identity', fields.BinaryField(null=True)),
                ('contact', fields.BinaryField(null=True)),
                ('consent_publication', fields.BooleanField(default=False)),
                ('reward_claim', fields.BooleanField(default=False)),
                ('fingerprint', fields.CharField(db_index=True, max_length=64)),
                ('duplicate_of_id', fields.IntField(null=True)),
            ],
            options={'table': 'tip', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One submission. It holds one track per kind (a report, a complaint, or both).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IdentityAccess',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tip', fields.ForeignKeyField('models.Tip', source_field='tip_id', db_constraint=True, to_field='id', related_name='identity_accesses', on_delete=OnDelete.CASCADE)),
                ('custodian', fields.CharField(max_length=100)),
                ('reason', fields.TextField(unique=False)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tip_identity_access', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One reasoned, audited opening of the submitter identity by a custodian.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TipAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tip', fields.ForeignKeyField('models.Tip', source_field='tip_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('author', fields.CharEnumField(description='SUBMITTER: submitter\nSTAFF: staff', enum_type=Author, max_length=12)),
                ('name', fields.BinaryField()),
                ('media_type', fields.CharField(max_length=40)),
                ('size', fields.IntField()),
                ('content', fields.BinaryField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tip_attachment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An uploaded file: type sniffed from its bytes, name and content sealed.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TipMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tip', fields.ForeignKeyField('models.Tip', source_field='tip_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('track_id', fields.IntField(null=True)),
                ('author', fields.CharEnumField(description='SUBMITTER: submitter\nSTAFF: staff', enum_type=Author, max_length=12)),
                ('author_id', fields.CharField(default='', max_length=100)),
                ('body', fields.BinaryField()),
                ('internal', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tip_message', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A message between the submitter and staff (or a staff-internal note). Body sealed.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TipRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=32)),
                ('effective_from', fields.DateField()),
                ('working_days', fields.IntField()),
                ('regime', fields.CharField(max_length=200)),
                ('note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'tip_rule', 'app': 'models', 'unique_together': (('key', 'effective_from'),), 'pk_attr': 'id', 'table_description': 'A tip clock in working days, in force from ``effective_from`` (DESIGN §6).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TipTrack',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tip', fields.ForeignKeyField('models.Tip', source_field='tip_id', db_constraint=True, to_field='id', related_name='tracks', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='REPORT: report\nCOMPLAINT: complaint', enum_type=TipKind, max_length=12)),
                ('state', fields.CharEnumField(default=TrackState.REGISTERED, description='REGISTERED: registered\nACCEPTED: accepted\nREFUSED: refused\nASSIGNED: assigned\nINVESTIGATING: investigating\nMEDIATING: mediating\nHANDLED: handled\nFEEDBACK: feedback\nCLOSED: closed', enum_type=TrackState, max_length=16)),
                ('department_id', fields.IntField(null=True, db_index=True)),
                ('registered_on', fields.DateField()),
                ('accept_due', fields.DateField()),
                ('accepted_on', fields.DateField(null=True)),
                ('handling_due', fields.DateField(null=True)),
                ('extended', fields.BooleanField(default=False)),
                ('current_due', fields.DateField(null=True, db_index=True)),
                ('refusal_ground', fields.CharField(null=True, max_length=32)),
                ('outcome', fields.CharField(null=True, max_length=32)),
                ('closed_on', fields.DateField(null=True)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tip_track', 'app': 'models', 'unique_together': (('tip', 'kind'),), 'pk_attr': 'id', 'table_description': 'One kind of a submission with its own state, department and clocks.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='StaffRole',
            name='role',
            field=fields.CharEnumField(description='ADMINISTRATOR: administrator\nEDITOR: editor\nREVIEWER: reviewer\nLEGAL_REVIEWER: legal_reviewer\nCREDIT_OFFICER: credit_officer\nTIP_HANDLER: tip_handler\nIDENTITY_CUSTODIAN: identity_custodian\nTIP_SUPERVISOR: tip_supervisor', enum_type=Role, max_length=32),
        ),
    ]
