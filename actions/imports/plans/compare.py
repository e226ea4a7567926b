"""Phase two of a plan import: compare the validated rows with the plan (``apply`` is phase three).

Matching is on the plan's own key, theme + ref (themes by name, case-insensitively,
ignoring spacing), never on database ids.

- a key not in the plan is **added** (a new theme gets the next number);
- an action whose text, who or timeline differs is **changed** (old → new per field);
- an active national action missing from the file is **withdrawn**: ``withdrawn_in`` is
  set, nothing is deleted, its responses stay;
- a withdrawn action the file brings back is **restored** (counted with *changed* in the
  summary line, listed as restored);
- everything else is **unchanged**.

A plan is national or one organisation's own (``Plan.organisation``): the import names the
organisation a local plan belongs to (``organisation``), and an existing plan is imported only
for its own organisation (a national plan without one) — anything else is an error, nothing is
applied. A new plan is created for the organisation named (none: a national plan).

Local-only actions (``Action.organisation`` set) are never touched by a national import:
they are not withdrawn when missing, and a row whose key exists *only* as a local action
(the demo trust's Equality and diversity 7, which appears in its own exports) is skipped
with a warning instead of creating a second, national action with the same key.

The comparison writes nothing; ``actions.imports.plans.apply`` applies it.
"""

from dataclasses import dataclass, field

from actions.imports.plans.rows import PlanRow
from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import match_name, normalise_name
from actions.imports.reading.text import same_text
from actions.models import Action, Plan, Theme
from owners.models import Organisation

DEFAULT_PLAN_SLUG = "people-plan-2020-21"
COMPARED_FIELDS = [("text", "Action"), ("who", "Who"), ("timeline", "Timeline")]


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
    organisation: Organisation | None = None
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
        return by_name.get(match_name(row.theme, by_name, from_sheet_name=bool(row.sheet)))

    return find


def plan_import_preview(
    *,
    plan: Plan | None,
    rows: list[PlanRow],
    plan_slug: str = "",
    plan_name: str = "",
    errors: list[Problem] = (),
    warnings: list[Problem] = (),
    organisation: Organisation | None = None,
) -> ImportPreview:
    """Compare validated ``rows`` with ``plan`` (None: a new plan) of ``organisation`` (None: national).
    Three queries; writes nothing."""
    preview = ImportPreview(
        plan=plan,
        plan_slug=plan.slug if plan else plan_slug,
        plan_name=plan.name if plan else plan_name,
        rows=list(rows),
        organisation=organisation,
        errors=list(errors),
        warnings=list(warnings),
    )
    owner_problem = _owner_problem(plan, organisation)
    if owner_problem:
        preview.errors.append(owner_problem)
        return preview
    find_theme = _theme_lookup(list(plan.themes.all()) if plan else [])
    existing, local_only = _plan_actions(plan)
    seen: set[int] = set()
    new_theme_names: dict[str, str] = {}
    for row in rows:
        theme = find_theme(row)
        action = existing.get((theme.pk, row.ref)) if theme else None
        if action is not None:
            seen.add(action.pk)
            _compare(preview, row, action)
        elif theme and (theme.pk, row.ref) in local_only:
            owners = ", ".join(sorted(local_only[(theme.pk, row.ref)]))
            message = (
                f"{theme.name} {row.ref} is a local action of {owners} only: a national import does not "
                "change local actions, so this row is skipped"
            )
            preview.warnings.append(Problem(message, row=row.row, column="Ref", sheet=row.sheet))
        else:
            if theme is None and row.theme_key not in new_theme_names:
                new_theme_names[row.theme_key] = row.theme
            preview.added.append(ActionDiff("added", theme.name if theme else row.theme, row.ref, row=row))
    for action in existing.values():
        if action.pk not in seen and not action.withdrawn_in_id:
            preview.withdrawn.append(ActionDiff("withdrawn", action.theme.name, action.ref, action=action))
    preview.withdrawn.sort(key=lambda d: (d.action.theme.number, d.ref))
    preview.new_themes = list(new_theme_names.values())
    return preview


def _owner_problem(plan: Plan | None, organisation: Organisation | None) -> Problem | None:
    """Why ``plan`` cannot be imported for ``organisation`` (None: as a national plan), if it cannot."""
    if plan is None or plan.organisation_id == (organisation.pk if organisation else None):
        return None
    if plan.organisation_id is None:
        return Problem(f"{plan.name} is a national plan: it cannot be imported as a local plan of {organisation}")
    if organisation is None:
        return Problem(f"{plan.name} is a local plan of one organisation: name that organisation to import it")
    return Problem(f"{organisation} has no plan {plan.slug}: choose another slug for a new plan")


def _plan_actions(plan: Plan | None):
    """The plan's national actions by (theme id, ref), and the ODS codes of local actions by the same key."""
    existing: dict[tuple[int, int], Action] = {}
    local_only: dict[tuple[int, int], list[str]] = {}
    if plan:
        for action in Action.objects.filter(theme__plan=plan).national().select_related("theme"):
            existing[(action.theme_id, action.ref)] = action
        local = Action.objects.filter(theme__plan=plan, organisation__isnull=False)
        for theme_id, ref, ods in local.values_list("theme_id", "ref", "organisation__ods_code"):
            local_only.setdefault((theme_id, ref), []).append(ods)
    return existing, local_only


def _compare(preview: ImportPreview, row: PlanRow, action: Action) -> None:
    """File ``row`` against its existing ``action``: restored, changed or unchanged."""
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
