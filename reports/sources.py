"""What an export is made from: the live action list of an organisation, a roll-up of every
organisation below a system or region (or the nation), or a frozen board report.

A source gathers the data (lines, the plans they come from, the cover's rows, changes since the
last report, a file name); the exporters in ``reports.exporters`` only render it. Every download
and command builds one of these and hands it to ``reports.exporters.exporter_for``.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone
from django.utils.text import slugify

from actions.models import Plan
from actions.rules import plan_order
from actions.selectors import response_list
from owners.access import subtree
from owners.models import Organisation

from .lines import Line, progress_lines, report_lines, rollup_lines
from .models import BoardReportLine, PaperTemplate
from .selectors import Changes, figures_statement, previous_issued, report_changes


@dataclass(frozen=True)
class PlanLabel:
    """A plan as an export names it: its name and short name (the order of a source's plans is the
    order its lines come in)."""

    name: str
    short_name: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass
class FrontSheet:
    title: str
    rows: list  # [(label, value)] for the cover
    footer: str
    organisation: str = ""  # the running header of every printed page: organisation …
    as_at: object = None  # … and the date the figures are as at


@dataclass
class PaperFront:
    """What the board paper's front sheet shows beside the report's own fields (all frozen with it)."""

    report: object
    objectives: list  # [(objective, how the report supports it)]
    baf_risks: list  # ["BAF 3 Staff morale and workforce challenges"]
    previous: object  # the issued report before this one, or None
    template: bytes | None  # the organisation's Word template, or None for the default


def _filename_stem(*parts) -> str:
    return "-".join(slugify(p) for p in parts if p)[:120]


@dataclass
class LiveList:
    """The organisation's action list as it stands now, with the page's filters and sort."""

    organisation: object
    plan: object = None
    filters: object = None

    kind = "live"

    def lines(self) -> Iterator[Line]:
        return progress_lines(organisation=self.organisation, plan=self.plan, filters=self.filters)

    def plans(self) -> list[PlanLabel]:
        """The plans of the lines exported (the list as filtered), in reading order — one query."""
        plan = "action__theme__plan__"
        rows = (
            response_list(organisation=self.organisation, plan=self.plan, filters=self.filters)
            .prefetch_related(None)
            .order_by(*plan_order(prefix=plan))
            .values_list(f"{plan}name", f"{plan}short_name", f"{plan}published", f"{plan}pk")
            .distinct()
        )
        return [PlanLabel(name, short) for name, short, _, _ in rows]

    def changes(self) -> Changes | None:
        return None

    def front_sheet(self) -> FrontSheet:
        today = timezone.localdate()
        title = "People Plan progress — action list"
        rows = [
            ("Title", title),
            ("Organisation", self.organisation.name),
            ("Plan", self.plan.name if self.plan else "All plans"),
            ("As at", today),
            ("Filters", _describe_filters(self.filters) or "None: every action"),
            ("Report status", "Live data from the action list — not a frozen board report"),
        ]
        return FrontSheet(
            title=title,
            rows=rows,
            footer=f"{self.organisation.name} — {title}, {today:%d %B %Y}",
            organisation=self.organisation.name,
            as_at=today,
        )

    def filename_stem(self) -> str:
        return _filename_stem(self.organisation.ods_code, "people-plan-actions", f"{timezone.localdate():%Y-%m-%d}")


@dataclass
class RollUp:
    """One file for a system, a region or the nation (``root=None``): the lines of every organisation
    in the tree, in tree order (``owners.access.subtree``: a system's own, then each trust's), each
    exactly as that organisation's own export gives them — the roll-up CSV is the concatenation of
    the members' CSVs."""

    root: object
    plan: object = None

    kind = "rollup"

    def organisations(self) -> list:
        if not hasattr(self, "_organisations"):
            self._organisations = subtree(self.root)
        return self._organisations

    def lines(self) -> Iterator[Line]:
        return rollup_lines(organisations=self.organisations(), plan=self.plan)

    def plans(self) -> list[PlanLabel]:
        """The plans the roll-up's organisations respond to (or its one plan), in reading order."""
        if self.plan is not None:
            return [PlanLabel(self.plan.name, self.plan.short_name)]
        responded = Plan.objects.filter(themes__actions__responses__organisation__in=self.organisations())
        rows = Plan.objects.filter(pk__in=responded.values("pk")).order_by(*plan_order())
        return [PlanLabel(plan.name, plan.short_name) for plan in rows]

    def changes(self) -> Changes | None:
        return None

    @property
    def name(self) -> str:
        return self.root.name if self.root is not None else "All organisations (national roll-up)"

    def front_sheet(self) -> FrontSheet:
        today = timezone.localdate()
        title = "People Plan progress — roll-up"
        kinds = [o.kind for o in self.organisations()]
        members = ", ".join(
            f"{kinds.count(kind)} {label.lower()}{'s' if kinds.count(kind) != 1 else ''}"
            for kind, label in Organisation.Kind.choices
            if kinds.count(kind)
        )
        rows = [
            ("Title", title),
            ("Organisation", self.name),
            ("Organisations included", members or "None"),
            ("Plan", self.plan.name if self.plan else "All plans"),
            ("As at", today),
            ("Rows", "Every response of every organisation included, as each organisation's own export gives it"),
            ("Report status", "Live data from the action lists — not a frozen board report"),
        ]
        return FrontSheet(
            title=title,
            rows=rows,
            footer=f"{self.name} — {title}, {today:%d %B %Y}",
            organisation=self.name,
            as_at=today,
        )

    def filename_stem(self) -> str:
        code = self.root.ods_code if self.root is not None else "national"
        return _filename_stem(code, "people-plan-roll-up", f"{timezone.localdate():%Y-%m-%d}")


DEFAULT_PLAN = "people-plan-2020-21"  # design.md: exports default to the NHS People Plan 2020/21
ALL_PLANS = "all"


def live_source(organisation, plan_slug: str = DEFAULT_PLAN) -> "LiveList | RollUp":
    """What an export of ``organisation`` (None: the nation) for ``plan_slug`` reads: a trust's
    action list, or the roll-up of a system, a region or the nation. ``"all"``: every plan it
    responds to. The one choice behind ``export_progress`` and the API's feed, so their files match
    byte for byte. Raises ``Plan.DoesNotExist`` for a plan the organisation does not see."""
    rollup = organisation is None or organisation.kind != Organisation.Kind.TRUST
    if plan_slug == ALL_PLANS:
        return RollUp(organisation) if rollup else LiveList(organisation)
    plans = Plan.objects.all() if organisation is None else Plan.objects.visible_to(organisation)
    plan = plans.get(slug=plan_slug)
    return RollUp(organisation, plan=plan) if rollup else LiveList(organisation, plan=plan)


@dataclass
class FrozenReport:
    """A board report's frozen lines, as the board was (or will be) told."""

    report: object

    kind = "report"

    @property
    def organisation(self):
        return self.report.organisation

    def lines(self) -> Iterator[Line]:
        return report_lines(self.report)

    def plans(self) -> list[PlanLabel]:
        """The plans of the report's frozen lines, in report order — one query."""
        rows = (
            BoardReportLine.objects.filter(report=self.report)
            .values_list("plan_name", "plan_short_name")
            .annotate(first=Min("order"))
            .order_by("first")
        )
        return [PlanLabel(name, short) for name, short, _ in rows]

    def changes(self) -> Changes | None:
        changes = report_changes(self.report)
        return changes if changes.previous else None

    def front_sheet(self) -> FrontSheet:
        report = self.report
        state = (
            f"Issued {timezone.localtime(report.issued_at):%d %B %Y %H:%M}"
            + (f" by {report.issued_by_name}" if report.issued_by_name else "")
            if report.issued_at
            else "Draft — not yet issued; figures may still change"
        )
        plans = self.plans()
        author = ", ".join(filter(None, [report.author, report.author_title]))
        sponsor = ", ".join(filter(None, [report.executive_sponsor, report.executive_sponsor_title]))
        rows = [
            ("Title", report.title),
            ("Organisation", report.organisation_name or report.organisation.name),
            ("Report to", report.meeting),
            ("Meeting date", report.meeting_date),
            ("Agenda item", report.agenda_item),
            ("Purpose of the report", report.get_purpose_display()),
            ("Report author", author),
            ("Executive sponsor", sponsor),
            ("As at", report.as_at),
            ("Figures", figures_statement(report)),
            ("Assurance level", report.get_assurance_level_display()),
            ("Rationale for assurance rating", report.assurance_rationale),
            ("Plans" if len(plans) > 1 else "Plan", report.plan_name or "; ".join(plan.name for plan in plans)),
            ("Report status", state),
        ]
        return FrontSheet(
            title=report.title,
            rows=rows,
            footer=report.title,
            organisation=report.organisation_name or report.organisation.name,
            as_at=report.as_at,
        )

    def filename_stem(self) -> str:
        report = self.report
        return _filename_stem(report.organisation.ods_code, "board-report", str(report.pk), f"{report.as_at:%Y-%m-%d}")

    def paper_front(self) -> PaperFront:
        report = self.report
        template = (
            PaperTemplate.objects.filter(organisation=report.organisation_id).values_list("content", flat=True).first()
        )
        return PaperFront(
            report=report,
            objectives=[(item["name"], item["support"]) for item in report.objectives],
            baf_risks=[f"{item['reference']} {item['title']}".strip() for item in report.baf_risks],
            previous=previous_issued(report),
            template=bytes(template) if template is not None else None,
        )

    def paper_stem(self) -> str:
        report = self.report
        return _filename_stem(report.organisation.ods_code, "board-paper", str(report.pk), f"{report.as_at:%Y-%m-%d}")


def _describe_filters(filters) -> str:
    if not filters:
        return ""
    parts = []
    for key in sorted(filters):
        if key == "format":
            continue
        values = filters.getlist(key) if hasattr(filters, "getlist") else [filters[key]]
        values = [str(v) for v in (values if isinstance(values, list) else [values]) if str(v)]
        if values:
            parts.append(f"{key}: {', '.join(values)}")
    return "; ".join(parts)
