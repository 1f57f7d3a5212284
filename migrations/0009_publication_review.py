from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from portal.core.publication import PublicationState
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_credit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Revision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=40)),
                ('object_id', fields.IntField()),
                ('department_id', fields.IntField(db_index=True)),
                ('number', fields.IntField(default=1)),
                ('state', fields.CharEnumField(default=PublicationState.DRAFT, db_index=True, description='DRAFT: draft\nIN_REVIEW: in_review\nLEGAL_REVIEW: legal_review\nAPPROVED: approved\nPUBLISHED: published\nWITHDRAWN: withdrawn', enum_type=PublicationState, max_length=16)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('masks', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('major', fields.BooleanField(default=False)),
                ('correction_reason', fields.TextField(null=True, unique=False)),
                ('comments', fields.TextField(default='', unique=False)),
                ('author', fields.CharField(max_length=100)),
                ('author_name', fields.CharField(default='', max_length=100)),
                ('reviewer', fields.CharField(null=True, max_length=100)),
                ('legal_reviewer', fields.CharField(null=True, max_length=100)),
                ('go_live_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'publication_revision', 'app': 'models', 'indexes': [Index(fields=['kind', 'object_id'])], 'pk_attr': 'id', 'table_description': 'One round of editing a record, from draft to publication (staff only, never public).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Version',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=40)),
                ('object_id', fields.IntField()),
                ('number', fields.IntField()),
                ('data', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('public', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('published_by', fields.CharField(max_length=100)),
                ('reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'publication_version', 'app': 'models', 'unique_together': (('kind', 'object_id', 'number'),), 'pk_attr': 'id', 'table_description': 'A published version of a record: kept forever so staff can compare versions.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WorkdayYear',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('year', fields.IntField(unique=True)),
                ('holidays', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('makeup_workdays', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('source', fields.CharField(default='', max_length=300)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_by', fields.CharField(default='', max_length=100)),
            ],
            options={'table': 'workday_year', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The State Council holiday schedule of one year, entered by staff (2027 onward).'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Penalty',
            name='revokes_licence',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
