"""Plan as a dimension of the pages and exports: plan filter, per-plan dashboard panels, rows and the action
page naming their plan, search across every plan, and `export_progress` with and without `--plan`."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from actions.models import Response
from tests.pages_helpers import own

pytestmark = pytest.mark.django_db
EDI = "nhs-edi-improvement-plan-2023"
WDES = "ryv-wdes-2023-24"
COUNTS = {"people-plan-2020-21": 102, EDI: 20, WDES: 5, "ryv-wres-2023-24": 9}


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


def response(trust, slug, theme, ref):
    return Response.objects.get(
        organisation=trust, action__theme__plan__slug=slug, action__theme__number=theme, action__ref=ref
    )


# --- the action list ---------------------------------------------------------------------------------


def test_the_action_list_shows_every_plan_by_default_each_row_naming_its_plan(client, hr_lead):
    listing = page(client, hr_lead, "action_list")
    assert listing.context["page_obj"].paginator.count == sum(COUNTS.values())
    html = listing.content.decode()
    assert '<option value="" selected>All plans</option>' in html
    assert html.count('class="nhsuk-body-s app-meta app-plan-name"') == 25  # every row of the first page


def test_the_plan_filter_narrows_the_list_to_one_plan(client, hr_lead):
    listing = page(client, hr_lead, "action_list", plan=EDI)
    rows = list(listing.context["page_obj"])
    assert listing.context["page_obj"].paginator.count == 20
    assert {r.action.theme.plan.slug for r in rows} == {EDI}
    assert [(r.action.theme.number, r.action.ref) for r in rows][:4] == [(1, 1), (1, 2), (1, 3), (2, 1)]
    assert "EDI plan 2023" in listing.content.decode()


def test_theme_choices_are_grouped_by_plan(client, hr_lead, other_hr):
    html = page(client, hr_lead, "action_list").content.decode()
    for label in ("People Plan 2020/21", "EDI plan 2023", "WDES 2023/24", "WRES 2023/24"):
        assert f'<optgroup label="{label}">' in html
    other = page(client, other_hr, "action_list").content.decode()
    assert "<optgroup" in other and "WDES" not in other and "Inclusive Leadership" not in other


def test_plan_and_theme_filters_combine_and_a_theme_is_one_plans(client, hr_lead, trust):
    target = response(trust, EDI, 3, 2)
    listing = page(client, hr_lead, "action_list", plan=EDI, theme=target.action.theme_id)
    assert [(r.action.theme.number, r.action.ref) for r in listing.context["page_obj"]] == [(3, 1), (3, 2), (3, 3)]


def test_search_covers_every_plan(client, hr_lead, trust):
    for words, slug in [("Mend the Gap", EDI), ("Cultural Intelligence Training", "ryv-wres-2023-24")]:
        rows = list(page(client, hr_lead, "action_list", q=words).context["page_obj"])
        assert [r.action.theme.plan.slug for r in rows] == [slug]
    checklist = list(page(client, hr_lead, "action_list", q="Stepping Up programme").context["page_obj"])
    assert [(r.action.theme.plan.slug, r.action.theme.number, r.action.ref) for r in checklist] == [
        ("ryv-wres-2023-24", 1, 5)
    ]


@pytest.mark.parametrize("slug", [WDES, "no-such-plan"])
def test_a_plan_the_organisation_does_not_respond_to_is_a_404(client, other_hr, slug):
    assert page(client, other_hr, "action_list", plan=slug).status_code == 404
    assert page(client, other_hr, "my_actions", plan=slug).status_code == 404


# --- my actions ------------------------------------------------------------------------------------------


def test_my_actions_filters_by_plan_and_names_each_rows_plan(client, hr_lead, trust):
    edi = response(trust, EDI, 3, 2)
    own(edi, hr_lead)
    everything = page(client, hr_lead, "my_actions")
    assert edi in everything.context["responses"] and len(everything.context["responses"]) > 1
    assert [p.slug for p in everything.context["plans"]] == list(COUNTS)
    only_edi = page(client, hr_lead, "my_actions", plan=EDI)
    assert only_edi.context["responses"] == [edi]
    html = only_edi.content.decode()
    assert f'<option value="{EDI}" selected>NHS EDI improvement plan 2023</option>' in html
    assert "of NHS EDI improvement plan 2023 as lead or supporting owner" in html
    assert "EDI plan 2023" in html


# --- the dashboard -----------------------------------------------------------------------------------------


def test_the_dashboard_has_one_panel_per_plan(client, hr_lead, other_hr):
    panels = page(client, hr_lead, "dashboard").context["panels"]
    assert [(p["plan"]["slug"], p["total"]) for p in panels] == list(COUNTS.items())
    edi = panels[1]
    assert [t["number"] for t in edi["themes"]] == [1, 2, 3, 4, 5, 6]
    assert sum(c["total"] for c in edi["status_columns"]) == 20
    html = page(client, hr_lead, "dashboard").content.decode()
    assert f'id="plan-{EDI}">NHS EDI improvement plan 2023</h3>' in html
    assert f"?plan={EDI}&amp;theme={edi['themes'][0]['id']}" in html
    other = page(client, other_hr, "dashboard").context["panels"]
    assert [p["plan"]["slug"] for p in other] == ["people-plan-2020-21"]


# --- the action page -------------------------------------------------------------------------------------


def test_the_action_page_names_its_plan_and_shows_its_milestones(client, hr_lead, trust):
    edi = response(trust, EDI, 2, 1)
    html = page(client, hr_lead, "response_detail", edi.pk).content.decode()
    assert '<dd class="nhsuk-summary-list__value" id="plan-name">NHS EDI improvement plan 2023</dd>' in html
    assert "<strong>30 June 2025</strong> – evidence the progress of implementation (by June 2025)" in html
    assert "30 June 2024" in html  # the due date: the first of its dates


def test_a_local_plans_action_page_says_it_is_the_organisations_own(client, hr_lead, other_hr, trust):
    wdes = response(trust, WDES, 1, 1)
    html = page(client, hr_lead, "response_detail", wdes.pk).content.decode()
    assert "WDES action plan 2023/24 <span" in html and "(your organisation's own plan)" in html
    assert "The plan's action" in html and 'id="milestones"' not in html
    assert page(client, other_hr, "response_detail", wdes.pk).status_code == 404


# --- export_progress with and without --plan ---------------------------------------------------------------


def export(*args, ods="RYV"):
    out = io.StringIO()
    call_command("export_progress", "--output", "-", "--format", "csv", "--organisation", ods, *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_plan_all_is_every_plan_the_organisation_responds_to_plan_by_plan():
    rows = export("--plan", "all")
    plans = [row["Plan"] for row in rows]
    assert list(dict.fromkeys(plans)) == [
        "NHS People Plan 2020/21",
        "NHS EDI improvement plan 2023",
        "WDES action plan 2023/24",
        "WRES action plan 2023/24",
    ]
    assert len(rows) == sum(COUNTS.values())
    # The People Plan's rows are field for field those of `--plan people-plan-2020-21`, in the same order.
    assert [r for r in rows if r["Plan"] == "NHS People Plan 2020/21"] == export("--plan", "people-plan-2020-21")
    assert {row["Plan"] for row in export("--plan", "all", ods="ZZ001")} == {"NHS People Plan 2020/21"}


def test_without_plan_the_export_is_the_people_plan_as_design_md_says():
    assert export() == export("--plan", "people-plan-2020-21")
    assert {row["Plan"] for row in export()} == {"NHS People Plan 2020/21"}


def test_another_organisations_local_plan_is_not_there_for_the_export():
    with pytest.raises(CommandError, match="No plan with slug 'ryv-wdes-2023-24'"):
        export("--plan", WDES, ods="ZZ001")
    assert len(export("--plan", WDES)) == 5


def test_the_live_workbook_of_every_plan_has_unique_plan_prefixed_theme_sheets(client, hr_lead):
    from openpyxl import load_workbook

    client.force_login(hr_lead)
    download = client.get(reverse("action_list_export"))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    sheets = book.sheetnames[3:]
    assert len(sheets) == 9 + 6 + 3 + 3 and len({s.casefold() for s in sheets}) == len(sheets)
    assert sheets[0] == "People Plan 2020 21 1 Health an"  # "/" is not allowed in a sheet name
    firsts = [
        "People Plan 2020 21 1 Health an",
        "EDI plan 2023 1 Chief executive",
        "WDES 2023 24 1 Inclusive Leader",
        "WRES 2023 24 1 Workforce Race E",
    ]
    assert [sheets.index(name) for name in firsts] == [0, 9, 15, 18]  # plan by plan, each plan's theme 1 first
    assert next(book["Exceptions"].iter_rows(min_row=2, max_row=2, values_only=True))[0] == "Plan"  # under the title
