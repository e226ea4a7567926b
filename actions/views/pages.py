"""Read pages: dashboard, the action list and my actions. Every query is scoped to the user's organisation."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from owners.access import require_organisation

from actions import selectors
from actions.filters import ResponseFilter
from actions.forms import style_form
from actions.models import Status
from actions.reminder_selectors import reminder_responses, reminder_windows

PAGE_SIZE = 25

BRAG_ORDER = [
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.COMPLETE,
    Status.NOT_STARTED,
    Status.FOR_NOTING,
    Status.NFA,
    Status.NOT_APPLICABLE,
]


CHART_CLASSES = {
    Status.ON_TRACK: "green",
    Status.AT_RISK: "amber",
    Status.OFF_TRACK: "red",
    Status.COMPLETE: "blue",
    Status.NOT_STARTED: "grey-dark",
    Status.FOR_NOTING: "grey",
    Status.NFA: "grey-light",
    Status.NOT_APPLICABLE: "grey-lighter",
}


def _chart(themes):
    """One stacked bar per theme: SVG geometry in percent of the widest theme, computed here
    (no inline styles in templates). Each bar is followed by its figures as text."""
    widest = max((t["total"] for t in themes), default=0) or 1
    rows = []
    for theme in themes:
        x = 0.0
        segments = []
        for status in BRAG_ORDER:
            count = theme["counts"][status]
            if not count:
                continue
            width = count / widest * 100
            segments.append(
                {"x": round(x, 3), "width": round(width, 3), "count": count, "label": status.label,
                 "colour": CHART_CLASSES[status]}
            )
            x += width
        rows.append({"theme": theme, "segments": segments})
    return {"rows": rows}


@require_GET
def dashboard(request):
    organisation = require_organisation(request.user)
    themes = selectors.dashboard_theme_status_counts(organisation=organisation)
    overdue_count, overdue = selectors.overdue_responses(organisation=organisation)
    due_soon_count, due_soon = selectors.due_soon_responses(organisation=organisation)
    totals = {status: sum(t["counts"][status] for t in themes) for status in Status.values}
    for theme in themes:
        theme["cells"] = [{"value": s.value, "label": s.label, "n": theme["counts"][s.value]} for s in BRAG_ORDER]
    return render(
        request,
        "actions/dashboard.html",
        {
            "themes": themes,
            "status_columns": [
                {"value": s.value, "label": s.label, "colour": CHART_CLASSES[s], "total": totals[s.value]}
                for s in BRAG_ORDER
            ],
            "grand_total": sum(totals.values()),
            "chart": _chart(themes),
            "overdue_count": overdue_count,
            "overdue": overdue,
            "due_soon_count": due_soon_count,
            "due_soon": due_soon,
            "latest_updates": selectors.latest_updates(organisation=organisation),
        },
    )


SORTABLE = [("ref", "Action"), ("status", "Status"), ("due", "Due"), ("updated", "Latest update")]


@require_GET
def action_list(request):
    organisation = require_organisation(request.user)
    params = request.GET
    responses = selectors.response_list(organisation=organisation, filters=params)
    filterset = ResponseFilter(params or None, queryset=responses.none(), organisation=organisation)
    filterset.form.fields["status"].widget = forms.CheckboxSelectMultiple(choices=Status.choices)
    style_form(filterset.form)
    filterset.is_valid()
    page = Paginator(responses, PAGE_SIZE).get_page(params.get("page"))
    current_sort = params.get("sort") or "ref"
    columns = []
    for key, label in SORTABLE:
        query = params.copy()
        query.pop("page", None)
        active = current_sort.lstrip("-") == key
        descending = active and current_sort.startswith("-")
        query["sort"] = key if (not active or descending) else f"-{key}"
        columns.append(
            {
                "label": label,
                "url": "?" + query.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if active else None,
            }
        )
    page_query = params.copy()
    page_query.pop("page", None)
    active_filters = [k for k in params if k not in ("page", "sort") and any(params.getlist(k))]
    return render(
        request,
        "actions/action_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "error_forms": [filterset.form] if filterset.form.errors else [],
            "page_obj": page,
            "columns": columns,
            "page_query": page_query.urlencode(),
            "is_filtered": bool(active_filters),
            "selected_statuses": params.getlist("status"),
        },
    )


@require_GET
def my_actions(request):
    organisation = require_organisation(request.user)
    responses = list(selectors.my_responses(organisation=organisation, user=request.user))
    # What the owner's reminder would list today: the reminder e-mail's own selector and windows.
    windows = reminder_windows(organisation) if responses else None
    reminder = reminder_responses(
        organisation=organisation, on=selectors.today(), windows=windows, user=request.user, with_owners=False
    ) if responses else []
    return render(
        request,
        "actions/my_actions.html",
        {"responses": responses, "overdue_count": sum(1 for r in responses if r.is_overdue),
         "reminder": reminder, "windows": windows},
    )
