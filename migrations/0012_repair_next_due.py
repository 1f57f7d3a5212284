from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# Existing rows: the running clock's due date, else the submission day (the same statement on
# SQLite and PostgreSQL; see RepairApplication.next_due).
BACKFILL = """
UPDATE credit_repair SET next_due = CASE
    WHEN state = 'accepted' AND review_due IS NOT NULL THEN review_due
    WHEN state = 'reviewed' AND decision_due IS NOT NULL THEN decision_due
    ELSE date(submitted_at) END
"""


class Migration(migrations.Migration):
    dependencies = [('models', '0011_result_region')]

    initial = False

    operations = [
        ops.AddField(
            model_name='RepairApplication',
            name='next_due',
            field=fields.DateField(null=True),
        ),
        ops.RunSQL(BACKFILL, reverse_sql=""),
        ops.AlterField(
            model_name='RepairApplication',
            name='next_due',
            field=fields.DateField(),
        ),
        ops.AddIndex(
            model_name='RepairApplication',
            index=Index(fields=['state', 'next_due', 'id']),
        ),
    ]
