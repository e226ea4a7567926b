"""The Word board paper, opened back with python-docx: front sheet, assurance marking, figures,
exceptions, changes, appendix, Word structure (headings, repeating header rows, footer), and the
same paper from an issued report whatever is edited afterwards."""

import dataclasses
import datetime
import io
import zipfile
from collections import Counter

import pytest

from actions.models import Response, Status
from actions.services import response_record_update
from reports import services
from reports.exporters.paper.word import content_digest
from reports.models import BafRisk, BoardReport, ReportIssued, StrategicObjective
from reports.selectors import exceptions, summarise
from reports.sources import FrozenReport

from .paper_helpers import all_text, front_sheet, headings, open_paper, paper_bytes, rows, table_after

pytestmark = pytest.mark.django_db

FRONT = {
    "executive_summary": "This report updates the Board on the People Plan.\n\nA second paragraph.",
    "recommendation": "The Board is asked to note and discuss the report.",
    "assurance_action": "No action required",
    "equality_objectives": "An update on progress is included in this report.",
    "legal_requirements": "CQC outcomes\nNHS Constitution staff rights and pledges",
}


@pytest.fixture
def lists(trust):
    objectives = list(StrategicObjective.objects.filter(organisation=trust).order_by("order"))
    risk = BafRisk.objects.create(organisation=trust, reference="BAF 7", title="Staff morale")
    return objectives, [risk]


@pytest.fixture
def issued(make_report, lists, hr_lead, trust):
    fw1 = Response.objects.get(organisation=trust, action__theme__name="Flexible working", action__ref=1)
    response_record_update(
        response=fw1, user=hr_lead, status=Status.OFF_TRACK, note="Policy stalled", date=datetime.date(2026, 1, 5)
    )
    objectives, risks = lists
    return make_report(
        title="Bi-Annual People Plan Update",
        assurance_level="partial",
        issue=True,
        objectives=[(objectives[2], "The report identifies improvements in line with the People Plan.")],
        baf_risks=risks,
        **FRONT,
    )


def test_the_demo_trust_has_the_four_objectives_of_seed_003(trust):
    names = list(StrategicObjective.objects.filter(organisation=trust).values_list("name", flat=True))
    assert names == ["Provide outstanding care", "Be collaborative", "Be an excellent employer", "Be sustainable"]


def test_the_front_sheet_is_a_two_column_table_with_every_field(issued):
    document = open_paper(paper_bytes(issued))
    table = document.tables[0]
    assert all(len(row.cells) == 2 for row in table.rows)
    sheet = front_sheet(document)
    assert sheet["Title"] == "Bi-Annual People Plan Update"
    assert sheet["Report to"] == "Trust Board"
    assert sheet["Meeting"] == "15 January 2026    Agenda item: 13"
    assert sheet["Executive summary"] == FRONT["executive_summary"].replace("\n\n", "\n")  # two paragraphs
    assert sheet["Recommendation"] == FRONT["recommendation"]
    assert sheet["Report author"] == "Angela Hartley\nDeputy Director of Workforce"
    assert sheet["Executive sponsor(s)"] == "Anita Pisani\nDeputy CEO and Director of Workforce"
    assert sheet["Rationale for assurance rating"] == "Staff survey results; appraisal feedback."
    assert sheet["Assurance action"] == "No action required"
    assert sheet["Be an excellent employer"] == "The report identifies improvements in line with the People Plan."
    assert "Provide outstanding care" not in sheet  # not chosen for this report
    assert sheet["Equality and diversity objectives"] == FRONT["equality_objectives"]
    assert sheet["Links to Board Assurance Framework risks / risk register"] == "BAF 7 Staff morale"
    assert sheet["Legal and regulatory requirements"] == "• CQC outcomes\n• NHS Constitution staff rights and pledges"
    assert sheet["Previous papers (last meeting only)"] == "None: this is the first report issued from the tracker."
    assert sheet["Report status"].startswith("Issued ")
    assert document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text == issued.title


def test_assurance_and_purpose_show_every_choice_with_the_chosen_one_marked(issued):
    sheet = front_sheet(open_paper(paper_bytes(issued)))
    assert sheet["Assurance level"].split("    ") == ["☐ Substantial", "☐ Reasonable", "☒ Partial", "☐ No assurance"]
    assert sheet["Purpose of the report"].split("    ") == ["☒ For noting", "☐ For decision"]
    document = open_paper(paper_bytes(issued))
    marked = [r for r in document.tables[0].rows if r.cells[0].text == "Assurance level"][0].cells[1]
    bold = [run.text.strip() for run in marked.paragraphs[0].runs if run.bold]
    assert bold == ["Partial"]


def test_counts_by_status_and_theme_are_the_report_lines(issued):
    document = open_paper(paper_bytes(issued))
    frozen = Counter(issued.lines.values_list("status", flat=True))
    by_status = {row[0]: int(row[1]) for row in rows(table_after(document, "1 Summary"))[1:]}
    assert by_status.pop("Total") == issued.lines.count() == 102
    assert by_status == {label: frozen.get(value, 0) for value, label in Status.choices}
    summary = summarise(list(FrozenReport(issued).lines()))
    theme_rows = rows(table_after(document, "2 Progress by theme"))
    shown = [label for label in summary.status_labels if label in theme_rows[0]]
    assert theme_rows[0] == ["Theme", *shown, "Total"]
    for summary_row, row in zip(summary.rows, theme_rows[1:], strict=False):
        expected = [str(summary_row.counts[summary.status_labels.index(label)]) for label in shown]
        assert row == [summary_row.name, *expected, str(summary_row.total)]
    assert theme_rows[-1][-1] == "102"


def test_every_exception_is_listed_with_owners_due_date_and_latest_update(issued):
    document = open_paper(paper_bytes(issued))
    expected = exceptions(list(FrozenReport(issued).lines()))
    assert f"3 Exceptions: off track, at risk or overdue ({len(expected)})" in headings(document, 1)
    table = rows(table_after(document, "3 Exceptions"))
    assert table[0] == ["Action", "Owners", "Due", "Status", "Latest update"]
    assert len(table) - 1 == len(expected) > 0
    for line, row in zip(expected, table[1:], strict=True):
        assert row[0].startswith(f"{line.theme} {line.ref}\n")
        assert row[1] == (line.owners or "None named")
        assert row[3].startswith(line.status_label)
    stalled = next(row for row in table if row[0].startswith("Flexible working 1\n"))
    assert stalled[3] == "Off track" and stalled[4] == "5 Jan 2026: Policy stalled"


def test_changes_since_the_last_report_and_the_appendix_of_every_line(issued, make_report, hr_lead, trust):
    hw1 = Response.objects.get(organisation=trust, action__theme__name="Health and wellbeing", action__ref=1)
    # Dated before the next report's as-at date: its figures are as they stood at the end of that day.
    response_record_update(
        response=hw1, user=hr_lead, status=Status.COMPLETE, note="Done", date=datetime.date(2026, 2, 1)
    )
    later = make_report(title="Next report", as_at=datetime.date(2026, 3, 1), issue=True)
    document = open_paper(paper_bytes(later))
    changes = rows(table_after(document, "4 Changes"))
    assert changes[0] == ["Change", "Action", "From", "To", "Detail"]
    assert ["Status moved", "Not started", "Complete"] == [changes[1][0], changes[1][2], changes[1][3]]
    assert "Compared with “Bi-Annual People Plan Update”" in all_text(document)
    appendix_rows = sum(len(table.rows) - 1 for table in document.tables if table.rows[0].cells[0].text == "Ref")
    assert appendix_rows == later.lines.count() == 102
    assert headings(document, 1)[-1] == "Appendix A: every action by theme"
    assert "Health and wellbeing" in headings(document, 2)


def test_word_structure_headings_repeating_header_rows_and_footer(issued):
    data = paper_bytes(issued)
    document = open_paper(data)
    assert headings(document, 1) == [
        "1 Summary of progress",
        "2 Progress by theme",
        f"3 Exceptions: off track, at risk or overdue ({len(exceptions(list(FrozenReport(issued).lines())))})",
        "4 Changes since the last report",
        "Appendix A: every action by theme",
    ]
    for table in document.tables[1:]:
        assert table.rows[0]._tr.trPr.xpath("./w:tblHeader"), "every data table repeats its header row"
    for section in document.sections:
        text = section.footer.tables[0].rows[0].cells[0].text
        assert text.startswith("Cambridgeshire Community Services NHS Trust — Bi-Annual People Plan Update")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer")]
        document_xml = archive.read("word/document.xml").decode()
    assert any('w:instr="PAGE"' in xml and 'w:instr="NUMPAGES"' in xml for xml in footers)
    assert "instrText" not in document_xml and "fldSimple" not in document_xml  # no field in the body
    pictures = document.inline_shapes
    assert len(pictures) == 2 and all(p._inline.docPr.get("descr").startswith("Bar chart.") for p in pictures)
    assert document.sections[-1].orientation == 1  # the appendix is landscape


def test_an_issued_report_gives_the_same_paper_whatever_is_edited_afterwards(issued, lists, hr_lead, trust, secretary):
    before = paper_bytes(issued)
    objectives, risks = lists
    StrategicObjective.objects.filter(pk=objectives[2].pk).update(name="Renamed objective")
    BafRisk.objects.filter(pk=risks[0].pk).update(title="Renamed risk")
    for response in Response.objects.filter(organisation=trust)[:20]:
        response_record_update(response=response, user=hr_lead, status=Status.AT_RISK, note="Changed after issue")
    with pytest.raises(ReportIssued):
        services.report_update(report=issued, user=secretary, title="Rewritten", executive_summary="Rewritten")
    after = paper_bytes(BoardReport.objects.get(pk=issued.pk))
    assert content_digest(after) == content_digest(before)
    assert "Changed after issue" not in all_text(open_paper(after))


def test_issuing_copies_the_current_wording_of_the_chosen_objectives(make_report, lists, secretary):
    objectives, risks = lists
    draft = make_report(objectives=[(objectives[0], "Safe staffing")], baf_risks=risks)
    StrategicObjective.objects.filter(pk=objectives[0].pk).update(name="Provide outstanding, safe care")
    issued = services.report_issue(report=draft, user=secretary)
    assert issued.objectives == [
        {"objective": objectives[0].pk, "name": "Provide outstanding, safe care", "support": "Safe staffing"}
    ]
    assert front_sheet(open_paper(paper_bytes(issued)))["Provide outstanding, safe care"] == "Safe staffing"


def test_the_database_refuses_to_change_an_issued_reports_front_sheet(issued):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        BoardReport.objects.filter(pk=issued.pk).update(objectives=[], executive_summary="Changed")


def test_objectives_and_risks_of_another_organisation_are_refused(make_report, other_trust):
    foreign = StrategicObjective.objects.create(organisation=other_trust, name="Their objective")
    with pytest.raises(ValueError):
        make_report(objectives=[(foreign, "No")])


def test_a_draft_paper_says_it_is_a_draft(make_report):
    document = open_paper(paper_bytes(make_report()))
    assert document.paragraphs[1].text == "DRAFT — not yet issued: the figures may still change."
    assert "No report has been issued yet" in all_text(document)


def test_a_report_of_several_plans_groups_progress_and_appendix_by_plan(issued):
    class TwoPlans(FrozenReport):
        def lines(self):
            for line in super().lines():
                yield dataclasses.replace(line, plan="EDI improvement plan") if line.theme_number > 5 else line

    document = open_paper(paper_bytes(issued, source=TwoPlans(issued)))
    level_2 = headings(document, 2)
    assert level_2.count("NHS People Plan 2020/21") == 2 and level_2.count("EDI improvement plan") == 2
    first, second = rows(table_after(document, "2 Progress by theme", 0)), rows(table_after(document, "2 Progress", 1))
    assert int(first[-1][-1]) + int(second[-1][-1]) == 102
    assert front_sheet(document)["Plans"] == "• NHS People Plan 2020/21\n• EDI improvement plan"
