from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from portal.sampling.directory import CheckTrigger, RiskGrade
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_feeds')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CheckRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='check_records', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='check_records', on_delete=OnDelete.RESTRICT)),
                ('checked_on', fields.DateField()),
                ('trigger', fields.CharEnumField(description='RANDOM: random\nCASE: case', enum_type=CheckTrigger, max_length=8)),
                ('problem_found', fields.BooleanField(null=True)),
                ('task', fields.ForeignKeyField('models.SamplingTask', source_field='task_id', null=True, db_constraint=True, to_field='id', related_name='check_records', on_delete=OnDelete.SET_NULL)),
                ('note', fields.CharField(default='', max_length=300)),
            ],
            options={'table': 'sampling_check_record', 'app': 'models', 'indexes': [Index(fields=['enterprise_id', 'checked_on'])], 'pk_attr': 'id', 'table_description': 'Inspection history: one check of one enterprise (drawn checks are added by the draw).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DrawnTarget',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('task', fields.ForeignKeyField('models.SamplingTask', source_field='task_id', db_constraint=True, to_field='id', related_name='drawn_targets', on_delete=OnDelete.RESTRICT)),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='drawn_in', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField()),
                ('result', fields.ForeignKeyField('models.InspectionResult', source_field='result_id', null=True, db_constraint=True, to_field='id', related_name='drawn_target', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'sampling_drawn_target', 'app': 'models', 'unique_together': (('task', 'enterprise'),), 'pk_attr': 'id', 'table_description': 'One drawn enterprise of a task, with its inspection result once entered.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Inspector',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('certificate_no', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=50)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='inspectors', on_delete=OnDelete.RESTRICT)),
                ('staff', fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='inspector_profiles', on_delete=OnDelete.SET_NULL)),
                ('qualifications', fields.CharField(default='', max_length=300)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'sampling_inspector', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An entry in the inspector directory (执法检查人员名录库).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DrawAssignment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('target', fields.ForeignKeyField('models.DrawnTarget', source_field='target_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.CASCADE)),
                ('inspector', fields.ForeignKeyField('models.Inspector', source_field='inspector_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField()),
            ],
            options={'table': 'sampling_draw_assignment', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InspectorConflict',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('inspector', fields.ForeignKeyField('models.Inspector', source_field='inspector_id', db_constraint=True, to_field='id', related_name='conflicts', on_delete=OnDelete.CASCADE)),
                ('enterprise', fields.ForeignKeyField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='inspector_conflicts', on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharField(default='', max_length=300)),
                ('declared_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sampling_inspector_conflict', 'app': 'models', 'unique_together': (('inspector', 'enterprise'),), 'pk_attr': 'id', 'table_description': 'A declared conflict of interest: the inspector recuses from this enterprise.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanSetting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.OneToOneField('models.SamplingPlan', source_field='plan_id', db_constraint=True, to_field='id', related_name='setting', on_delete=OnDelete.CASCADE)),
                ('scope_tags', fields.CharField(default='', max_length=500)),
                ('ratio_a', fields.DecimalField(default=3, max_digits=5, decimal_places=2)),
                ('ratio_b', fields.DecimalField(default=5, max_digits=5, decimal_places=2)),
                ('ratio_c', fields.DecimalField(default=10, max_digits=5, decimal_places=2)),
                ('ratio_d', fields.DecimalField(default=20, max_digits=5, decimal_places=2)),
                ('required_qualifications', fields.CharField(default='', max_length=300)),
                ('inspectors_per_target', fields.IntField(default=2)),
                ('per_inspector_limit', fields.IntField(null=True)),
                ('yearly_cap', fields.IntField(default=2)),
                ('exclude_higher_level', fields.BooleanField(default=True)),
                ('recent_clean_days', fields.IntField(default=365)),
            ],
            options={'table': 'sampling_plan_setting', 'app': 'models', 'pk_attr': 'id', 'table_description': "How a plan's tasks draw: scope filter, ratio per risk grade, constraints."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TargetProfile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('enterprise', fields.OneToOneField('models.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='target_profile', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='target_profiles', on_delete=OnDelete.RESTRICT)),
                ('scope_tags', fields.CharField(default='', max_length=500)),
                ('risk_grade', fields.CharEnumField(description='A: A\nB: B\nC: C\nD: D', enum_type=RiskGrade, max_length=1)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'sampling_target', 'app': 'models', 'pk_attr': 'id', 'table_description': "An enterprise's entry in the target directory (检查对象名录库)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TaskDraw',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('task', fields.OneToOneField('models.SamplingTask', source_field='task_id', db_constraint=True, to_field='id', related_name='draw', on_delete=OnDelete.RESTRICT)),
                ('algorithm', fields.CharField(max_length=20)),
                ('seed_commitment', fields.CharField(max_length=64)),
                ('seed_hex', fields.CharField(max_length=64)),
                ('frame_digest', fields.CharField(max_length=64)),
                ('labelled_frame', fields.TextField(unique=False)),
                ('frame_codes', fields.TextField(unique=False)),
                ('codes_digest', fields.CharField(max_length=64)),
                ('strata', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('exclusions', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('inspector_frame', fields.TextField(unique=False)),
                ('inspector_frame_digest', fields.CharField(max_length=64)),
                ('required_qualifications', fields.CharField(default='', max_length=300)),
                ('inspectors_per_target', fields.IntField(default=2)),
                ('per_inspector_limit', fields.IntField(null=True)),
                ('committed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('committed_by', fields.CharField(max_length=100)),
                ('drawn_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('drawn_by', fields.CharField(null=True, max_length=100)),
                ('selected', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('cutoffs', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('assignments', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('recusal_counts', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('conflicts', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'sampling_draw', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The draw of one task: commitment (public), frame, and after the draw the revealed seed.'},
            bases=['Model'],
        ),
    ]
