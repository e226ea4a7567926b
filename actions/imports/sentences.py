"""What an import did (or would do), in one plain sentence: "1 action added, 1 changed, 1 withdrawn,
99 unchanged". The admin's plan import, the *Import updates* pages and the import commands all say it
with :func:`import_sentence`, so the words and the plurals are the same everywhere."""


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def import_sentence(counts, *, noun: str = "action") -> str:
    """``counts``: (what happened, how many) pairs in order, e.g. ``[("added", 1), ("changed", 0)]``.

    The noun goes with the first number only and agrees with it; a zero is left out ("3 actions changed,
    99 unchanged"); all zero: "No actions"."""
    parts = [(word, count) for word, count in counts if count]
    if not parts:
        return f"No {_plural(0, noun)}"
    (first_word, first), rest = parts[0], parts[1:]
    words = [f"{first} {_plural(first, noun)} {first_word}"] + [f"{count} {word}" for word, count in rest]
    return ", ".join(words)


def plan_sentence(preview) -> str:
    """A plan-import preview's counts as a sentence (``ImportPreview.counts``)."""
    return import_sentence(list(preview.counts.items()))


def response_sentence(preview, *, updated: int | None = None) -> str:
    """An offline-updates preview as a sentence: updated, unchanged, skipped (withdrawn actions'
    rows) and the conflicts left to choose. After applying, ``updated`` is how many were written;
    the rest of the preview's changes stayed as they were."""
    if updated is None:
        updated, unchanged = preview.updated, preview.unchanged
        conflicts = len(preview.conflicts)
    else:
        unchanged, conflicts = preview.unchanged + len(preview.changes) - updated, 0
    sentence = import_sentence([("updated", updated), ("unchanged", unchanged), ("skipped", len(preview.skipped))])
    if conflicts:
        sentence += (
            f"; {conflicts} {_plural(conflicts, 'conflict')} {'needs' if conflicts == 1 else 'need'} your choice"
        )
    return sentence
