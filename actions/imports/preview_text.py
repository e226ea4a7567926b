"""Previews as plain text lines, for the management commands."""

from actions.imports.plans.compare import ImportPreview


def _short(text: str, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def around_difference(old: str, new: str, limit: int = 70) -> tuple[str, str]:
    """Both texts cut to show where they differ ("…personal protective equipment. Revised.")."""
    old, new = " ".join((old or "").split()), " ".join((new or "").split())
    common = 0
    while common < min(len(old), len(new)) and old[common] == new[common]:
        common += 1
    start = max(0, common - 25)
    prefix = "…" if start else ""
    return _short(prefix + old[start:], limit), _short(prefix + new[start:], limit)


def plan_preview_lines(preview: ImportPreview) -> list[str]:
    lines = []
    for name in preview.new_themes:
        lines.append(f"new theme: {name}")
    for diff in preview.added:
        lines.append(f"added: {diff.theme} {diff.ref}: {_short(diff.text)}")
    for diff in preview.changed + preview.restored:
        lines.append(f"{diff.kind}: {diff.theme} {diff.ref}")
        for change in diff.fields:
            old, new = around_difference(change.old, change.new)
            lines.append(f"  {change.label}: {old!r} -> {new!r}")
    for diff in preview.withdrawn:
        lines.append(f"withdrawn: {diff.theme} {diff.ref}: {_short(diff.text)}")
    for problem in preview.warnings:
        lines.append(f"warning: {problem}")
    return lines


def response_preview_lines(preview) -> list[str]:
    """One block per action that will change (the response import's preview)."""
    from actions.models import Status

    lines = []
    for change in preview.changes:
        where = f"row {change.row}" + (f' of sheet "{change.sheet}"' if change.sheet else "")
        lines.append(f"{change.label} ({where}):")
        if change.status:
            lines.append(f"  Status: {Status(change.status[0]).label} -> {Status(change.status[1]).label}")
        if change.note:
            lines.append(f"  New progress update: {_short(change.note)}")
        if change.owners:
            lines.append(f"  Local owners: {'/'.join(change.owners[0]) or '(none)'} -> {'/'.join(change.owners[1])}")
        for item in change.checklist_added:
            lines.append(f"  Additional action added: {_short(item)}")
    return lines
