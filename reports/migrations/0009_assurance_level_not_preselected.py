"""The assurance level is never pre-selected: no default (a new report starts without one; issuing
needs one, ``reports.services.report_issue``). Existing reports keep the level they have.

On SQLite the table is rebuilt, which would break the issued-report guard's triggers
(``reports.freeze``): the guard is lifted around the change and installed again.
"""

from django.db import migrations, models


def lift_guard(apps, schema_editor):
    from reports import freeze

    freeze.uninstall(schema_editor.connection)


def install_guard(apps, schema_editor):
    from reports import freeze

    freeze.install(schema_editor.connection)


LEVELS = [
    ("substantial", "Substantial"),
    ("reasonable", "Reasonable"),
    ("partial", "Partial"),
    ("none", "No assurance"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_hardening_line_revision"),
    ]

    operations = [
        migrations.RunPython(lift_guard, install_guard),
        migrations.AlterField(
            model_name="boardreport",
            name="assurance_level",
            field=models.CharField(blank=True, choices=LEVELS, max_length=12),
        ),
        migrations.AlterField(
            model_name="historicalboardreport",
            name="assurance_level",
            field=models.CharField(blank=True, choices=LEVELS, max_length=12),
        ),
        migrations.RunPython(install_guard, lift_guard),
    ]
