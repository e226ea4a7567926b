"""Numbers match: the board paper, the report page and the board workbook show the same figures,
all counted from the report's frozen lines (also after the live responses move on)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from actions.models import Response, Status
from actions.services import response_record_update

from .paper_helpers import open_paper, paper_bytes, rows, table_after

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_report, trust, hr_lead):
    moves = [("Flexible working", 1, Status.OFF_TRACK), ("Health and wellbeing", 2, Status.COMPLETE)]
    for theme, ref, status in moves:
        response = Response.objects.get(organisation=trust, action__theme__name=theme, action__ref=ref)
        response_record_update(
            response=response, user=hr_lead, status=status, note="Moved", date=datetime.date(2026, 1, 10)
        )
    issued = make_report(title="Numbers report", as_at=datetime.date(2026, 1, 15), issue=True)
    for response in Response.objects.filter(organisation=trust)[:30]:  # after issue: must change nothing
        response_record_update(response=response, user=hr_lead, status=Status.AT_RISK, note="Later")
    return issued


def test_paper_page_and_workbook_agree(client, board_member, report):
    client.force_login(board_member)
    page = client.get(reverse("report_detail", args=[report.pk])).context["view"]
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("report_workbook", args=[report.pk])).streaming_content))
    )
    document = open_paper(paper_bytes(report))

    # Themes × statuses: the page's summary table, the workbook's Summary sheet, the paper's theme table.
    page_rows = [[row.name, *row.counts, row.total] for row in page.summary.rows]
    page_rows.append(["Total", *page.summary.totals, page.summary.total])
    sheet = [list(r) for r in workbook["Summary"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert sheet == page_rows
    paper = rows(table_after(document, "2 Progress by theme"))
    labels = page.summary.status_labels
    columns = [labels.index(label) for label in paper[0][1:-1]]
    assert all(page.summary.totals[i] == 0 for i in set(range(len(labels))) - set(columns))  # only empty ones left out
    assert [[r[0], *(int(v) for v in r[1:])] for r in paper[1:]] == [
        [r[0], *(r[1 + i] for i in columns), r[-1]] for r in page_rows
    ]

    # Totals by status: the paper's first table against the page's totals.
    by_status = {r[0]: int(r[1]) for r in rows(table_after(document, "1 Summary"))[1:]}
    assert by_status == {**dict(zip(labels, page.summary.totals, strict=True)), "Total": page.summary.total}

    # Exceptions: the same lines in the same order everywhere.
    page_exceptions = [f"{line.theme} {line.ref}" for line in page.exceptions]
    sheet_rows = workbook["Exceptions"].iter_rows(min_row=3, values_only=True)  # under the title and header rows
    sheet_exceptions = [f"{r[0]} {r[1]}" for r in sheet_rows]
    paper_exceptions = [r[0].split("\n")[0] for r in rows(table_after(document, "3 Exceptions"))[1:]]
    assert paper_exceptions == page_exceptions == sheet_exceptions
    assert "Flexible working 1" in paper_exceptions and len(paper_exceptions) == len(page.exceptions)
