"""Phase two of a plan import: compare the validated rows with the plan (``apply`` is phase three).

Matching is on an action's stable identity, its theme and ref, never on database ids
(``actions.imports.plans.match``): themes by name (case-insensitively, ignoring spacing), and a
theme the file renames by the actions it carries; rows of a file without refs by their text.

- a key not in the plan is **added** (a new theme gets the next number);
- an action whose text, who or timeline differs is **changed** (old → new per field); every
  action of a **renamed theme** is changed too (its Theme: old name → new name), and keeps its
  responses;
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

A file that mostly undoes what the newest plan version changed is flagged as looking older than
that version (``actions.imports.plans.older``): a warning, which does not stop the import.

The comparison writes nothing; ``actions.imports.plans.apply`` applies it.
"""

from dataclasses import dataclass, field

from actions.imports.plans.match import give_refs, match_themes
from actions.imports.plans.older import looks_older
from actions.imports.plans.rows import PlanRow
from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import normalise_name
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
    renamed_themes: list[tuple[Theme, str]] = field(default_factory=list)  # (theme, its new name)
    older_than: str = ""  # the label of the version this file looks older than ("" when it does not)
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
    existing, local_only = _plan_actions(plan)
    by_theme: dict[int, dict[int, Action]] = {}
    for (theme_id, ref), action in existing.items():
        by_theme.setdefault(theme_id, {})[ref] = action
    theme_of, preview.renamed_themes = match_themes(rows, list(plan.themes.all()) if plan else [], by_theme)
    renamed = {theme.pk: name for theme, name in preview.renamed_themes}
    seen: set[int] = set()
    new_theme_names: dict[str, str] = {}
    for row in give_refs(rows, theme_of, by_theme):
        theme = theme_of[row.theme_key]
        action = existing.get((theme.pk, row.ref)) if theme else None
        if action is not None:
            seen.add(action.pk)
            _compare(preview, row, action, new_theme=renamed.get(theme.pk))
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


def flag_older(preview: ImportPreview) -> ImportPreview:
    """Warn (first of the warnings) when the file looks older than the plan's newest version. Two more
    queries; the preview shown to the administrator runs it, the re-check at apply time does not."""
    older = looks_older(preview, preview.plan) if preview.plan else None
    if older:
        preview.older_than, message = older
        preview.warnings.insert(0, Problem(message))
    return preview


def _plan_actions(plan: Plan | None):
    """The plan's national actions by (theme id, ref), and the ODS codes of local actions by the same key."""
    existing: dict[tuple[int, int], Action] = {}
    local_only: dict[tuple[int, int], list[str]] = {}
    if plan:
        for action in (
            Action.objects.filter(theme__plan=plan).national().select_related("theme", "added_in", "withdrawn_in")
        ):
            existing[(action.theme_id, action.ref)] = action
        local = Action.objects.filter(theme__plan=plan, organisation__isnull=False)
        for theme_id, ref, ods in local.values_list("theme_id", "ref", "organisation__ods_code"):
            local_only.setdefault((theme_id, ref), []).append(ods)
    return existing, local_only


def _compare(preview: ImportPreview, row: PlanRow, action: Action, *, new_theme: str | None = None) -> None:
    """File ``row`` against its existing ``action``: restored, changed or unchanged."""
    changes = [
        FieldChange(name, label, getattr(action, name), getattr(row, name))
        for name, label in COMPARED_FIELDS
        if not same_text(getattr(action, name), getattr(row, name))
    ]
    if new_theme is not None:
        changes.insert(0, FieldChange("theme", "Theme", action.theme.name, new_theme))
    if action.withdrawn_in_id:
        preview.restored.append(ActionDiff("restored", action.theme.name, row.ref, row, action, changes))
    elif changes:
        preview.changed.append(ActionDiff("changed", action.theme.name, row.ref, row, action, changes))
    else:
        preview.unchanged.append(ActionDiff("unchanged", action.theme.name, row.ref, row, action))
