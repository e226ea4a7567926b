"""Does a plan file look older than the plan's newest version? (Someone uploads last year's "v3" after
"v4" was applied.) It does when at least half of its differences from the plan would undo what one
recorded version changed: put back a text that version replaced, restore an action it withdrew, or
withdraw an action it added. The preview says so ("this file looks older than v4"); the
administrator decides.

Two queries: the plan's first version, and the recorded changes of the actions that differ.
"""

from collections import Counter

from actions.imports.reading.text import same_text
from actions.models import ActionChange


def looks_older(preview, plan) -> tuple[str, str] | None:
    """(the version's label, the warning) when ``preview`` mostly undoes one version; else None."""
    diffs = preview.changed + preview.restored + preview.withdrawn
    if not diffs:
        return None
    first = plan.versions.order_by("imported_at", "pk").values_list("pk", flat=True).first()
    last_change = {}
    for change in (
        ActionChange.objects.filter(action_id__in=[d.action.pk for d in diffs], kind=ActionChange.Kind.CHANGED)
        .select_related("version")
        .order_by("version__imported_at", "pk")
    ):
        last_change[(change.action_id, change.field)] = change
    undone: Counter = Counter()
    versions = {}
    for diff in diffs:
        version = _undone_by(diff, last_change, first)
        if version is not None:
            undone[version.pk] += 1
            versions[version.pk] = version
    total = sum(undone.values())
    if not total or total * 2 < len(diffs):
        return None
    newest = max(versions.values(), key=lambda v: (v.imported_at, v.pk))
    label = newest.label
    return label, (
        f"this file looks older than {label}: {total} of its {len(diffs)} difference(s) from the plan would undo "
        "what a recorded version changed (put back old texts, restore withdrawn actions or withdraw added ones). "
        "Check it is the newest file before you confirm."
    )


def _undone_by(diff, last_change, first_version_id):
    """The recorded version whose change ``diff`` would undo, or None."""
    action = diff.action
    if diff.kind == "withdrawn":
        return action.added_in if action.added_in_id and action.added_in_id != first_version_id else None
    if diff.kind == "restored" and action.withdrawn_in_id:
        return action.withdrawn_in
    for field in diff.fields:
        change = last_change.get((action.pk, field.field))
        if change and same_text(change.old, field.new) and same_text(change.new, field.old):
            return change.version
    return None
