from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_query_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobWatermark',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=60)),
                ('cursor_day', fields.DateField()),
                ('cursor_id', fields.BigIntField(default=0)),
                ('processed', fields.BigIntField(default=0)),
                ('ran_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'job_watermark', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Everything ordered at or before ``(cursor_day, cursor_id)`` is done for job ``name``.'},
            bases=['Model'],
        ),
    ]
