"""Step 3 of 3: the single plan field goes; the freeze triggers of 0002 are back."""

from importlib import import_module

from django.db import migrations, models

frozen = import_module("reports.migrations.0002_issued_reports_are_frozen")


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_plans_report_plans_data")]

    operations = [
        migrations.RemoveField(model_name="boardreport", name="plan"),
        migrations.RemoveField(model_name="historicalboardreport", name="plan"),
        migrations.AlterField(
            model_name="boardreport",
            name="plans",
            field=models.ManyToManyField(
                help_text="The plans the report covers.", related_name="board_reports", to="actions.plan"
            ),
        ),
        migrations.RunPython(frozen.forward, frozen.backward),
    ]
