"""Board reports over several plans: chosen when created, grouped by plan on the page, in the workbook and
in the changes since the last report."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Plan, Response, Status
from actions.services import response_record_update
from reports.models import BoardReport
from reports.selectors import report_changes

pytestmark = pytest.mark.django_db
NAMES = [
    "NHS People Plan 2020/21",
    "NHS EDI improvement plan 2023",
    "WDES action plan 2023/24",
    "WRES action plan 2023/24",
]
EDI = "nhs-edi-improvement-plan-2023"


@pytest.fixture
def four_plans(trust):
    return list(Plan.objects.responded_by(trust))


@pytest.fixture
def make_multi(make_report, four_plans):
    def _make(**fields):
        return make_report(plans=fields.pop("plans", four_plans), **fields)

    return _make


def edi_response(trust, theme, ref):
    return Response.objects.get(
        organisation=trust, action__theme__plan__slug=EDI, action__theme__number=theme, action__ref=ref
    )


def workbook(client, user, report):
    client.force_login(user)
    download = client.get(reverse("report_workbook", args=[report.pk]))
    return load_workbook(io.BytesIO(b"".join(download.streaming_content)))


def test_a_report_over_four_plans_copies_their_lines_plan_by_plan(make_multi):
    report = make_multi(title="Bi-Annual People Strategy Update")
    assert sorted(report.plans.values_list("name", flat=True)) == sorted(NAMES)
    names = list(report.lines.order_by("order").values_list("plan_name", flat=True))
    assert list(dict.fromkeys(names)) == NAMES
    assert [names.count(n) for n in NAMES] == [102, 20, 5, 9]
    edi = report.lines.get(plan_name=NAMES[1], theme_number=2, ref=1)
    assert (edi.plan_short_name, str(edi.due_date)) == ("EDI plan 2023", "2024-06-30")


def test_a_report_refuses_a_plan_its_organisation_does_not_respond_to(make_report, other_trust):
    with pytest.raises(ValidationError):
        make_report(organisation=other_trust, plans=[Plan.objects.get(slug="ryv-wdes-2023-24")])
    with pytest.raises(ValidationError):
        make_report(plans=[])
    assert not BoardReport.objects.exists()


# --- the create form --------------------------------------------------------------------------------------


FRONT_SHEET = {
    "title": "Bi-Annual People Strategy Update",
    "meeting": "Trust Board",
    "meeting_date": "2023-11-22",
    "agenda_item": "13",
    "purpose": "noting",
    "author": "Angela Hartley",
    "executive_sponsor": "Anita Pisani",
    "as_at": "2023-11-22",
    "assurance_level": "substantial",
    "plans_shown": "1",
}


def test_the_form_offers_the_organisations_plans_all_ticked(client, secretary, four_plans):
    client.force_login(secretary)
    html = client.get(reverse("report_create")).content.decode()
    for plan in four_plans:
        assert f'value="{plan.pk}" checked>' in html and plan.name in html


def test_the_secretary_chooses_the_plans(client, secretary, four_plans):
    client.force_login(secretary)
    chosen = [four_plans[1].pk, four_plans[2].pk]
    response = client.post(reverse("report_create"), {**FRONT_SHEET, "plans": chosen})
    report = BoardReport.objects.get(title=FRONT_SHEET["title"])
    assert response.status_code == 302
    assert sorted(report.plans.values_list("pk", flat=True)) == sorted(chosen)
    assert report.lines.count() == 20 + 5


def test_no_plan_ticked_is_an_error_and_what_was_typed_is_kept(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("report_create"), FRONT_SHEET)
    html = response.content.decode()
    assert response.status_code == 200 and "Choose at least one plan" in html
    assert 'value="Bi-Annual People Strategy Update"' in html
    assert not BoardReport.objects.exists()


def test_another_organisations_local_plan_is_not_a_choice(client, secretary, other_trust):
    theirs = Plan.objects.create(slug="zz-own", name="ZZ own plan", organisation=other_trust)
    client.force_login(secretary)
    assert "ZZ own plan" not in client.get(reverse("report_create")).content.decode()
    response = client.post(reverse("report_create"), {**FRONT_SHEET, "plans": [theirs.pk]})
    assert (
        response.status_code == 200
        and "Plans this report covers: choose one of the options listed" in response.content.decode()
    )
    assert not BoardReport.objects.exists()


# --- the page ---------------------------------------------------------------------------------------------


def test_the_page_groups_lines_by_plan(client, board_member, make_multi):
    report = make_multi(issue=True)
    client.force_login(board_member)
    html = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert 'id="report-plans">' + "; ".join(NAMES) + "</td>" in html
    positions = [html.index(f'<h3 class="nhsuk-heading-m app-report-plan-heading">{name}</h3>') for name in NAMES]
    assert positions == sorted(positions)  # the appendix, plan by plan
    for name in NAMES:
        assert f'<th scope="rowgroup" colspan="10" class="nhsuk-table__header">{name}</th>' in html  # summary
    assert "by plan, theme and status" in html


def test_changes_since_the_last_report_are_listed_plan_by_plan(make_report, make_multi, trust, hr_lead):
    may = make_report(title="May: People Plan only", as_at=datetime.date(2026, 1, 10), issue=True)
    fw1 = Response.objects.get(
        organisation=trust,
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__name="Flexible working",
        action__ref=1,
    )
    response_record_update(
        response=fw1, user=hr_lead, status=Status.COMPLETE, note="Policy live.", date=datetime.date(2026, 1, 15)
    )
    november = make_multi(title="November: four plans", as_at=datetime.date(2026, 1, 20), issue=True)

    changes = report_changes(november)
    assert [(part.plan, part.previous) for part in changes.parts] == [
        (NAMES[0], may),
        (NAMES[1], None),
        (NAMES[2], None),
        (NAMES[3], None),
    ]
    assert [(r.kind, r.line.theme, r.line.ref) for r in changes.parts[0].changes.rows()][:2] == [
        ("Status moved", "Flexible working", 1),
        ("Newly complete", "Flexible working", 1),
    ]

    edi = edi_response(trust, 3, 2)
    response_record_update(
        response=edi,
        user=hr_lead,
        status=Status.ON_TRACK,
        note="Pay gap plan drafted.",
        date=datetime.date(2026, 1, 22),
    )
    next_one = make_multi(title="Next", as_at=datetime.date(2026, 1, 25))
    changes = report_changes(next_one)
    assert [(part.plan, part.previous) for part in changes.parts] == [(name, november) for name in NAMES]
    edi_rows = [(r.kind, r.line.plan, r.line.theme_number, r.line.ref) for r in changes.parts[1].changes.rows()]
    assert edi_rows == [("Status moved", NAMES[1], 3, 2), ("New progress update", NAMES[1], 3, 2)]
    assert [row.line.plan for row in changes.rows()] == sorted(
        [row.line.plan for row in changes.rows()], key=NAMES.index
    )


def test_the_page_says_which_plans_have_nothing_to_compare_with(client, secretary, make_report, make_multi):
    make_report(title="May: People Plan only", as_at=datetime.date(2026, 1, 10), issue=True)
    november = make_multi(title="November", as_at=datetime.date(2026, 1, 20))  # a draft: its secretary reads it
    client.force_login(secretary)
    html = client.get(reverse("report_detail", args=[november.pk])).content.decode()
    assert html.count("No earlier issued report covers this plan") == 3
    assert "Compared with <a" in html and "May: People Plan only" in html


# --- the workbook ---------------------------------------------------------------------------------------------


def test_the_workbook_groups_by_plan_with_unique_theme_sheets(client, secretary, make_report, make_multi):
    make_report(title="May", as_at=datetime.date(2026, 1, 10), issue=True)
    report = make_multi(title="November", as_at=datetime.date(2026, 1, 20))  # a draft: its secretary reads it
    book = workbook(client, secretary, report)
    assert book.sheetnames[:4] == ["Cover", "Summary", "Exceptions", "Changes"]
    themes = book.sheetnames[4:]
    assert len(themes) == 21 and len({t.casefold() for t in themes}) == 21
    assert [t for t in themes if t.startswith("EDI plan 2023 ")] == [
        "EDI plan 2023 1 Chief executive",
        "EDI plan 2023 2 Embed fair and ",
        "EDI plan 2023 3 Develop and imp",
        "EDI plan 2023 4 Develop and imp",
        "EDI plan 2023 5 Implement a com",
        "EDI plan 2023 6 Create an envir",
    ]
    cover = dict(book["Cover"].iter_rows(min_row=2, values_only=True))
    assert cover["Plans"] == "; ".join(NAMES)
    summary = [row[0] for row in book["Summary"].iter_rows(min_row=2, values_only=True)]
    assert summary[0] == "People Plan 2020/21: 1. Health and wellbeing"
    assert summary[9] == (
        "EDI plan 2023: 1. Chief executives, chairs and board members must have specific and measurable EDI "
        "objectives to which they will be individually and collectively accountable"
    )
    assert summary[-1] == "Total" and len(summary) == 21 + 1
    # Row 1 is each sheet's title; the header row is row 2.
    headers = {
        name: next(book[name].iter_rows(min_row=2, max_row=2, values_only=True)) for name in ("Exceptions", "Changes")
    }
    assert headers["Exceptions"][:3] == ("Plan", "Theme", "Ref") and headers["Changes"][:2] == ("Plan", "Change")
    edi_sheet = book["EDI plan 2023 3 Develop and imp"]
    assert [row[0] for row in edi_sheet.iter_rows(min_row=2, values_only=True)] == [1, 2, 3]
    # Printed, the sheet's running header names its plan and its whole theme.
    assert edi_sheet.oddHeader.center.text.startswith("EDI plan 2023 · Theme 3: Develop and implement")


def test_a_one_plan_reports_workbook_keeps_its_layout(client, board_member, make_report):
    book = workbook(client, board_member, make_report(issue=True))
    assert book.sheetnames[3] == "1 Health and wellbeing"
    assert dict(book["Cover"].iter_rows(min_row=2, values_only=True))["Plan"] == "NHS People Plan 2020/21"
    assert next(book["Exceptions"].iter_rows(min_row=2, max_row=2, values_only=True))[0] == "Theme"


def test_the_csv_of_a_report_tells_its_plans_apart(client, board_member, make_multi):
    import csv

    report = make_multi(issue=True)
    client.force_login(board_member)
    download = client.get(reverse("report_workbook", args=[report.pk]), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert list(dict.fromkeys(r["Plan"] for r in rows)) == NAMES and len(rows) == 136
