"""Which existing theme and action each row of a plan file is: an action's stable identity.

An action is its plan's theme (its *number*: the name may change) and its ref. So:

- **Themes** are matched by name (case and spacing ignored; a sheet name cut at 31 characters);
  a file theme whose name matches none is the existing unmatched theme whose actions it carries —
  at least half its rows have the ref of one of that theme's actions with a similar text. That is
  a theme **renamed** (the theme keeps its number, its actions and their responses), not a new
  theme plus a withdrawn one.
- **Rows without refs** (a file with no Ref column) are matched, theme by theme, to the action
  whose text is most similar (at least ``SIMILAR``); a row that matches none is a new action and
  takes the theme's next free ref.

Nothing here writes or queries: it works on the plan's themes and actions the comparison loaded.
"""

from dataclasses import replace
from difflib import SequenceMatcher

from actions.imports.reading.reader import match_name, normalise_name

SIMILAR = 0.6  # how alike two action texts must be to be the same action (difflib ratio)
CARRIES = 0.5  # the share of a renamed theme's rows that must match its old actions


def similarity(a: str, b: str) -> float:
    a, b = " ".join(a.split()).casefold(), " ".join(b.split()).casefold()
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def match_themes(rows, themes, actions_by_theme) -> tuple[dict, list]:
    """({row theme key: Theme or None}, [(Theme, new name), ...] for themes the file renames).

    ``actions_by_theme``: {theme id: {ref: Action}} of the plan's national actions.
    """
    by_name = {normalise_name(t.name): t for t in themes}
    found, names, rows_of = {}, {}, {}
    for row in rows:
        rows_of.setdefault(row.theme_key, []).append(row)
        if row.theme_key not in found:
            key = match_name(row.theme, by_name, from_sheet_name=bool(row.sheet))
            found[row.theme_key] = by_name.get(key)
            names[row.theme_key] = row.theme
    free = [t for t in themes if t not in found.values()]
    renamed = []
    for key in [k for k, theme in found.items() if theme is None]:
        scored = [(_carried(rows_of[key], actions_by_theme.get(t.pk, {})), t) for t in free]
        best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if best[0] >= CARRIES:
            found[key] = best[1]
            free.remove(best[1])
            renamed.append((best[1], names[key]))
    return found, renamed


def _carried(rows, actions: dict) -> float:
    """The share of ``rows`` that are one of ``actions`` (same ref and a similar text, or — without a
    ref — a similar text)."""
    if not rows or not actions:
        return 0.0
    hits = 0
    for row in rows:
        if row.ref is not None:
            action = actions.get(row.ref)
            hits += bool(action and similarity(row.text, action.text) >= SIMILAR)
        else:
            hits += any(similarity(row.text, action.text) >= SIMILAR for action in actions.values())
    return hits / len(rows)


def give_refs(rows, theme_of: dict, actions_by_theme) -> list:
    """Rows with a ref each: a row without one takes the ref of the most similar action of its theme
    (each action once, most similar pairs first), else the theme's next free ref."""
    if all(row.ref is not None for row in rows):
        return list(rows)
    by_theme: dict[str, list] = {}
    for row in rows:
        if row.ref is None:
            by_theme.setdefault(row.theme_key, []).append(row)
    refs = {}
    for key, theme_rows in by_theme.items():
        theme = theme_of.get(key)
        actions = actions_by_theme.get(theme.pk, {}) if theme else {}
        taken = {row.ref for row in rows if row.theme_key == key and row.ref is not None}
        pairs = sorted(
            (
                (score, (row.sheet, row.row), ref)
                for row in theme_rows
                for ref, action in actions.items()
                if ref not in taken and (score := similarity(row.text, action.text)) >= SIMILAR
            ),
            reverse=True,
        )
        used = set(taken)
        for _score, where, ref in pairs:
            if where not in refs and ref not in used:
                refs[where] = ref
                used.add(ref)
        next_ref = max(used | set(actions), default=0) + 1
        for row in theme_rows:
            if (row.sheet, row.row) not in refs:
                refs[(row.sheet, row.row)] = next_ref
                next_ref += 1
    return [row if row.ref is not None else replace(row, ref=refs[(row.sheet, row.row)]) for row in rows]
