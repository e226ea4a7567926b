"""The paper's body: summary by status, progress by theme (by plan when there are several),
exceptions, changes since the last report, and the appendix of every line.

Every figure is counted from the report's frozen lines with the same functions the report page
uses (``reports.selectors``), so the paper, the page and the workbook agree.
"""

import io
from collections import Counter

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt

from actions.statuses import DISPLAY
from reports.selectors import by_plan, exceptions, summarise

from .blocks import cell_margins, clean, data_table, lead_in
from .chart import bar_chart_png, chart_description

WORDS_IN_CHANGES = 30


def _date(value) -> str:
    return f"{value:%-d %b %Y}" if value else "—"


def _update(line) -> str:
    if not line.latest_update:
        return "No update recorded"
    return f"{_date(line.updated_on)}: {line.latest_update}" if line.updated_on else line.latest_update


def _status(line) -> str:
    return line.status_label + ("\nOverdue" if line.overdue else "")


def _action(line) -> tuple[str, str]:
    """The action cell: its theme and ref in bold, then its text."""
    return (f"{line.theme} {line.ref}", line.action)


def _shorten(text: str, words: int = WORDS_IN_CHANGES) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def plan_groups(lines) -> list[tuple[str | None, list]]:
    """``[(None, lines)]`` for a one-plan report, else ``[(plan name, its lines)]`` in the report's order."""
    groups = by_plan(lines)
    if len(groups) <= 1:
        return [(None, lines)]
    return [(plan, [line for _, group in themes for line in group]) for plan, themes in groups]


def by_theme(lines) -> list[tuple[str, list]]:
    """One plan's lines grouped by theme, in theme order."""
    return [theme for _, themes in by_plan(lines) for theme in themes]


def _columns(width, shares):
    total = sum(shares)
    widths = [int(width * share / total) for share in shares]
    widths[-1] = width - sum(widths[:-1])
    return widths


def _chart(document, rows, *, caption, width, legend=True):
    """The chart, kept on one page with its caption, with the figures in words as its alternative text."""
    picture = document.add_picture(io.BytesIO(bar_chart_png(rows, legend=legend)), width=width)
    picture._inline.docPr.set("descr", clean(chart_description(rows)))
    picture._inline.docPr.set("title", caption)
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    caption = document.add_paragraph(f"{caption}. The table below gives the same figures.", style="Caption")
    caption.paragraph_format.keep_with_next = True


def summary_section(document, lines, *, as_at, width):
    document.add_heading("1 Summary of progress", level=1)
    counts = Counter(line.status for line in lines)
    overdue = sum(1 for line in lines if line.overdue)
    described = ", ".join(f"{counts[s.value]} {s.label.lower()}" for s in DISPLAY if counts[s.value])
    document.add_paragraph(
        f"As at {as_at:%-d %B %Y} the report covers {len(lines)} actions: {described or 'none'}. "
        f"{overdue} {'is' if overdue == 1 else 'are'} overdue."
    )
    rows = [(s.label, {s.value: counts[s.value]}) for s in DISPLAY]
    _chart(document, rows, caption="Figure 1: actions by status", width=width, legend=False)
    total = len(lines) or 1
    table_rows = [[s.label, str(counts[s.value]), f"{counts[s.value] * 100 / total:.0f}%"] for s in DISPLAY]
    table_rows.append(["Total", str(len(lines)), "100%" if lines else "0%"])
    fills = [{0: s.fill} for s in DISPLAY] + [{}]
    widths = _columns(int(width * 0.6), [3, 1, 1])
    data_table(document, ["Status", "Actions", "Share"], widths, table_rows, fills=fills, numeric=(1, 2))


def _theme_table(document, lines, *, width, figure):
    summary = summarise(lines)
    shown = [i for i, _ in enumerate(summary.statuses) if summary.totals[i]]
    rows = [(row.name, {summary.statuses[i].value: row.counts[i] for i in shown}) for row in summary.rows]
    _chart(document, rows, caption=f"Figure {figure}: actions by theme and status", width=width)
    headers = ["Theme"] + [summary.statuses[i].label for i in shown] + ["Total"]
    body = [[row.name] + [str(row.counts[i]) for i in shown] + [str(row.total)] for row in summary.rows]
    body.append(["Total"] + [str(summary.totals[i]) for i in shown] + [str(summary.total)])
    widths = _columns(width, [width / Cm(1) - 1.55 * len(shown) - 1.25] + [1.55] * len(shown) + [1.25])
    numeric = range(1, len(headers))
    table = data_table(document, headers, widths, body, bold_first=True, numeric=numeric, header_size=Pt(8))
    cell_margins(table, left_right=Cm(0.08))


def themes_section(document, lines, *, width):
    document.add_heading("2 Progress by theme", level=1)
    groups = plan_groups(lines)
    for index, (plan, group) in enumerate(groups):
        if plan:
            document.add_heading(clean(plan), level=2)
        _theme_table(document, group, width=width, figure=2 + index)


def exceptions_section(document, lines, *, as_at, width):
    picked = exceptions(lines)
    document.add_heading(f"3 Exceptions: off track, at risk or overdue ({len(picked)})", level=1)
    if not picked:
        document.add_paragraph("No action is off track, at risk or overdue.")
        return
    lead_in(
        document,
        f"Every action that was off track, at risk or overdue on {as_at:%-d %B %Y}: off track first, "
        "then at risk, then other overdue actions.",
    )
    rows = [[_action(ln), ln.owners or "None named", _date(ln.due_date), _status(ln), _update(ln)] for ln in picked]
    fills = [{3: line.fill} for line in picked]
    headers = ["Action", "Owners", "Due", "Status", "Latest update"]
    data_table(document, headers, _columns(width, [6.6, 1.7, 1.8, 1.9, 5]), rows, fills=fills)


def changes_section(document, changes, *, issued, width):
    document.add_heading("4 Changes since the last report", level=1)
    if changes is None or changes.previous is None:
        document.add_paragraph(
            "This is the first issued report: there is nothing to compare with."
            if issued
            else "No report has been issued yet: there is nothing to compare with."
        )
        return
    previous = changes.previous
    lead_in(document, f"Compared with “{previous.title}” (figures as at {previous.as_at:%-d %B %Y}).")
    if not changes:
        document.add_paragraph("Nothing changed.")
        return
    rows = [
        [row.kind, f"{row.line.theme} {row.line.ref}: {_shorten(row.line.action)}", row.before, row.after, row.detail]
        for row in changes.rows()
    ]
    headers = ["Change", "Action", "From", "To", "Detail"]
    data_table(document, headers, _columns(width, [2.2, 6, 1.8, 1.8, 5.2]), rows)


def appendix(document, lines):
    """Every line, theme by theme, on landscape pages (a section of its own); returns the section."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (
        max(section.page_width, section.page_height),
        min(section.page_width, section.page_height),
    )
    section.different_first_page_header_footer = False
    width = section.page_width - section.left_margin - section.right_margin
    document.add_heading("Appendix A: every action by theme", level=1)
    headers = ["Ref", "Action", "Additional actions", "Owners", "Due", "Status", "Latest update"]
    widths = _columns(width, [0.9, 7, 4.5, 1.8, 1.9, 1.9, 5.5])
    for plan, group in plan_groups(lines):
        if plan:
            document.add_heading(clean(plan), level=2)
        for theme, theme_lines in by_theme(group):
            document.add_heading(clean(theme), level=3 if plan else 2)
            rows = [
                [
                    str(ln.ref),
                    ln.action,
                    ln.checklist.splitlines(),
                    ln.owners,
                    _date(ln.due_date),
                    _status(ln),
                    _update(ln),
                ]
                for ln in theme_lines
            ]
            data_table(document, headers, widths, rows, fills=[{5: ln.fill} for ln in theme_lines])
    return section
