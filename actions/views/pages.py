"""Read pages: dashboard, the action list and my actions. Every query is scoped to the user's organisation.

Plan is a dimension of each: the dashboard has one panel per plan the organisation responds to; the
action list and my actions filter by plan (``?plan=SLUG``; all plans by default) and each row names its
plan. A plan the organisation does not respond to — another organisation's local plan above all — is
a 404.

The dashboard and the action list also show, read only, an organisation below the user's own (a
system lead reading a member trust: ``/organisations/<ODS>/…``, ``owners.access.organisation_to_read``).
"""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from actions import selectors
from actions.access import can_edit_responses
from actions.charts import stacked_bars
from actions.filters import ResponseFilter
from actions.forms import style_form
from actions.models import Response, Status
from actions.reminder_selectors import reminder_responses, reminder_windows
from actions.statuses import DISPLAY
from owners.access import may_write, organisation_to_read, require_organisation

PAGE_SIZE = 25


def _status_columns(themes):
    totals = {row.value: sum(t["counts"][row.value] for t in themes) for row in DISPLAY}
    return [
        {"value": row.value, "label": row.label, "colour": f"#{row.colour}", "display": row, "total": totals[row.value]}
        for row in DISPLAY
    ]


def _plan_panels(themes):
    """One panel per plan the organisation responds to: its themes' bars and table, and its totals."""
    panels: dict[int, dict] = {}
    for theme in themes:
        theme["cells"] = [{"value": row.value, "label": row.label, "n": theme["counts"][row.value]} for row in DISPLAY]
        panels.setdefault(theme["plan"]["id"], {"plan": theme["plan"], "themes": []})["themes"].append(theme)
    for panel in panels.values():
        panel["status_columns"] = _status_columns(panel["themes"])
        panel["total"] = sum(t["total"] for t in panel["themes"])
        panel["bars"] = stacked_bars(((t["name"], t["counts"], t) for t in panel["themes"]), width=100)
    return list(panels.values())


def organisation_urls(user, organisation) -> dict:
    """Where an organisation's pages are for this user: their own at the usual addresses, one they
    read from above under ``/organisations/<ODS>/`` (with the roll-up it belongs to)."""
    if may_write(user, organisation):
        return {
            "dashboard": reverse("dashboard"),
            "actions": reverse("action_list"),
            "export": reverse("action_list_export"),
            "reports": reverse("report_list"),
        }
    ods = organisation.ods_code
    return {
        "dashboard": reverse("organisation_dashboard", args=[ods]),
        "actions": reverse("organisation_action_list", args=[ods]),
        "export": reverse("organisation_action_list_export", args=[ods]),
        "reports": reverse("organisation_report_list", args=[ods]),
        "rollup": reverse("rollup_trusts", args=[organisation.parent.ods_code]) if organisation.parent_id else "",
        "rollup_name": organisation.parent.name if organisation.parent_id else "",
    }


def _page_context(request, organisation) -> dict:
    return {
        "urls": organisation_urls(request.user, organisation),
        "elsewhere": None if may_write(request.user, organisation) else organisation,
    }


@require_safe
def dashboard(request):
    return _dashboard(request, require_organisation(request.user))


@require_safe
def organisation_dashboard(request, ods):
    """Another organisation's dashboard, read only: one below the user's own."""
    return _dashboard(request, organisation_to_read(request.user, ods))


def _dashboard(request, organisation):
    themes = selectors.dashboard_theme_status_counts(organisation=organisation)
    overdue_count, overdue = selectors.overdue_responses(organisation=organisation)
    due_soon_count, due_soon = selectors.due_soon_responses(organisation=organisation)
    status_columns = _status_columns(themes)
    return render(
        request,
        "actions/dashboard.html",
        {
            "themes": themes,
            "panels": _plan_panels(themes),
            "status_columns": status_columns,
            "grand_total": sum(column["total"] for column in status_columns),
            "overdue_count": overdue_count,
            "overdue": overdue,
            "due_soon_count": due_soon_count,
            "due_soon": due_soon,
            "latest_updates": selectors.latest_updates(organisation=organisation),
            **_page_context(request, organisation),
        },
    )


SORTABLE = [("ref", "Action"), ("status", "Status"), ("due", "Due"), ("updated", "Latest update")]


@require_safe
def action_list(request):
    return _action_list(request, require_organisation(request.user))


@require_safe
def organisation_action_list(request, ods):
    """Another organisation's action list, read only: one below the user's own."""
    return _action_list(request, organisation_to_read(request.user, ods))


def _action_list(request, organisation):
    params = request.GET
    themes = selectors.plan_themes(organisation=organisation)  # the plan and theme choices, read once
    if params.get("plan") and params["plan"] not in {theme.plan.slug for theme in themes}:
        raise Http404("No such plan.")  # another organisation's local plan is not there at all
    responses = selectors.response_list(organisation=organisation, filters=params, themes=themes)
    filterset = ResponseFilter(
        params or None, queryset=Response.objects.none(), organisation=organisation, themes=themes
    )
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
            **_page_context(request, organisation),
        },
    )


@require_safe
def my_actions(request):
    organisation = require_organisation(request.user)
    plans = selectors.plans_responded(organisation=organisation)
    chosen = next((plan for plan in plans if plan.slug == request.GET.get("plan")), None)
    if request.GET.get("plan") and chosen is None:
        raise Http404("No such plan.")
    responses = list(
        selectors.my_responses(organisation=organisation, user=request.user, plan=chosen.slug if chosen else "")
    )
    # What the owner's reminder would list today: the reminder e-mail's own selector and windows.
    windows = reminder_windows(organisation) if responses else None
    reminder = (
        reminder_responses(
            organisation=organisation, on=selectors.today(), windows=windows, user=request.user, with_owners=False
        )
        if responses
        else []
    )
    return render(
        request,
        "actions/my_actions.html",
        {
            "responses": responses,
            "overdue_count": sum(1 for r in responses if r.is_overdue),
            "reminder": reminder,
            "windows": windows,
            "plans": plans,
            "chosen_plan": chosen,
            # A read-only role (board member, board secretary) updates no action: say what they can do.
            "read_only": not can_edit_responses(request.user),
        },
    )
