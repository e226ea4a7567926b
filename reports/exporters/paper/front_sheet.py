"""The paper's front sheet: the trust's usual two-column table (as seed 003's paper opens).

Purpose and assurance level are shown as all their choices with the chosen one ticked, as on a
paper front sheet; the strategic objectives are one row each with how the report supports them.
"""

from django.utils import timezone
from docx.shared import Pt

from reports.models import Assurance, Purpose

from .blocks import (
    HEADER_FILL,
    add_text,
    borders,
    choices,
    clean,
    keep_row_together,
    set_widths,
    shade,
    write_cell,
    write_lines,
)

LABEL_SHARE = 0.3
RED = "D5281B"


def _date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _person(name, title) -> str:
    return "\n".join(part for part in (name, title) if part)


def _state(report) -> str:
    if not report.issued_at:
        return "DRAFT — not yet issued: the figures may still change."
    issued = timezone.localtime(report.issued_at)
    by = report.issued_by.get_full_name() or report.issued_by.username if report.issued_by else ""
    return f"Issued {issued:%-d %B %Y}" + (f" by {by}" if by else "")


def _previous(previous) -> str:
    if previous is None:
        return "None: this is the first report issued from the tracker."
    return f"{previous.title}\n{_date(previous.meeting_date)}"


def _rows(front, plans):
    """(label, writer) pairs in the front sheet's order; a writer fills the value cell."""
    report = front.report
    meeting = _date(report.meeting_date) + (f"    Agenda item: {report.agenda_item}" if report.agenda_item else "")
    text = lambda value, empty="—": lambda cell: write_cell(cell, value, empty=empty)  # noqa: E731
    return [
        ("Title", text(report.title)),
        ("Report to", text(report.meeting)),
        ("Meeting", text(meeting)),
        (
            "Purpose of the report",
            lambda cell: choices(cell.paragraphs[0], Purpose.choices, report.purpose, size=Pt(10)),
        ),
        ("Executive summary", text(report.executive_summary)),
        ("Recommendation", text(report.recommendation)),
        ("Report author", text(_person(report.author, report.author_title))),
        ("Executive sponsor(s)", text(_person(report.executive_sponsor, report.executive_sponsor_title))),
        ("Figures as at", text(_date(report.as_at))),
        (
            "Assurance level",
            lambda cell: choices(cell.paragraphs[0], Assurance.choices, report.assurance_level, size=Pt(10)),
        ),
        ("Rationale for assurance rating", text(report.assurance_rationale)),
        ("Assurance action", text(report.assurance_action)),
        (None, None),  # the strategic objectives go here
        ("Equality and diversity objectives", text(report.equality_objectives)),
        ("Links to Board Assurance Framework risks / Trust risk register", lambda c: write_lines(c, front.baf_risks)),
        ("Legal and regulatory requirements", lambda c: write_lines(c, report.legal_requirements.splitlines())),
        ("Previous papers (last meeting only)", text(_previous(front.previous))),
        ("Plan" + ("s" if len(plans) > 1 else ""), lambda c: write_lines(c, plans)),
        ("Report status", text(_state(report))),
    ]


def _label(cell, label):
    write_cell(cell, label, bold=True)
    shade(cell, HEADER_FILL)


def _objectives(table, objectives):
    heading = table.add_row().cells
    merged = heading[0].merge(heading[1])
    write_cell(merged, "How the report supports achievement of the Trust's strategic objectives", bold=True)
    shade(merged, HEADER_FILL)
    if not objectives:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[1])
        write_cell(merged, "No strategic objective was linked to this report.")
    for name, support in objectives:
        cells = table.add_row().cells
        write_cell(cells[0], name, bold=True)
        write_cell(cells[1], support)


def front_sheet(document, front, *, plans, width):
    """The front sheet table, with the report's title above it."""
    report = front.report
    document.add_paragraph(clean(report.title), style="Title")
    if not report.issued_at:
        add_text(
            document.add_paragraph(), "DRAFT — not yet issued: the figures may still change.", bold=True, colour=RED
        )
    table = document.add_table(rows=0, cols=2)
    borders(table)
    for label, writer in _rows(front, plans):
        if label is None:
            _objectives(table, front.objectives)
            continue
        cells = table.add_row().cells
        _label(cells[0], label)
        writer(cells[1])
    for row in table.rows:
        keep_row_together(row)
    label_width = int(width * LABEL_SHARE)
    set_widths(table, [label_width, width - label_width])
    return table
