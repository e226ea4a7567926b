"""The roll-up pages of a system (ICS) or a region, and their one-file export. Thin: selectors read.

Access: the organisation in the URL must be the user's own or one below it, and a system or a
region (``owners.access.organisation_to_read``); anything else is a 404 — another system's lead
cannot tell a roll-up exists. The pages only read; the export needs ``reports.download_export``.
Everything a member trust shows links to its own read-only pages (``/organisations/<ODS>/…``).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from actions.charts import stacked_bars
from actions.models import Plan
from actions.statuses import DISPLAY
from owners.access import may_write, organisation_to_read
from owners.models import Organisation
from reports.downloads import download
from reports.sources import RollUp

from . import selectors

EXCEPTIONS_PAGE_SIZE = 50
SORTABLE = [
    ("name", "Organisation"),
    ("total", "Actions"),
    ("complete", "% complete"),
    ("overdue", "Overdue"),
    ("updated", "Last updated"),
]


def _root(request, ods):
    root = organisation_to_read(request.user, ods)
    if root.kind == Organisation.Kind.TRUST:
        raise Http404("Roll-ups are of systems and regions.")
    return root


def _pick(request, name, options):
    """The option whose pk is the query parameter ``name`` (None when absent or unknown)."""
    value = request.GET.get(name, "")
    return next((option for option in options if str(option.pk) == value), None)


def _actions_url(user, organisation):
    if may_write(user, organisation):
        return reverse("action_list")
    return reverse("organisation_action_list", args=[organisation.ods_code])


def _row_url(user, row):
    """A trust (or the root's own row) opens its action list; a region's system opens its roll-up."""
    if row.own or row.organisation.kind == Organisation.Kind.TRUST:
        return _actions_url(user, row.organisation)
    return reverse("rollup_trusts", args=[row.organisation.ods_code])


def _context(request, tree, page: str, **extra) -> dict:
    root = tree.root
    above = root.parent if root.parent_id and not may_write(request.user, root) else None
    return {
        "root": root,
        "above": above,  # the roll-up one level up, when the user reads this one from there
        "own_url": _actions_url(request.user, root),
        "tree": tree,
        "page": page,
        "can_download": request.user.has_perm("reports.download_export"),
        **extra,
    }


def _sort_columns(params, current):
    columns = []
    for key, label in SORTABLE:
        query = params.copy()
        active = current.lstrip("-") == key
        descending = active and current.startswith("-")
        query["sort"] = key if (not active or descending) else f"-{key}"
        aria = ("descending" if descending else "ascending") if active else None
        columns.append({"key": key, "label": label, "url": "?" + query.urlencode(), "aria_sort": aria})
    return columns


@require_safe
def side_by_side(request, ods):
    """The root's members side by side: counts by status, % complete, overdue, last updated."""
    tree = selectors.tree(_root(request, ods))
    themes = selectors.themes()
    theme = _pick(request, "theme", themes)
    sort = request.GET.get("sort") or "name"
    rows = selectors.sort_rows(selectors.side_by_side(tree, theme=theme), sort)
    for row in rows:
        row.url = _row_url(request.user, row)
    context = _context(
        request,
        tree,
        "trusts",
        rows=rows,
        bars=stacked_bars(((row.organisation.name, row.to_deliver, row) for row in rows), width=100),
        legend=[d for d in DISPLAY if any(row.to_deliver.get(d.value) for row in rows)],
        statuses=DISPLAY,
        themes=themes,
        theme=theme,
        sort=sort,
        sort_options=SORTABLE,
        columns=_sort_columns(request.GET, sort),
    )
    return render(request, "rollups/side_by_side.html", context)


@require_safe
def action_across(request, ods):
    """One national action across every organisation of the root ("where is everyone on …?")."""
    tree = selectors.tree(_root(request, ods))
    choices = selectors.action_choices()
    action = _pick(request, "action", choices)
    rows = selectors.action_across(tree, action=action) if action is not None else []
    return render(
        request, "rollups/action.html", _context(request, tree, "action", choices=choices, action=action, rows=rows)
    )


@require_safe
def exceptions(request, ods):
    """Overdue, off track and no update for 90 days, by organisation."""
    tree = selectors.tree(_root(request, ods))
    kind = request.GET.get("kind") if request.GET.get("kind") in selectors.EXCEPTION_KINDS else None
    organisation = next((o for o in tree.organisations if o.ods_code == request.GET.get("organisation")), None)
    listing = selectors.exception_list(tree, kind=kind, organisation=organisation)
    page = Paginator(listing, EXCEPTIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = _context(
        request,
        tree,
        "exceptions",
        counts=selectors.exception_counts(tree),
        kinds=selectors.EXCEPTION_KINDS,
        kind=kind,
        kind_label=selectors.EXCEPTION_KINDS.get(kind, ""),
        organisation=organisation,
        page_obj=page,
        page_query=query.urlencode(),
    )
    return render(request, "rollups/exceptions.html", context)


@require_safe
def export(request, ods):
    """The roll-up as one workbook (or ``?format=csv``) of every organisation below the root; all
    plans, or ``?plan=SLUG``."""
    root = _root(request, ods)
    if not request.user.has_perm("reports.download_export"):
        raise PermissionDenied("Your role reads the roll-up but does not download its workbook.")
    slug = request.GET.get("plan")
    plan = Plan.objects.filter(slug=slug).first() if slug else None
    if slug and plan is None:
        raise Http404("No such plan.")
    return download(RollUp(root, plan=plan), request.GET.get("format") or "xlsx")
