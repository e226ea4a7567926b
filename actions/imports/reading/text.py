"""Imported cells are stored as plain text, never HTML."""

import html
import re

from django.utils.html import strip_tags

_LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_LIST_ITEM = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/ul|/ol|ul|ol|p|div)\b[^>]*>", re.IGNORECASE)
BULLET = "•"


def plain_text(value: str) -> str:
    """A cell as plain text.

    Text without HTML or bullets is returned stripped, exactly as written. An HTML
    fragment (as in the trust's v3 tracker: ``<ul …> • Review … • Promote …``) is
    reduced to text: tags removed (list items and paragraphs become lines), entities
    decoded, and ``•`` items put one per line as ``• item``.
    """
    text = (value or "").strip()
    if _LOOKS_LIKE_HTML.search(text):
        text = _LIST_ITEM.sub(f"\n{BULLET} ", text)
        text = _LINE_BREAK.sub("\n", text)
        text = html.unescape(strip_tags(text))
    if BULLET not in text and "\n" not in text:
        return text.strip()
    lines: list[str] = []
    for line in text.split("\n"):
        parts = line.split(BULLET)
        if parts[0].strip():
            lines.append(" ".join(parts[0].split()))
        lines.extend(f"{BULLET} {' '.join(part.split())}" for part in parts[1:] if part.strip())
    return "\n".join(lines)


def same_text(a: str, b: str) -> bool:
    """Equal but for spacing: a re-saved spreadsheet's whitespace is not a change."""
    return " ".join((a or "").split()) == " ".join((b or "").split())


def list_items(value: str) -> list[str]:
    """A newline-separated cell (e.g. *Additional actions*) as items, bullets removed."""
    items = []
    for line in plain_text(value).split("\n"):
        item = " ".join(line.strip().lstrip(BULLET).split())
        if item:
            items.append(item)
    return items


def short(text: str, limit: int = 90) -> str:
    """One line of at most ``limit`` characters, spacing folded."""
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
    return short(prefix + old[start:], limit), short(prefix + new[start:], limit)
