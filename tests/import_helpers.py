"""Helpers for the import tests: write CSV / xlsx files shaped like real trackers, snapshot the database."""

import csv
import io

import openpyxl
from django.core.management import call_command

from actions.models import Action, ActionChange, AdditionalAction, PlanVersion, ProgressUpdate, Response, ResponseOwner

PLAN_HEADER = ["Theme", "Ref", "Action", "Who", "Timeline"]


def write_csv(path, rows, *, encoding="utf-8", title_rows=()):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for title in title_rows:
        writer.writerow(title)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path, sheets: dict[str, list[list]]):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def export_rows(ods="RYV", plan="people-plan-2020-21"):
    """The stable CSV export as lists (header first), exactly as `export_progress --format csv` writes it."""
    out = io.StringIO()
    call_command(
        "export_progress", "--output", "-", "--format", "csv", "--organisation", ods, "--plan", plan, stdout=out
    )
    return list(csv.reader(io.StringIO(out.getvalue())))


def national_plan_rows():
    """The People Plan as a revised-version file would hold it: Theme, Ref, Action, Who, Timeline."""
    actions = Action.objects.filter(theme__plan__slug="people-plan-2020-21", organisation__isnull=True).active()
    return [PLAN_HEADER] + [[a.theme.name, a.ref, a.text, a.who, a.timeline] for a in actions.select_related("theme")]


def snapshot():
    """Everything an import could touch, as comparable values."""
    return {
        "actions": sorted(
            Action.objects.values_list(
                "pk",
                "theme_id",
                "ref",
                "text",
                "who",
                "audience",
                "timeline",
                "start_date",
                "due_date",
                "timeline_readable",
                "withdrawn_in_id",
                "organisation_id",
            )
        ),
        "responses": sorted(Response.objects.values_list("pk", "action_id", "organisation_id", "status", "revision")),
        "owners": sorted(ResponseOwner.objects.values_list("response_id", "owner_id", "is_lead", "order")),
        "checklist": sorted(AdditionalAction.objects.values_list("response_id", "text", "done", "order")),
        "updates": sorted(ProgressUpdate.objects.values_list("response_id", "date", "status", "note")),
        "versions": sorted(PlanVersion.objects.values_list("pk", "label")),
        "changes": ActionChange.objects.count(),
    }
