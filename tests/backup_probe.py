"""What a restore must give back, read from one database: every export, history counts, sign-ins, frozen reports.

Used in-process by ``tests/test_backup_restore.py`` and, against databases of their own, as a program by
``tests/test_backup_across_databases.py``::

    DATABASE_URL=… python -m tests.backup_probe load_demo enrich snapshot=OUT.json backup=PATH

runs each step in order: ``load_demo`` (the command ``make run`` runs), ``enrich`` (a few rows the demo
lacks), ``snapshot=PATH`` (writes :func:`snapshot` as JSON), ``backup=PATH`` (``backup_data``).
"""

import datetime
import io
import json
import os
import sys
import tempfile
from pathlib import Path

DEMO_PASSWORD = "people-plan-demo"
HOSTILE_NOTE = '=HYPERLINK("x") & £10m – ok'


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _csv(*args) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("export_progress", "--output", "-", "--format", "csv", *args, stdout=out)
    return out.getvalue()


def _workbook(*args) -> dict:
    """Every sheet's cell values, as openpyxl reads them back."""
    from django.core.management import call_command
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "export.xlsx"
        call_command("export_progress", "--output", str(path), "--format", "xlsx", *args)
        book = load_workbook(path)
        return {
            sheet.title: [[_jsonable(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }


def organisation_exports() -> dict:
    from owners.models import Organisation

    return {
        ods: {"csv": _csv("--organisation", ods), "xlsx": _workbook("--organisation", ods)}
        for ods in Organisation.objects.order_by("ods_code").values_list("ods_code", flat=True)
    }


def report_exports() -> dict:
    from reports.models import BoardReport

    return {
        str(report.pk): {
            "title": report.title,
            "issued_at": _jsonable(report.issued_at),
            "lines": report.lines.count(),
            "csv": _csv("--report", str(report.pk)),
            "xlsx": _workbook("--report", str(report.pk)),
        }
        for report in BoardReport.objects.order_by("pk")
    }


def history_counts() -> dict:
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges)
    }


def row_counts() -> dict:
    """Rows of every model a backup holds, and of the many-to-many tables inside them."""
    from peopleplan.backup import backup_models
    from peopleplan.backup.scope import auto_many_to_many

    counts = {}
    for model in backup_models():
        counts[model._meta.label_lower] = model._base_manager.count()
        for field in auto_many_to_many(model):
            counts[f"{model._meta.label_lower}.{field.name}"] = field.remote_field.through._base_manager.count()
    return counts


def sign_ins() -> dict:
    from django.contrib.auth import get_user_model

    return {
        user.username: user.is_active and user.check_password(DEMO_PASSWORD)
        for user in get_user_model().objects.order_by("username")
    }


def roles() -> dict:
    """Each group's permissions and each user's groups and own permissions, by name (not by id)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def names(permissions):
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions.select_related("content_type"))

    groups = {group.name: names(group.permissions) for group in Group.objects.order_by("name")}
    users = {
        user.username: {
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "permissions": names(user.user_permissions),
            "organisation": user.membership.organisation.ods_code,
        }
        for user in get_user_model().objects.order_by("username").select_related("membership__organisation")
    }
    return {"groups": groups, "users": users}


def admin_log() -> list:
    from django.contrib.admin.models import LogEntry

    return [
        [
            entry.user.username,
            entry.content_type.app_label,
            entry.content_type.model,
            entry.object_id,
            entry.action_flag,
        ]
        for entry in LogEntry.objects.order_by("pk").select_related("user", "content_type")
    ]


class _Undo(Exception):
    """Rolls back an attempt that was allowed (a draft may change; the probe must not change it)."""


def _refused(attempt) -> bool:
    from django.db import DatabaseError, transaction

    from reports.models import ReportIssued

    try:
        with transaction.atomic():
            attempt()
            raise _Undo
    except _Undo:
        return False
    except (ReportIssued, DatabaseError):
        return True


def frozen() -> dict:
    """For each report: are a change through the model and one straight to the database (triggers) refused?

    An issued report must refuse all four; a draft none.
    """
    from django.db import connection

    from reports.models import BoardReport

    def raw_update(line):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE reports_boardreportline SET status = %s WHERE id = %s", ["complete", line.pk])

    result = {}
    for report in BoardReport.objects.order_by("pk"):
        line = report.lines.order_by("pk").first()
        same = BoardReport.objects.filter(pk=report.pk)
        result[str(report.pk)] = {
            "report save": _refused(same.get().save),
            "report UPDATE": _refused(lambda same=same: same.update(title="changed")),
            "line save": _refused(line.save),
            "line UPDATE": _refused(lambda line=line: raw_update(line)),
        }
    return result


def snapshot() -> dict:
    return {
        "organisations": organisation_exports(),
        "reports": report_exports(),
        "history": history_counts(),
        "rows": row_counts(),
        "sign_ins": sign_ins(),
        "roles": roles(),
        "admin_log": admin_log(),
        "frozen": frozen(),
    }


def enrich():
    """What the demo lacks: a revised plan version (ActionChange rows, withdrawn actions), hostile text in an update,
    a checklist item, a draft report, a user's own permission, an admin log row."""
    from django.conf import settings
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    from actions.models import Plan, Response, Status
    from actions.services import checklist_item_add, response_record_update
    from owners.models import Owner
    from reports.services import report_create

    sample = Path(settings.BASE_DIR) / "fixtures" / "samples" / "people-plan-v4-sample.csv"
    call_command("import_plan", str(sample), "--label", "v4 sample", stdout=io.StringIO())
    users = {user.username: user for user in get_user_model().objects.all()}
    response = Response.objects.get(
        organisation__ods_code="RYV",
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=1,
        action__ref=5,
    )
    response_record_update(response=response, user=users["hr.lead"], status=Status.AT_RISK, note=HOSTILE_NOTE)
    checklist_item_add(response=response, user=users["hr.lead"], text="@SUM(A1) – agree the wellbeing offer")
    report_create(
        organisation=response.organisation,
        plan=Plan.objects.get(slug="people-plan-2020-21"),
        user=users["secretary"],
        title="Draft for the next board",
        meeting_date=datetime.date(2027, 1, 21),
        author="Sam Clarke",
        executive_sponsor="Director of Workforce",
        as_at=datetime.date(2027, 1, 14),
    )
    users["admin"].user_permissions.add(Permission.objects.get(codename="download_export"))
    owner = Owner.objects.get(organisation=response.organisation, initials="AH")
    LogEntry.objects.create(
        user=users["admin"],
        content_type=ContentType.objects.get_for_model(Owner),
        object_id=str(owner.pk),
        object_repr=str(owner),
        action_flag=CHANGE,
        change_message="[]",
    )


def _step(step: str):
    from django.core.management import call_command

    name, _, argument = step.partition("=")
    if name == "load_demo":
        call_command("load_demo", stdout=io.StringIO())
    elif name == "enrich":
        enrich()
    elif name == "snapshot":
        Path(argument).write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1))
    elif name == "backup":
        call_command("backup_data", "--output", argument, stdout=io.StringIO())
    else:
        raise SystemExit(f"unknown step {step!r}")


def main(steps):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peopleplan.settings_test")
    django.setup()
    for step in steps:
        _step(step)


if __name__ == "__main__":
    main(sys.argv[1:])
