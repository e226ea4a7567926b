"""Board report pages and downloads. Thin: services write, selectors read.

Access: every member of an organisation reads its ISSUED reports and downloads a report's workbook
and board paper (they show exactly what the page shows); a draft is read only by those who prepare
it (``selectors.sees_drafts``: board secretary, HR lead) and is a 404 to everyone else, a board
member above all. A draft is issued only once an assurance level has been chosen (services).
Only board secretaries (``reports.add_boardreport``, ``change_boardreport``, ``issue_boardreport``)
create, edit, refresh and issue. The live
action-list export needs ``reports.download_export`` (HR lead, board secretary).
Another organisation's report is a 404, never a 403 — except that a system or region lead reads
(never changes: 403) the ISSUED reports of the organisations below theirs, and downloads their
action lists (``/organisations/<ODS>/…``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actions.statuses import DISPLAY
from owners.access import may_write, organisation_to_read, readable_q, require_organisation

from . import services
from .downloads import download
from .exporters import exporter_for
from .exporters.paper.pdf import ConversionFailed
from .forms import FrontSheetForm, ReportCreateForm
from .models import Assurance, Purpose, ReportIssued
from .selectors import chart_bars, report_get, report_list, report_view, sees_drafts
from .sources import FrozenReport, LiveList

# What a person without the permission is told (a 403 in words).
REFUSALS = {
    "reports.add_boardreport": "Only board secretaries create board reports. You can read the issued reports.",
    "reports.change_boardreport": "Only board secretaries change board reports. You can read this report.",
    "reports.issue_boardreport": "Only board secretaries issue board reports. You can read this report.",
    "reports.download_export": "Your role reads the actions but does not download the action list workbook.",
}


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied(REFUSALS.get(perm, "Your role does not allow this."))


def _report(request, pk, *, perm=None):
    """A report the user reads: their organisation's, or an issued one of an organisation below
    theirs (404 for any other). With ``perm``: 403 unless it is their own and their role has it."""
    user = request.user
    report = report_get(
        organisation=require_organisation(user), pk=pk, readable=readable_q(user), drafts=sees_drafts(user)
    )
    if perm:
        if not may_write(user, report.organisation):
            raise PermissionDenied(
                f"This report is {report.organisation.name}'s: you can read it, but only its own board "
                "secretaries change it."
            )
        _require(user, perm)
    return report


def _issued_message(request, report):
    messages.error(
        request,
        f"“{report.title}” has been issued: it is the record of what the board was told "
        "and can no longer change. Create a new report instead.",
    )
    return redirect("report_detail", pk=report.pk)


@require_safe
def report_list_view(request):
    organisation = require_organisation(request.user)
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": report_list(organisation=organisation, drafts=sees_drafts(request.user)),
            "can_create": request.user.has_perm("reports.add_boardreport"),
        },
    )


@require_safe
def organisation_report_list(request, ods):
    """The issued board reports of an organisation below the user's own (all of their own)."""
    organisation = organisation_to_read(request.user, ods)
    reports = report_list(organisation=organisation)
    mine = may_write(request.user, organisation)
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports if mine and sees_drafts(request.user) else reports.issued(),
            "can_create": mine and request.user.has_perm("reports.add_boardreport"),
            "elsewhere": None if mine else organisation,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report_create(request):
    organisation = require_organisation(request.user)
    _require(request.user, "reports.add_boardreport")
    today = timezone.localdate()
    form = ReportCreateForm(
        request.POST or None,
        organisation=organisation,
        initial={"meeting": "Trust Board", "as_at": today, "title": f"People Plan progress, as at {today:%-d %B %Y}"},
    )
    if request.method == "POST" and form.is_valid():
        report = services.report_create(
            organisation=organisation,
            plans=form.cleaned_data["plans"],
            user=request.user,
            **form.front_sheet(),
            **form.links(),
        )
        messages.success(request, "Draft report created: each action as it stood at the end of the as-at date.")
        return redirect("report_detail", pk=report.pk)
    return render(request, "reports/report_form.html", {"form": form, "report": None})


@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request, pk):
    report = _report(request, pk, perm="reports.change_boardreport")
    if report.is_issued:
        return _issued_message(request, report)
    form = FrontSheetForm(request.POST or None, instance=report, organisation=report.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, user=request.user, **form.front_sheet(), **form.links())
        except ReportIssued:
            return _issued_message(request, report)
        messages.success(request, "Front sheet saved.")
        return redirect("report_detail", pk=report.pk)
    return render(request, "reports/report_form.html", {"form": form, "report": report})


@require_POST
def report_refresh(request, pk):
    report = _report(request, pk, perm="reports.change_boardreport")
    try:
        services.report_refresh(report=report, user=request.user)
    except ReportIssued:
        return _issued_message(request, report)
    messages.success(request, "Draft refreshed: each action as it stood at the end of the as-at date.")
    return redirect("report_detail", pk=report.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def report_issue(request, pk):
    report = _report(request, pk, perm="reports.issue_boardreport")
    if report.is_issued:
        return _issued_message(request, report)
    problems = services.issue_problems(report)
    if request.method == "POST":
        try:
            services.report_issue(report=report, user=request.user)
        except ReportIssued:
            return _issued_message(request, report)
        except ValidationError as error:
            problems = {field: " ".join(errors) for field, errors in error.message_dict.items()}
        else:
            messages.success(request, "Report issued. It is now frozen: later edits to actions will not change it.")
            return redirect("report_detail", pk=report.pk)
    return render(request, "reports/report_issue.html", {"report": report, "problems": problems})


@require_safe
def report_detail(request, pk):
    report = _report(request, pk)
    user = request.user
    view = report_view(report)
    mine = may_write(user, report.organisation)
    bars, chart_height = chart_bars(view.summary)
    return render(
        request,
        "reports/report_detail.html",
        {
            "view": view,
            "bars": bars,
            "chart_height": chart_height,
            "legend": DISPLAY,
            "purposes": Purpose.choices,
            "assurance_levels": Assurance.choices,
            "report": report,
            "can_edit": mine and not report.is_issued and user.has_perm("reports.change_boardreport"),
            "can_issue": mine and not report.is_issued and user.has_perm("reports.issue_boardreport"),
        },
    )


@require_safe
def report_workbook(request, pk):
    """The report's board workbook (or ``?format=csv``): anyone who can read the report."""
    report = _report(request, pk)
    return download(FrozenReport(report), request.GET.get("format") or "xlsx")


@require_safe
def report_paper(request, pk):
    """The report's board paper, Word (default) or ``?format=pdf``: anyone who can read the report.

    The PDF is converted from the Word paper by LibreOffice the first time and then kept (services);
    if LibreOffice is missing or too slow the answer is a 503 page that offers the Word paper."""
    report = _report(request, pk)
    source = FrozenReport(report)
    format = request.GET.get("format") or "docx"
    if format == "docx":
        return download(source, "docx")
    if format != "pdf":
        raise Http404("No such download.")
    exporter = exporter_for(source, "pdf")
    try:
        pdf = services.board_paper_pdf(report=report)
    except ConversionFailed as error:
        return render(request, "reports/paper_unavailable.html", {"report": report, "reason": error}, status=503)
    response = HttpResponse(pdf, content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(source)}"'
    return response


@require_safe
def action_list_export(request):
    """The action list as the board workbook (or ``?format=csv``), with the page's filters and sort."""
    organisation = require_organisation(request.user)
    _require(request.user, "reports.download_export")
    # LiveList reads actions.selectors.response_list(organisation=, filters=): the page's own query.
    return download(LiveList(organisation, filters=request.GET), request.GET.get("format") or "xlsx")


@require_safe
def organisation_action_list_export(request, ods):
    """An organisation's action list export, read from above (a system lead's member trust)."""
    organisation = organisation_to_read(request.user, ods)
    _require(request.user, "reports.download_export")
    return download(LiveList(organisation, filters=request.GET), request.GET.get("format") or "xlsx")
