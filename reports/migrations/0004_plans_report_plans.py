"""A board report covers one or more plans (``plans``), and each frozen line keeps its plan.

Step 1 of 3. The freeze triggers of 0002 come off for the data copy in 0005 (they refuse any
write to an issued report's lines) and because SQLite rebuilds a table to add or drop a column,
which would drop them silently; 0006 puts them back.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

frozen = import_module("reports.migrations.0002_issued_reports_are_frozen")


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_plans_local_plans_milestones"),
        ("reports", "0003_paper_front_sheet"),
    ]

    operations = [
        migrations.RunPython(frozen.backward, frozen.forward),
        migrations.AlterField(
            model_name="boardreport",
            name="plan",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="board_reports", to="actions.plan"
            ),
        ),
        migrations.AddField(
            model_name="boardreport",
            name="plans",
            field=models.ManyToManyField(
                help_text="The plans the report covers.", related_name="covered_by_reports", to="actions.plan"
            ),
        ),
        migrations.AddField(
            model_name="boardreportline",
            name="plan",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="actions.plan"
            ),
        ),
        migrations.AddField(
            model_name="boardreportline",
            name="plan_name",
            field=models.CharField(blank=True, help_text="The plan's name when the line was copied.", max_length=200),
        ),
        migrations.AddField(
            model_name="boardreportline",
            name="plan_short_name",
            field=models.CharField(blank=True, max_length=80),
        ),
    ]
