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
    by = report.issued_by_name
    return f"Issued {issued:%-d %B %Y}" + (f" by {by}" if by else "")


def _previous(previous) -> str:
    if previous is None:
        return "None: this is the first report issued from the tracker."
    return f"{previous.title}\n{_date(previous.meeting_date)}"


def _choices(options, chosen):
    return lambda cell: choices(cell.paragraphs[0], options, chosen, size=Pt(10))


def _rows(front, plans):
    """(label, value) in the front sheet's order. A value is a text, a list (one line each) or a
    function that fills the cell (the tick boxes); ``None`` marks where the objectives go."""
    report = front.report
    meeting = _date(report.meeting_date) + (f"    Agenda item: {report.agenda_item}" if report.agenda_item else "")
    return [
        ("Title", report.title),
        ("Report to", report.meeting),
        ("Meeting", meeting),
        ("Purpose of the report", _choices(Purpose.choices, report.purpose)),
        ("Executive summary", report.executive_summary),
        ("Recommendation", report.recommendation),
        ("Report author", _person(report.author, report.author_title)),
        ("Executive sponsor(s)", _person(report.executive_sponsor, report.executive_sponsor_title)),
        ("Figures as at", _date(report.as_at)),
        ("Assurance level", _choices(Assurance.choices, report.assurance_level)),
        ("Rationale for assurance rating", report.assurance_rationale),
        ("Assurance action", report.assurance_action),
        (None, None),
        ("Equality and diversity objectives", report.equality_objectives),
        ("Links to Board Assurance Framework risks / risk register", list(front.baf_risks)),
        ("Legal and regulatory requirements", report.legal_requirements.splitlines()),
        ("Previous papers (last meeting only)", _previous(front.previous)),
        ("Plans" if len(plans) > 1 else "Plan", list(plans)),
        ("Report status", _state(report)),
    ]


def _label(cell, label):
    write_cell(cell, label, bold=True)
    shade(cell, HEADER_FILL)


def _objectives(table, objectives):
    heading = table.add_row().cells
    merged = heading[0].merge(heading[1])
    write_cell(merged, "How the report supports achievement of our strategic objectives", bold=True)
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
    for label, value in _rows(front, plans):
        if label is None:
            _objectives(table, front.objectives)
            continue
        cells = table.add_row().cells
        _label(cells[0], label)
        if callable(value):
            value(cells[1])
        elif isinstance(value, list):
            write_lines(cells[1], value)
        else:
            write_cell(cells[1], value)
    for row in table.rows:
        keep_row_together(row)
    label_width = int(width * LABEL_SHARE)
    set_widths(table, [label_width, width - label_width])
    return table
