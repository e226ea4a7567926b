"""Step 2 of 3: every existing report covers its one plan, and each of its lines names that plan."""

from django.db import migrations


def forward(apps, schema_editor):
    BoardReport = apps.get_model("reports", "BoardReport")
    BoardReportLine = apps.get_model("reports", "BoardReportLine")
    for report in BoardReport.objects.select_related("plan").exclude(plan=None).iterator():
        report.plans.add(report.plan_id)
        BoardReportLine.objects.filter(report=report).update(
            plan=report.plan_id, plan_name=report.plan.name, plan_short_name=report.plan.short_name
        )


def backward(apps, schema_editor):
    BoardReport = apps.get_model("reports", "BoardReport")
    for report in BoardReport.objects.prefetch_related("plans").iterator(chunk_size=500):
        first = next(iter(report.plans.all()), None)
        if first is not None:
            BoardReport.objects.filter(pk=report.pk).update(plan=first.pk)


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_plans_report_plans")]

    operations = [migrations.RunPython(forward, backward)]
