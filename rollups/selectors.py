"""Read side of the roll-up pages: a system's (or a region's) organisations side by side, one action
across them, and their exceptions.

Every function reads the organisations at or below one root (``owners.access.within_q``) and
issues a fixed number of queries however many organisations there are: counts are grouped in the
database, rows are fetched for one action or one page at a time.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import BooleanField, Case, Count, IntegerField, Max, Prefetch, Q, Value, When

from actions.models import Action, ProgressUpdate, Response, ResponseOwner, Status, Theme
from actions.rules import overdue_q, stale_q
from actions.selectors import responses_annotated, today
from actions.statuses import DISPLAY, percent_complete
from owners.access import subtree, within_q
from owners.models import Organisation


@dataclass
class Tree:
    """The root and every organisation below it, in tree order (one query)."""

    root: Organisation
    organisations: list

    @property
    def within(self) -> Q:
        return within_q(self.root)

    @property
    def root_noun(self) -> str:
        return "region" if self.root.kind == Organisation.Kind.REGION else "system"

    @property
    def member_noun(self) -> str:
        """What the root's rows are: a system's trusts, a region's systems."""
        return "systems" if self.root.kind == Organisation.Kind.REGION else "trusts"

    @cached_property
    def members(self) -> list:
        """The organisations one level below the root: the rows of the side-by-side table."""
        return [o for o in self.organisations if o.parent_id == self.root.pk]

    @cached_property
    def row_of(self) -> dict:
        """Organisation id → the id of the row it is counted in (itself, or its member ancestor)."""
        rows = {self.root.pk: self.root.pk}
        for organisation in self.organisations[1:]:  # parents come before their children
            parent = organisation.parent_id
            rows[organisation.pk] = organisation.pk if parent == self.root.pk else rows.get(parent, parent)
        return rows

    @cached_property
    def position(self) -> dict:
        return {o.pk: index for index, o in enumerate(self.organisations)}

    def ordered(self, *fields):
        """An ORDER BY expression: tree order of the organisation, then ``fields``."""
        whens = [When(organisation_id=pk, then=Value(index)) for pk, index in self.position.items()]
        return [Case(*whens, default=Value(len(whens)), output_field=IntegerField()), *fields]


def tree(root) -> Tree:
    return Tree(root=root, organisations=subtree(root))


@dataclass
class Row:
    """One row of the side-by-side table: an organisation (with everything below it)."""

    organisation: Organisation
    own: bool = False  # the root's own responses (a system's answers to the actions for systems)
    counts: dict = field(default_factory=lambda: {value: 0 for value in Status.values})
    overdue: int = 0
    last_updated: datetime.date | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def to_deliver(self) -> dict:
        """The counts without the non-delivery states: what a BRAG bar shows."""
        return {value: n for value, n in self.counts.items() if value not in Status.not_delivered()}

    @property
    def percent_complete(self) -> int | None:
        return percent_complete(self.counts)

    @property
    def cells(self) -> list:
        return [{"value": d.value, "label": d.label, "n": self.counts[d.value]} for d in DISPLAY]


def side_by_side(tree: Tree, *, theme=None, on: datetime.date | None = None) -> list[Row]:
    """The root's own row (when it has responses) and one row per member, counted over everything
    below it: by status, overdue (on day ``on``) and the latest progress update — two queries."""
    on = on or today()
    responses = Response.objects.of_any(tree.within).active()
    if theme is not None:
        responses = responses.filter(action__theme=theme)
    rows = {o.pk: Row(organisation=o) for o in [tree.root, *tree.members]}
    rows[tree.root.pk].own = True
    counted = responses.values("organisation_id", "status").annotate(
        n=Count("pk"), overdue=Count("pk", filter=overdue_q(on))
    )
    for group in counted.order_by():
        row = rows[tree.row_of[group["organisation_id"]]]
        row.counts[group["status"]] += group["n"]
        row.overdue += group["overdue"]
    latest = (
        ProgressUpdate.objects.filter(response__in=responses.values("pk"), date__lte=on)
        .values("response__organisation_id")
        .annotate(last=Max("date"))
        .order_by()
    )
    for group in latest:
        row = rows[tree.row_of[group["response__organisation_id"]]]
        row.last_updated = max(filter(None, [row.last_updated, group["last"]]))
    own = rows.pop(tree.root.pk)
    return ([own] if own.total else []) + list(rows.values())


SORTS = {
    "name": lambda row: row.organisation.name.lower(),
    "complete": lambda row: -1 if row.percent_complete is None else row.percent_complete,
    "overdue": lambda row: row.overdue,
    "updated": lambda row: row.last_updated or datetime.date.min,  # never updated: the oldest
    "total": lambda row: row.total,
}


def sort_rows(rows: list[Row], key: str) -> list[Row]:
    """The root's own row first, then the members by ``key`` (``-key`` descending; unknown: name)."""
    descending = key.startswith("-")
    sort = SORTS.get(key.lstrip("-"), SORTS["name"])
    own = [row for row in rows if row.own]
    members = sorted((row for row in rows if not row.own), key=lambda r: r.organisation.name.lower())
    return own + sorted(members, key=sort, reverse=descending)


def themes():
    return list(Theme.objects.select_related("plan").order_by("plan__name", "number"))


# --- One action across the organisations ----------------------------------------------------


def action_choices():
    """The plans' own active actions, for the picker — one query."""
    actions = Action.objects.national().active().select_related("theme__plan")
    return list(actions.order_by("theme__plan__name", "theme__number", "ref"))


def _with_owners(queryset):
    owners = ResponseOwner.objects.select_related("owner").order_by("-is_lead", "order", "pk")
    return queryset.prefetch_related(Prefetch("response_owners", queryset=owners, to_attr="owner_list"))


def action_across(tree: Tree, *, action, on: datetime.date | None = None) -> list:
    """Every organisation's response to ``action`` (status, owners, due, latest update) in tree
    order — two queries. Organisations that owe one but have none yet are listed as ``(org, None)``."""
    responses = _with_owners(
        responses_annotated(within=tree.within, on=on).filter(action=action).order_by(*tree.ordered())
    )
    found = {response.organisation_id: response for response in responses}
    owing = [o for o in tree.organisations if o.pk in found or o.kind == Organisation.Kind.TRUST]
    return [(organisation, found.get(organisation.pk)) for organisation in owing]


# --- Exceptions -----------------------------------------------------------------------------

EXCEPTION_KINDS = {
    "overdue": "Overdue",
    "off_track": "Off track",
    "stale": "No update for 90 days",
}


def exception_q(on, kind: str | None = None) -> Q:
    """Overdue, off track, or open with no update for 90 days (``kind`` one of them; None: any).
    The same rule for rows already read: ``actions.rules.is_rollup_exception`` (the workbook's)."""
    rules = {"overdue": overdue_q(on), "off_track": Q(status=Status.OFF_TRACK), "stale": stale_q(on)}
    if kind in rules:
        return rules[kind]
    return rules["overdue"] | rules["off_track"] | rules["stale"]


def exception_counts(tree: Tree, *, on: datetime.date | None = None) -> list[dict]:
    """Per organisation with responses, in tree order: how many of each kind and of any — one query."""
    on = on or today()
    counts = {kind: Count("pk", filter=exception_q(on, kind)) for kind in EXCEPTION_KINDS}
    counts["any"] = Count("pk", filter=exception_q(on))
    groups = Response.objects.of_any(tree.within).active().values("organisation_id").annotate(**counts).order_by()
    by_id = {group["organisation_id"]: group for group in groups}
    return [{"organisation": o, **by_id[o.pk]} for o in tree.organisations if o.pk in by_id]


def exception_list(tree: Tree, *, kind: str | None = None, organisation=None, on: datetime.date | None = None):
    """The exceptions themselves, by organisation in tree order, then theme and ref (annotated with
    ``is_stale`` besides ``is_overdue``); owners prefetched. Slice or paginate it."""
    on = on or today()
    queryset = (
        responses_annotated(within=tree.within, on=on)
        .active()
        .filter(exception_q(on, kind))
        .annotate(
            is_stale=Case(When(stale_q(on), then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
    )
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return _with_owners(queryset.order_by(*tree.ordered("action__theme__number", "action__ref", "pk")))
