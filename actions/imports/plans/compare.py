"""Phases two and three of a plan import: compare the validated rows with the plan, then apply.

Matching is on the plan's own key, theme + ref (themes by name, case-insensitively,
ignoring spacing), never on database ids.

- a key not in the plan is **added** (a new theme gets the next number);
- an action whose text, who or timeline differs is **changed** (old → new per field);
- an active national action missing from the file is **withdrawn**: ``withdrawn_in`` is
  set, nothing is deleted, its responses stay;
- a withdrawn action the file brings back is **restored** (counted with *changed* in the
  summary line, listed as restored);
- everything else is **unchanged**.

Local-only actions (``Action.organisation`` set) are never touched by a national import:
they are not withdrawn when missing, and a row whose key exists *only* as a local action
(the demo trust's Equality and diversity 7, which appears in its own exports) is skipped
with a warning instead of creating a second, national action with the same key.

``plan_import_apply`` re-computes the comparison inside one ``transaction.atomic()`` and
refuses if it no longer matches the preview the user saw. The apply phase makes a fixed
number of queries whatever the number of rows (bulk writes; only the database's batch
size splits them), with history rows written by simple_history's bulk helpers.
"""

from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from owners.models import Organisation

from actions.services import default_status
from actions.models import Action, ActionChange, Plan, PlanVersion, Response, Theme
from actions.imports.plans.rows import PlanRow
from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import normalise_name
from actions.imports.reading.text import same_text

DEFAULT_PLAN_SLUG = "people-plan-2020-21"
COMPARED_FIELDS = [("text", "Action"), ("who", "Who"), ("timeline", "Timeline")]
UPDATED_FIELDS = ["text", "who", "audience", "timeline", "start_date", "due_date", "timeline_readable", "withdrawn_in"]
EXCEL_SHEET_NAME_LIMIT = 31


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class ActionDiff:
    kind: str  # an ActionChange.Kind value, or "unchanged"
    theme: str
    ref: int
    row: PlanRow | None = None
    action: Action | None = None
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.row.text if self.row else self.action.text

    def signature(self):
        return (self.kind, normalise_name(self.theme), self.ref, tuple((f.field, f.old, f.new) for f in self.fields))


@dataclass
class ImportPreview:
    """What an import would do. Nothing has been written when you hold one."""

    plan: Plan | None
    plan_slug: str
    plan_name: str
    rows: list[PlanRow]
    added: list[ActionDiff] = field(default_factory=list)
    changed: list[ActionDiff] = field(default_factory=list)
    restored: list[ActionDiff] = field(default_factory=list)
    withdrawn: list[ActionDiff] = field(default_factory=list)
    unchanged: list[ActionDiff] = field(default_factory=list)
    new_themes: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed) + len(self.restored),
            "withdrawn": len(self.withdrawn),
            "unchanged": len(self.unchanged),
        }

    def summary(self) -> str:
        """The one summary line: ``added=N changed=N withdrawn=N unchanged=N``."""
        return " ".join(f"{name}={count}" for name, count in self.counts.items())

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.restored or self.withdrawn)

    def signature(self):
        return tuple(d.signature() for d in self.added + self.changed + self.restored + self.withdrawn)


class PreviewOutdated(ImportFileError):
    """The plan changed between the preview and the confirmation."""


def _theme_lookup(themes: list[Theme]):
    by_name = {normalise_name(t.name): t for t in themes}

    def find(row: PlanRow) -> Theme | None:
        found = by_name.get(row.theme_key)
        if found is None and row.sheet and len(row.theme) == EXCEL_SHEET_NAME_LIMIT:
            # Excel cuts sheet names at 31 characters: "Recruitment and deployment acro".
            candidates = [t for name, t in by_name.items() if name.startswith(row.theme_key)]
            found = candidates[0] if len(candidates) == 1 else None
        return found

    return find


def plan_import_preview(
    *, plan: Plan | None, rows: list[PlanRow], plan_slug: str = "", plan_name: str = "",
    errors: list[Problem] = (), warnings: list[Problem] = (),
) -> ImportPreview:
    """Compare validated ``rows`` with ``plan`` (None: a new plan). Three queries; writes nothing."""
    preview = ImportPreview(
        plan=plan, plan_slug=plan.slug if plan else plan_slug, plan_name=plan.name if plan else plan_name,
        rows=list(rows), errors=list(errors), warnings=list(warnings),
    )
    themes = list(plan.themes.all()) if plan else []
    find_theme = _theme_lookup(themes)
    existing: dict[tuple[int, int], Action] = {}
    local_only: dict[tuple[int, int], list[str]] = {}
    if plan:
        for action in Action.objects.filter(theme__plan=plan).national().select_related("theme"):
            existing[(action.theme_id, action.ref)] = action
        for theme_id, ref, ods in Action.objects.filter(theme__plan=plan, organisation__isnull=False).values_list(
            "theme_id", "ref", "organisation__ods_code"
        ):
            local_only.setdefault((theme_id, ref), []).append(ods)
    seen: set[int] = set()
    new_theme_names: dict[str, str] = {}
    for row in rows:
        theme = find_theme(row)
        action = existing.get((theme.pk, row.ref)) if theme else None
        if action is None:
            if theme and (theme.pk, row.ref) in local_only:
                owners = ", ".join(sorted(local_only[(theme.pk, row.ref)]))
                preview.warnings.append(Problem(
                    f"{theme.name} {row.ref} is a local action of {owners} only: a national import does not "
                    "change local actions, so this row is skipped", row=row.row, column="Ref", sheet=row.sheet,
                ))
                continue
            if theme is None and row.theme_key not in new_theme_names:
                new_theme_names[row.theme_key] = row.theme
            preview.added.append(ActionDiff("added", theme.name if theme else row.theme, row.ref, row=row))
            continue
        seen.add(action.pk)
        changes = [
            FieldChange(name, label, getattr(action, name), getattr(row, name))
            for name, label in COMPARED_FIELDS
            if not same_text(getattr(action, name), getattr(row, name))
        ]
        if action.withdrawn_in_id:
            preview.restored.append(ActionDiff("restored", action.theme.name, row.ref, row, action, changes))
        elif changes:
            preview.changed.append(ActionDiff("changed", action.theme.name, row.ref, row, action, changes))
        else:
            preview.unchanged.append(ActionDiff("unchanged", action.theme.name, row.ref, row, action))
    for action in existing.values():
        if action.pk not in seen and not action.withdrawn_in_id:
            preview.withdrawn.append(ActionDiff("withdrawn", action.theme.name, action.ref, action=action))
    preview.withdrawn.sort(key=lambda d: (d.action.theme.number, d.ref))
    preview.new_themes = list(new_theme_names.values())
    return preview


def _apply_row(action: Action, row: PlanRow, *, timeline_changed: bool, who_changed: bool):
    action.text = row.text
    action.who = row.who
    if who_changed:
        action.audience = row.audience
    if timeline_changed:
        action.timeline = row.timeline
        action.start_date, action.due_date = row.start_date, row.due_date
        action.timeline_readable = row.timeline_readable


@transaction.atomic
def plan_import_apply(*, preview: ImportPreview, label: str, file_name: str, user) -> PlanVersion:
    """Apply a preview as a new PlanVersion, all or nothing.

    Re-validates inside the transaction: refuses (``ImportFileError``) when the preview has
    errors, has nothing to do, the label is taken, or the plan changed since the preview.
    """
    if preview.errors:
        raise ImportFileError(preview.errors)
    label = " ".join((label or "").split())
    if not label:
        raise ImportFileError([Problem("enter a label for this version, e.g. \"v4 October 2020\"")])
    plan = Plan.objects.select_for_update().filter(slug=preview.plan_slug).first()
    fresh = plan_import_preview(
        plan=plan, rows=preview.rows, plan_slug=preview.plan_slug, plan_name=preview.plan_name,
        errors=preview.errors, warnings=[],
    )
    if fresh.signature() != preview.signature():
        raise PreviewOutdated([Problem("the plan changed since this preview was made: preview the file again")])
    if not fresh.has_changes:
        raise ImportFileError([Problem("nothing to do: the plan already matches this file")])
    if plan is None:
        plan = Plan.objects.create(slug=preview.plan_slug, name=preview.plan_name or preview.plan_slug)
    elif PlanVersion.objects.filter(plan=plan, label=label).exists():
        raise ImportFileError([Problem(f'{plan} already has a version labelled "{label}": choose another label')])
    counts = fresh.counts
    version = PlanVersion(plan=plan, label=label, file_name=file_name[:260], imported_by=user, **counts)
    version._history_user = user
    version.save()

    themes = {normalise_name(t.name): t for t in plan.themes.all()}
    next_number = max((t.number for t in themes.values()), default=0) + 1
    new_themes = []
    for number, name in enumerate(fresh.new_themes, start=next_number):
        new_themes.append(Theme(plan=plan, number=number, name=name))
    for theme in Theme.objects.bulk_create(new_themes):
        themes[normalise_name(theme.name)] = theme

    changes: list[ActionChange] = []
    added = []
    for diff in fresh.added:
        row = diff.row
        added.append(Action(
            theme=themes[normalise_name(diff.theme)], ref=row.ref, text=row.text, who=row.who,
            audience=row.audience, timeline=row.timeline, start_date=row.start_date, due_date=row.due_date,
            timeline_readable=row.timeline_readable, added_in=version,
        ))
    added = bulk_create_with_history(added, Action, default_user=user, default_change_reason=f"Imported {label}")
    changes += [ActionChange(version=version, action=a, kind=ActionChange.Kind.ADDED, new=a.text) for a in added]

    updated = []
    for diff in fresh.changed + fresh.restored:
        names = {f.field for f in diff.fields}
        _apply_row(diff.action, diff.row, timeline_changed="timeline" in names, who_changed="who" in names)
        if diff.kind == "restored":
            diff.action.withdrawn_in = None
            changes.append(ActionChange(version=version, action=diff.action, kind=ActionChange.Kind.RESTORED))
        changes += [
            ActionChange(version=version, action=diff.action, kind=ActionChange.Kind.CHANGED,
                         field=f.field, old=f.old, new=f.new)
            for f in diff.fields
        ]
        updated.append(diff.action)
    for diff in fresh.withdrawn:
        diff.action.withdrawn_in = version
        changes.append(ActionChange(version=version, action=diff.action, kind=ActionChange.Kind.WITHDRAWN))
        updated.append(diff.action)
    if updated:
        bulk_update_with_history(updated, Action, UPDATED_FIELDS, default_user=user,
                                 default_change_reason=f"Imported {label}")
    ActionChange.objects.bulk_create(changes)
    _respond(plan=plan, actions=added + [d.action for d in fresh.restored], user=user,
             check_existing=bool(fresh.restored))
    return version


def _respond(*, plan: Plan, actions: list[Action], user, check_existing: bool) -> int:
    """Every organisation that already responds to the plan gets a response to each added (or restored) action.

    A restored action keeps the responses it had; only organisations that started responding while it
    was withdrawn get a new one (``check_existing``: one more query).
    """
    if not actions:
        return 0
    organisations = list(Organisation.objects.filter(responses__action__theme__plan=plan).distinct())
    existing = set()
    if check_existing:
        existing = set(Response.objects.filter(action__in=[a.pk for a in actions if a.pk]).values_list(
            "organisation_id", "action_id"))
    responses = [
        Response(organisation=organisation, action=action,
                 status=default_status(action=action, organisation=organisation), modified_by=user)
        for organisation in organisations
        for action in actions
        if (organisation.pk, action.pk) not in existing
    ]
    bulk_create_with_history(responses, Response, default_user=user, default_change_reason="Action added to the plan")
    return len(responses)
