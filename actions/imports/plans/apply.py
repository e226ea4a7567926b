"""Phase three of a plan import: apply a preview as a new plan version, all or nothing.

``plan_import_apply`` re-computes the comparison inside one ``transaction.atomic()`` and
refuses if it no longer matches the preview the user saw. It makes a fixed number of queries
whatever the number of rows (bulk writes; only the database's batch size splits them), with
history rows written by simple_history's bulk helpers. Every organisation that responds to
the plan gets a response to each added (or restored) action.
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actions.imports.plans.compare import ImportPreview, PreviewOutdated, plan_import_preview
from actions.imports.plans.rows import PlanRow
from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import normalise_name
from actions.models import Action, ActionChange, Plan, PlanVersion, Response, Theme, owes
from actions.services import default_status, responding_organisations

UPDATED_FIELDS = [
    "text",
    "who",
    "audience",
    "timeline",
    "start_date",
    "due_date",
    "timeline_readable",
    "milestones",
    "withdrawn_in",
]


def _apply_row(action: Action, row: PlanRow, *, timeline_changed: bool, who_changed: bool):
    """The row's values on its action (a renamed theme is renamed once, in ``plan_import_apply``)."""
    action.text = row.text
    action.who = row.who
    if who_changed:
        action.audience = row.audience
    if timeline_changed:
        action.timeline = row.timeline
        action.start_date, action.due_date = row.start_date, row.due_date
        action.timeline_readable = row.timeline_readable
        action.milestones = list(row.milestones)


@transaction.atomic
def plan_import_apply(*, preview: ImportPreview, label: str, file_name: str, user) -> PlanVersion:
    """Apply a preview as a new PlanVersion, all or nothing.

    Re-validates inside the transaction: refuses (``ImportFileError``) when the preview has
    errors, has nothing to do, the label is taken, or the plan changed since the preview.
    """
    label = " ".join((label or "").split())
    plan, fresh = _recheck(preview, label)
    version = PlanVersion(plan=plan, label=label, file_name=file_name[:260], imported_by=user, **fresh.counts)
    version._history_user = user
    version.save()
    reason = f"Imported {label}"
    themes = _themes_with_new(plan, fresh.new_themes)
    added = bulk_create_with_history(
        [_new_action(diff.row, theme=themes[normalise_name(diff.theme)], version=version) for diff in fresh.added],
        Action,
        default_user=user,
        default_change_reason=reason,
    )
    changes = [ActionChange(version=version, action=a, kind=ActionChange.Kind.ADDED, new=a.text) for a in added]
    updated = []
    for diff in fresh.changed + fresh.restored:
        changes += _change(diff, version)
        updated.append(diff.action)
    for diff in fresh.withdrawn:
        diff.action.withdrawn_in = version
        changes.append(ActionChange(version=version, action=diff.action, kind=ActionChange.Kind.WITHDRAWN))
        updated.append(diff.action)
    if updated:
        bulk_update_with_history(updated, Action, UPDATED_FIELDS, default_user=user, default_change_reason=reason)
    ActionChange.objects.bulk_create(changes)
    for theme, name in fresh.renamed_themes:  # the theme keeps its number, actions and responses
        theme.name = name
        theme.save(update_fields=["name"])
    _respond(
        plan=plan, actions=added + [d.action for d in fresh.restored], user=user, check_existing=bool(fresh.restored)
    )
    return version


def _recheck(preview: ImportPreview, label: str):
    """(the plan, locked — or a new one, and the comparison made again); refuses what cannot be applied."""
    if preview.errors:
        raise ImportFileError(preview.errors)
    if not label:
        raise ImportFileError([Problem('enter a label for this version, e.g. "v4 October 2020"')])
    plan = Plan.objects.select_for_update().filter(slug=preview.plan_slug).first()
    fresh = plan_import_preview(
        plan=plan,
        rows=preview.rows,
        plan_slug=preview.plan_slug,
        plan_name=preview.plan_name,
        errors=preview.errors,
        warnings=[],
        organisation=preview.organisation,
    )
    if fresh.errors:
        raise ImportFileError(fresh.errors)
    if fresh.signature() != preview.signature():
        raise PreviewOutdated([Problem("the plan changed since this preview was made: preview the file again")])
    if not fresh.has_changes:
        raise ImportFileError([Problem("nothing to do: the plan already matches this file")])
    if plan is None:
        plan = Plan.objects.create(
            slug=preview.plan_slug, name=preview.plan_name or preview.plan_slug, organisation=preview.organisation
        )
    elif PlanVersion.objects.filter(plan=plan, label=label).exists():
        raise ImportFileError([Problem(f'{plan} already has a version labelled "{label}": choose another label')])
    return plan, fresh


def _themes_with_new(plan: Plan, names: list[str]) -> dict[str, Theme]:
    """The plan's themes by normalised name, after adding ``names`` with the next numbers."""
    themes = {normalise_name(t.name): t for t in plan.themes.all()}
    first = max((t.number for t in themes.values()), default=0) + 1
    for theme in Theme.objects.bulk_create(
        Theme(plan=plan, number=number, name=name) for number, name in enumerate(names, start=first)
    ):
        themes[normalise_name(theme.name)] = theme
    return themes


def _new_action(row: PlanRow, *, theme: Theme, version: PlanVersion) -> Action:
    return Action(
        theme=theme,
        ref=row.ref,
        text=row.text,
        who=row.who,
        audience=row.audience,
        timeline=row.timeline,
        start_date=row.start_date,
        due_date=row.due_date,
        timeline_readable=row.timeline_readable,
        milestones=list(row.milestones),
        added_in=version,
    )


def _change(diff, version: PlanVersion) -> list[ActionChange]:
    """Apply a changed (or restored) row to its action; the ActionChange rows that record it."""
    names = {f.field for f in diff.fields}
    _apply_row(diff.action, diff.row, timeline_changed="timeline" in names, who_changed="who" in names)
    changes = []
    if diff.kind == "restored":
        diff.action.withdrawn_in = None
        changes.append(ActionChange(version=version, action=diff.action, kind=ActionChange.Kind.RESTORED))
    return changes + [
        ActionChange(
            version=version, action=diff.action, kind=ActionChange.Kind.CHANGED, field=f.field, old=f.old, new=f.new
        )
        for f in diff.fields
    ]


def _respond(*, plan: Plan, actions: list[Action], user, check_existing: bool) -> int:
    """Each organisation that responds gets a response to each added (or restored) action it answers
    (``actions.models.owes``: a system only the actions for systems): for a national plan every trust and
    system (a whole new plan included), for a local plan its own organisation.

    A restored action keeps the responses it had; only organisations that started responding while it
    was withdrawn get a new one (``check_existing``: one more query).
    """
    if not actions:
        return 0
    if plan.organisation_id:
        organisations = [plan.organisation]
    else:
        organisations = list(responding_organisations())
    existing = set()
    if check_existing:
        existing = set(
            Response.objects.filter(action__in=[a.pk for a in actions if a.pk]).values_list(
                "organisation_id", "action_id"
            )
        )
    responses = [
        Response(
            organisation=organisation,
            action=action,
            status=default_status(action=action, organisation=organisation),
            modified_by=user,
        )
        for organisation in organisations
        for action in actions
        if (organisation.pk, action.pk) not in existing and owes(organisation, action)
    ]
    bulk_create_with_history(responses, Response, default_user=user, default_change_reason="Action added to the plan")
    return len(responses)
