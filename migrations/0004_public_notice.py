from tortoise import migrations
from tortoise.migrations import operations as ops
from portal.core.models import NoticeAction
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_identity')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PublicNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(db_index=True, max_length=40)),
                ('object_id', fields.IntField()),
                ('action', fields.CharEnumField(description='WITHDRAWN: withdrawn\nCORRECTED: corrected\nREPAIRED: repaired\nDELISTED: delisted\nEXPIRED: expired', enum_type=NoticeAction, max_length=16)),
                ('title', fields.CharField(max_length=300)),
                ('summary', fields.TextField(default='', unique=False)),
                ('reason', fields.TextField(default='', unique=False)),
                ('department_id', fields.IntField(null=True, db_index=True)),
                ('enterprise_id', fields.IntField(null=True, db_index=True)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'public_notice', 'app': 'models', 'indexes': [Index(fields=['kind', 'object_id'])], 'pk_attr': 'id', 'table_description': 'A public notice that a published record changed: what, when and why (DESIGN §3).'},
            bases=['Model'],
        ),
    ]
