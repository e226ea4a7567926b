"""The whole board paper as one python-docx ``Document``, from a frozen report (``FrozenReport``).

Order: front sheet; then, from a new page, 1 summary by status (chart and table), 2 progress by
theme (by plan when the report covers several), 3 exceptions, 4 changes since the last report;
then the landscape appendix of every line. Headings are Word headings; every table's header row
repeats across pages; each page's footer names the organisation and gives the page number.
"""

import datetime

from django.utils import timezone
from docx.enum.text import WD_BREAK

from .base import start_document
from .blocks import clean, footer
from .body import appendix, changes_section, exceptions_section, summary_section, themes_section
from .front_sheet import front_sheet


def _text_width(section):
    return section.page_width - section.left_margin - section.right_margin


def _properties(document, report, organisation):
    """Fixed document properties (no clock time), so the same report always gives the same file content."""
    moment = report.issued_at or report.snapshot_at or timezone.make_aware(datetime.datetime(2000, 1, 1))
    properties = document.core_properties
    properties.title = clean(report.title)
    properties.subject = clean(f"Board paper: {report.meeting}")
    properties.author = clean(organisation)
    properties.last_modified_by = "People Plan Tracker"
    properties.comments = ""
    properties.keywords = "board paper"
    properties.revision = 1
    properties.created = properties.modified = moment.astimezone(datetime.UTC).replace(tzinfo=None)


def build_paper(source):
    """The board paper of ``source`` (a ``reports.sources.FrozenReport``) as a ``Document``."""
    front = source.paper_front()
    report = front.report
    organisation = report.organisation_name or report.organisation.name
    lines = list(source.lines())
    plans = list(dict.fromkeys(line.plan for line in lines)) or [plan.name for plan in report.plans.all()]
    document = start_document(template=front.template, organisation=organisation)
    width = _text_width(document.sections[0])
    front_sheet(document, front, plans=plans, width=width)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    summary_section(document, lines, as_at=report.as_at, width=width)
    themes_section(document, lines, width=width)
    exceptions_section(document, lines, as_at=report.as_at, width=width)
    changes_section(document, source.changes(), issued=report.is_issued, width=width)
    appendix(document, lines)
    for section in document.sections:
        footer(section, f"{organisation} — {report.title}")
    _properties(document, report, organisation)
    return document
