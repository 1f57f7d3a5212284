from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# Existing rows take their enterprise's region (the same statement on SQLite and PostgreSQL).
BACKFILL = """
UPDATE inspection_result SET region_code = (
    SELECT enterprise.region_id FROM enterprise WHERE enterprise.id = inspection_result.enterprise_id)
"""


class Migration(migrations.Migration):
    dependencies = [('models', '0010_tips')]

    initial = False

    operations = [
        ops.AddField(
            model_name='InspectionResult',
            name='region_code',
            field=fields.CharField(null=True, max_length=6),
        ),
        ops.RunSQL(BACKFILL, reverse_sql=""),
        ops.AddIndex(
            model_name='InspectionResult',
            index=Index(fields=['region_code', 'result_code', 'publication_state', 'inspected_on', 'id']),
        ),
    ]
