"""History: every service that writes leaves a history row naming who, when, and old → new.

Services are called outside a request (as commands and imports call them), so the history
user can only come from the service itself, never from HistoryRequestMiddleware.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.imports.responses.apply import response_import_apply
from actions.imports.responses.compare import read_response_file, response_import_preview
from actions.models import Action, ActionChange, AdditionalAction, PlanVersion, ProgressUpdate, Response, Status
from owners.models import Owner
from reports import services as report_services
from tests.import_helpers import export_rows, national_plan_rows, write_csv

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def latest_change(obj):
    """(history user, when, {field: (old, new)}) of the object's latest history row."""
    new, *rest = obj.history.order_by("-history_date", "-history_id")[:2]
    changes = {}
    if rest:
        changes = {c.field: (c.old, c.new) for c in new.diff_against(rest[0]).changes}
    return new.history_user, new.history_date, changes


def assert_recent(when):
    assert timezone.now() - when < datetime.timedelta(minutes=5)


@pytest.fixture
def response(trust):
    return Response.objects.filter(organisation=trust, status=Status.NOT_STARTED).order_by("pk").first()


def test_recording_an_update_records_the_status_change_and_the_new_note(response, hr_lead):
    update = services.response_record_update(response=response, user=hr_lead, status=Status.ON_TRACK, note="Begun.")
    user, when, changes = latest_change(Response.objects.get(pk=response.pk))
    assert user == hr_lead and changes["status"] == (Status.NOT_STARTED, Status.ON_TRACK)
    assert_recent(when)
    created = update.history.get()
    assert created.history_type == "+" and created.history_user == hr_lead and created.note == "Begun."


def test_changing_the_local_due_date_records_old_and_new(response, hr_lead):
    services.response_update_details(
        response=response, user=hr_lead, status=response.status, local_due_date=datetime.date(2026, 3, 31)
    )
    user, when, changes = latest_change(Response.objects.get(pk=response.pk))
    assert user == hr_lead and changes["local_due_date"] == (None, datetime.date(2026, 3, 31))


def test_checklist_add_edit_done_and_move_each_record_who_and_what(response, hr_lead):
    first = services.checklist_item_add(response=response, user=hr_lead, text="First step")
    second = services.checklist_item_add(response=response, user=hr_lead, text="Second step")
    assert first.history.get().history_user == hr_lead
    services.checklist_item_edit(item=first, user=hr_lead, text="First step, revised")
    assert latest_change(first)[0] == hr_lead
    assert latest_change(first)[2]["text"] == ("First step", "First step, revised")
    services.checklist_item_set_done(item=first, user=hr_lead, done=True)
    assert latest_change(first)[2] == {"done": (False, True)}
    services.checklist_item_move(item=second, user=hr_lead, direction=-1)
    user, _, changes = latest_change(AdditionalAction.objects.get(pk=second.pk))
    assert user == hr_lead and changes["order"][1] < changes["order"][0]


def test_each_board_report_service_records_the_user(trust, secretary, make_report):
    report = make_report()
    created = report.history.order_by("history_id").first()
    assert created.history_type == "+" and created.history_user == secretary
    report_services.report_update(report=report, user=secretary, title="Renamed report")
    user, _, changes = latest_change(report)
    assert user == secretary and changes["title"] == ("People Plan progress", "Renamed report")
    report_services.report_refresh(report=report, user=secretary)
    user, _, changes = latest_change(report)
    assert user == secretary and "snapshot_at" in changes
    report_services.report_issue(report=report, user=secretary)
    user, _, changes = latest_change(report)
    assert user == secretary and changes["issued_at"][0] is None and changes["issued_by"][1] == secretary.pk


def test_a_plan_import_records_the_version_and_each_action_change_as_the_importing_user(tmp_path, plan_admin):
    from django.core.management import call_command

    rows = national_plan_rows()
    rows[1] = [rows[1][0], rows[1][1], rows[1][2] + " (revised)", rows[1][3], rows[1][4]]
    path = write_csv(tmp_path / "v4.csv", rows)
    call_command("import_plan", str(path), "--label", "v4 history", "--user", "admin", stdout=open("/dev/null", "w"))
    version = PlanVersion.objects.get(label="v4 history")
    assert version.history.get().history_user == plan_admin and version.imported_by == plan_admin
    change = ActionChange.objects.get(version=version, field="text")
    assert change.old + " (revised)" == change.new
    user, _, changes = latest_change(Action.objects.get(pk=change.action_id))
    assert user == plan_admin and changes["text"] == (change.old, change.new)


def test_a_response_import_records_each_change_as_the_importing_user(tmp_path, trust, hr_lead):
    rows = export_rows()
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("Status")] == "Not started")
    row[header.index("Status")] = "At risk"
    data = write_csv(tmp_path / "edited.csv", rows).read_bytes()
    preview = response_import_preview(
        organisation=trust, rows=read_response_file(data=data, file_name="e.csv"), file_name="e.csv"
    )
    assert response_import_apply(preview=preview, user=hr_lead) == 1
    changed = Response.objects.get(
        organisation=trust, action__theme__name=row[header.index("Theme")], action__ref=int(row[header.index("Ref")])
    )
    user, _, changes = latest_change(changed)
    assert user == hr_lead and changes["status"] == (Status.NOT_STARTED, Status.AT_RISK)
    assert ProgressUpdate.objects.filter(response=changed).latest("pk").history.get().history_user == hr_lead


def test_owner_changes_in_the_admin_record_the_administrator(client, plan_admin, trust):
    owner = Owner.objects.filter(organisation=trust, user__isnull=True).first()
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    page = client.post(
        reverse("admin:owners_owner_change", args=[owner.pk]),
        {
            "organisation": trust.pk,
            "initials": owner.initials,
            "name": "Renamed Owner",
            "role": owner.role,
            "email": owner.email,
        },
    )
    assert page.status_code == 302, page.content.decode()[:1500]
    user, when, changes = latest_change(Owner.objects.get(pk=owner.pk))
    assert user == plan_admin and changes["name"] == (owner.name, "Renamed Owner")
    assert_recent(when)


def test_plan_version_changes_in_the_admin_record_the_administrator(client, plan_admin):
    from django.contrib.auth.models import Permission

    plan_admin.user_permissions.add(Permission.objects.get(codename="change_planversion"))
    version = PlanVersion.objects.first()
    client.force_login(plan_admin, backend=MODEL_BACKEND)
    data = {f: getattr(version, f) for f in ("label", "file_name", "added", "changed", "withdrawn", "unchanged")}
    page = client.post(
        reverse("admin:actions_planversion_change", args=[version.pk]),
        {**data, "plan": version.plan_id, "label": "Relabelled"},
    )
    assert page.status_code == 302, page.content.decode()[:1500]
    user, _, changes = latest_change(PlanVersion.objects.get(pk=version.pk))
    assert user == plan_admin and changes["label"] == (version.label, "Relabelled")
