"""Local plans: the demo trust's WDES and WRES 2023/24 plans loaded by `load_demo`, and a local plan made
with `import_plan --organisation ODS` or the admin's upload — its own organisation's, nobody else's."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import (
    Action,
    AdditionalAction,
    Plan,
    PlanVersion,
    ProgressUpdate,
    Response,
    ResponseOwner,
    Theme,
)
from reports.models import BoardReport, BoardReportLine
from tests.import_helpers import PLAN_HEADER, snapshot, write_csv

pytestmark = pytest.mark.django_db
FOUR = ["people-plan-2020-21", "nhs-edi-improvement-plan-2023", "ryv-wdes-2023-24", "ryv-wres-2023-24"]
ADMIN_IMPORT = "/admin/actions/planversion/import/"


def slugs(plans):
    return [plan.slug for plan in plans]


def import_plan(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def import_fails(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_plan", str(path), "--label", "v1", *args, stdout=io.StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def strategy_file(tmp_path, rows=None):
    rows = rows or [
        ["Our people", 1, "Launch a staff wellbeing hub.", "", "(by March 2025)"],
        ["Our people", 2, "Publish a flexible working promise.", "", "by June 2025; by June 2026"],
    ]
    return write_csv(tmp_path / "strategy.csv", [PLAN_HEADER, *rows])


# --- load_demo ----------------------------------------------------------------------------------


def test_four_plans_for_the_demo_trust_and_one_for_the_other(trust, other_trust):
    assert slugs(Plan.objects.responded_by(trust)) == FOUR
    assert slugs(Plan.objects.responded_by(other_trust)) == ["people-plan-2020-21"]
    local = Plan.objects.filter(organisation__isnull=False)
    assert sorted((p.slug, p.organisation.ods_code) for p in local) == [
        ("ryv-wdes-2023-24", "RYV"),
        ("ryv-wres-2023-24", "RYV"),
    ]
    assert Plan.objects.get(slug="nhs-edi-improvement-plan-2023").organisation is None


def _state():
    models = (Plan, PlanVersion, Theme, Action, Response, ResponseOwner, AdditionalAction, ProgressUpdate)
    counts = {model.__name__: model.objects.count() for model in (*models, BoardReport, BoardReportLine)}
    return counts, snapshot(), sorted(Plan.objects.values_list("slug", "name", "short_name", "organisation_id"))


def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")  # the full demo: illustrative updates and the demo reports too
    before = _state()
    call_command("load_demo")
    assert _state() == before
    out = capsys.readouterr().out
    assert "Demo data already loaded" in out  # load_demo never loads twice (issue 21): the plans stay as they are


def test_load_demo_never_overwrites_a_local_edit_of_a_loaded_plan(trust, hr_lead):
    response = Response.objects.get(
        organisation=trust, action__theme__plan__slug="ryv-wdes-2023-24", action__ref=1, action__theme__number=1
    )
    item = response.checklist.first()
    item.text = "Edited locally"
    item.save()
    call_command("load_demo", "--no-updates", stdout=io.StringIO())
    item.refresh_from_db()
    assert item.text == "Edited locally" and response.checklist.count() == 5
    assert response.updates.count() == 1


def _response(trust, slug, theme, ref):
    return Response.objects.get(
        organisation=trust, action__theme__plan__slug=slug, action__theme__number=theme, action__ref=ref
    )


def test_each_objective_is_an_action_its_position_the_first_update_its_actions_the_checklist(trust):
    wdes = _response(trust, "ryv-wdes-2023-24", 1, 1)
    assert wdes.action.text.startswith("We will roll out two-line manager's programmes")
    assert wdes.action.theme.name == "Inclusive Leadership and Management"
    (update,) = wdes.updates.all()
    assert (update.date, update.status, update.author) == (datetime.date(2023, 11, 22), "not_started", None)
    assert update.note.startswith("We offer a new manager induction session, which is not mandatory.")
    assert [item.text for item in wdes.checklist.order_by("order")][:2] == [
        "New Managers Induction: We will review the content of our new manager's induction session and make this "
        "mandatory for all those appointed either externally or internally into a line manager position.",
        "Booking will be part of onboarding into the new role.",
    ]
    assert wdes.status == "not_started" and not wdes.owners.exists()


def test_a_position_the_paper_dates_keeps_its_date_and_the_objective_its_timeline(trust):
    target = _response(trust, "ryv-wres-2023-24", 1, 5)
    assert (target.action.timeline, str(target.action.due_date)) == ("by March 2025", "2025-03-31")
    (update,) = target.updates.all()
    assert update.date == datetime.date(2023, 7, 31)
    assert (
        update.note == "Position as of end July 2023 culturally diverse staff % Band 6 10.8% Band 7 11.5% Band 8a 8.2%"
    )
    assert target.checklist.count() == 11


def test_an_objective_without_a_position_has_no_update(trust):
    continued = _response(trust, "ryv-wres-2023-24", 3, 1)
    assert continued.updates.count() == 0
    assert [i.text for i in continued.checklist.order_by("order")] == [
        "Reducing Incidents that occur.",
        "Encouraging colleagues to report incidents if they do occur.",
        "Build on support available to staff if this does occur.",
    ]


# --- import_plan --organisation ODS ------------------------------------------------------------------


def test_import_plan_with_organisation_makes_a_local_plan_its_organisation_responds_to(tmp_path, trust, other_trust):
    out = import_plan(
        strategy_file(tmp_path),
        "--plan",
        "zz-strategy",
        "--plan-name",
        "ZZ People Strategy",
        "--label",
        "v1",
        "--organisation",
        "ZZ001",
    )
    assert out.splitlines()[0] == "added=2 changed=0 withdrawn=0 unchanged=0"
    plan = Plan.objects.get(slug="zz-strategy")
    assert (plan.name, plan.organisation) == ("ZZ People Strategy", other_trust)
    responses = Response.objects.filter(action__theme__plan=plan)
    assert sorted(responses.values_list("organisation__ods_code", "status")) == [("ZZ001", "not_started")] * 2
    assert slugs(Plan.objects.responded_by(other_trust)) == ["people-plan-2020-21", "zz-strategy"]
    assert "zz-strategy" not in slugs(Plan.objects.visible_to(trust))
    assert not Response.objects.of(trust).filter(action__theme__plan=plan).exists()
    second = Action.objects.get(theme__plan=plan, ref=2)
    assert (str(second.due_date), second.milestones) == ("2025-06-30", [{"due": "2026-06-30", "label": "by June 2026"}])


def test_a_revised_version_of_a_local_plan_for_its_own_organisation(tmp_path, trust):
    actions = Action.objects.filter(theme__plan__slug="ryv-wdes-2023-24").select_related("theme")
    rows = [[a.theme.name, a.ref, a.text, a.who, a.timeline] for a in actions]
    rows[-1][2] = "See above for actions about violence and aggression from the public (revised)."
    rows.append(["Inclusive Leadership and Management", 3, "A new objective.", "", ""])
    path = write_csv(tmp_path / "wdes.csv", [PLAN_HEADER, *rows])
    out = import_plan(path, "--plan", "ryv-wdes-2023-24", "--label", "v2", "--organisation", "RYV")
    assert out.splitlines()[0] == "added=1 changed=1 withdrawn=0 unchanged=4"
    added = Response.objects.get(organisation=trust, action__theme__plan__slug="ryv-wdes-2023-24", action__ref=3)
    assert added.action.text == "A new objective." and added.status == "not_started"


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--plan", "people-plan-2020-21", "--organisation", "RYV"],
            "is a national plan: it cannot be imported as a local plan",
        ),
        (["--plan", "ryv-wdes-2023-24"], "is a local plan of one organisation: name that organisation"),
        (["--plan", "ryv-wdes-2023-24", "--organisation", "ZZ001"], "has no plan ryv-wdes-2023-24"),
    ],
)
def test_a_plan_is_imported_only_for_its_own_organisation(tmp_path, args, message):
    before = (snapshot(), list(Plan.objects.values_list("slug", "organisation_id")))
    error, lines = import_fails(strategy_file(tmp_path), *args)
    assert "nothing was changed" in error and message in lines
    assert (snapshot(), list(Plan.objects.values_list("slug", "organisation_id"))) == before


def test_an_unknown_organisation_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match="No organisation with ODS code 'NOPE'"):
        call_command(
            "import_plan", str(strategy_file(tmp_path)), "--plan", "x", "--label", "v1", "--organisation", "NOPE"
        )
    assert not Plan.objects.filter(slug="x").exists()


# --- hostile and odd input: rows named by row and column, nothing applied ------------------------------


def test_bad_rows_of_a_new_local_plan_are_all_named_and_nothing_is_created(tmp_path):
    rows = [
        ["Our people", "2a", "Ref with a letter.", "", "(by March 2025)"],
        ["Our people", 1, "   ", "", ""],
        ["Our people", 3, "First.", "", ""],
        ["our  PEOPLE", 3, "Same theme and ref again.", "", ""],
        ["", 4, "No theme.", "", ""],
    ]
    error, lines = import_fails(strategy_file(tmp_path, rows), "--plan", "ryv-strategy", "--organisation", "RYV")
    assert lines.splitlines() == [
        'error: row 2, column "Ref": "2a" is not a positive whole number',
        'error: row 3, column "Action": the action text is empty',
        'error: row 5, column "Ref": duplicate theme and ref: our PEOPLE 3 is also on row 4',
        'error: row 6, column "Theme": enter the theme',
    ]
    assert "4 error(s): nothing was changed" in error
    assert not Plan.objects.filter(slug="ryv-strategy").exists()


def test_unreadable_timelines_are_warnings_kept_as_text_never_guessed(tmp_path, trust):
    rows = [
        ["Our people", 1, "Dated oddly.", "", "by Q3 2024 and by 2025"],
        ["Our people", 2, "Garbled.", "", "(by Smarch 2024)"],
        ["Our people", 3, "<script>alert(1)</script> =HYPERLINK(1)", "", "(March 2024)"],
    ]
    out = import_plan(strategy_file(tmp_path, rows), "--plan", "ryv-strategy", "--label", "v1", "--organisation", "RYV")
    assert 'warning: row 2, column "Timeline": "by Q3 2024 and by 2025" is not a timeline we can read' in out
    assert 'warning: row 3, column "Timeline": "(by Smarch 2024)" is not a timeline we can read' in out
    actions = {a.ref: a for a in Action.objects.filter(theme__plan__slug="ryv-strategy")}
    assert [(a.timeline_readable, a.due_date, a.milestones) for a in (actions[1], actions[2])] == [
        (False, None, [])
    ] * 2
    # Markup in a cell is reduced to its text (never stored as HTML); formula-like text stays text.
    assert actions[3].text == "alert(1) =HYPERLINK(1)" and str(actions[3].due_date) == "2024-03-31"


# --- the admin's upload ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def uploads_in_tmp_path(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"


def _upload(client, path, **fields):
    data = {"label": "v1", "new_plan_slug": "", "new_plan_name": "", **fields}
    return client.post(ADMIN_IMPORT, {**data, "file": SimpleUploadedFile(path.name, path.read_bytes())})


def test_a_plan_made_from_the_admin_upload_is_the_administrators_organisations(client, plan_admin, trust, tmp_path):
    client.force_login(plan_admin)
    response = _upload(
        client, strategy_file(tmp_path), plan="__new__", new_plan_slug="ryv-strategy", new_plan_name="RYV strategy"
    )
    preview = client.get(response.url).content.decode()
    assert "a new plan, slug ryv-strategy, local to Cambridgeshire Community Services NHS Trust" in preview
    client.post(response.url, {"confirm": "1"})
    plan = Plan.objects.get(slug="ryv-strategy")
    assert plan.organisation == trust
    assert Response.objects.filter(action__theme__plan=plan, organisation=trust).count() == 2


def test_the_admin_upload_never_offers_or_accepts_another_organisations_local_plan(client, plan_admin, tmp_path):
    other = import_plan(
        strategy_file(tmp_path),
        "--plan",
        "zz-strategy",
        "--plan-name",
        "ZZ secret strategy",
        "--label",
        "v1",
        "--organisation",
        "ZZ001",
    )
    assert other
    client.force_login(plan_admin)
    form = client.get(ADMIN_IMPORT).content.decode()
    assert "ZZ secret strategy" not in form and "zz-strategy" not in form
    assert "WDES action plan 2023/24 (local plan of Cambridgeshire Community Services NHS Trust)" in form
    before = snapshot()
    response = _upload(client, strategy_file(tmp_path), plan="zz-strategy")
    assert response.status_code == 400 and "Plan: choose one of the options listed" in response.content.decode()
    assert snapshot() == before
