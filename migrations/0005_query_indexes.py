from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_public_notice')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Enterprise',
            index=Index(fields=['region_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Enterprise',
            index=Index(fields=['industry_id', 'id']),
        ),
        ops.RemoveIndex(
            model_name='InspectionResult',
            name=None,
            fields=['enterprise_id', 'inspected_on'],
        ),
        ops.AddIndex(
            model_name='InspectionResult',
            index=Index(fields=['enterprise_id', 'inspected_on', 'id']),
        ),
        ops.AddIndex(
            model_name='InspectionResult',
            index=Index(fields=['result_code', 'publication_state', 'inspected_on', 'id']),
        ),
        ops.RemoveIndex(
            model_name='ListEntry',
            name=None,
            fields=['enterprise_id', 'listed_on'],
        ),
        ops.AddIndex(
            model_name='ListEntry',
            index=Index(fields=['enterprise_id', 'listed_on', 'id']),
        ),
        ops.RemoveIndex(
            model_name='Penalty',
            name=None,
            fields=['enterprise_id', 'decided_on'],
        ),
        ops.AddIndex(
            model_name='Penalty',
            index=Index(fields=['enterprise_id', 'decided_on', 'id']),
        ),
    ]
