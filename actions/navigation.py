"""Where the person came from: the breadcrumb and back link of an action page.

A link to an action page carries ``?from=<the page it is on>`` (``{% from_here %}``). The action page
shows a breadcrumb back to that page — the dashboard, My actions, a theme or a search of the action
list, a roll-up — instead of always "Actions". ``from`` is never trusted: it must be a path of this
app (no scheme, no host, no ``//``), resolve to one of the pages below, and it is rebuilt from its
path and query before it is used, so it can never send anyone elsewhere (no open redirect).
"""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

FROM = "from"
MAX_LENGTH = 2000

# The pages an action page is reached from, by URL name.
PLACES = {
    "dashboard",
    "organisation_dashboard",
    "action_list",
    "organisation_action_list",
    "my_actions",
    "owner_list",
    "reminders",
    "rollup_trusts",
    "rollup_action",
    "rollup_exceptions",
}


def safe_from(value) -> tuple[str, object] | None:
    """``(url, resolver match)`` when ``value`` is one of this app's own pages that may lead to an
    action page; otherwise None."""
    if not isinstance(value, str) or not value or len(value) > MAX_LENGTH:
        return None
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name not in PLACES:
        return None
    url = parts.path + (f"?{parts.query}" if parts.query else "")
    return url, match


def _organisation_name(ods):
    from owners.models import Organisation

    return Organisation.objects.filter(ods_code=ods).values_list("name", flat=True).first() or ods


def _action_list_text(query) -> str:
    from .models import Theme

    search = " ".join((query.get("q") or [""])[0].split())
    if search:
        return f"Search results for “{search[:60]}”"
    theme = (query.get("theme") or [""])[0]
    if theme.isdigit():
        name = Theme.objects.filter(pk=int(theme)).values_list("name", flat=True).first()
        if name:
            return f"Actions: {name}"
    shown = {key for key, values in query.items() if key not in ("page", "sort", "plan") and any(values)}
    return "Actions (filtered)" if shown else "Actions"


def _text(match, query) -> str:
    name, ods = match.url_name, match.kwargs.get("ods", "")
    if name == "dashboard":
        return "Dashboard"
    if name == "organisation_dashboard":
        return f"Dashboard of {_organisation_name(ods)}"
    if name == "action_list":
        return _action_list_text(query)
    if name == "organisation_action_list":
        return f"{_action_list_text(query)}, {_organisation_name(ods)}"
    if name == "rollup_trusts":
        return f"Side by side: {_organisation_name(ods)}"
    if name == "rollup_action":
        return "One action across organisations"
    if name == "rollup_exceptions":
        return f"Exceptions: {_organisation_name(ods)}"
    return {"my_actions": "My actions", "owner_list": "Owners", "reminders": "Reminders"}[name]


def came_from(request) -> dict | None:
    """The page the person came from (``?from=``), as ``{"url", "text", "name", "query"}``, or None.

    ``query`` is ``from=…`` ready to add to this page's own links and forms, so the way back
    survives a progress update or a tick on the checklist."""
    found = safe_from(request.GET.get(FROM))
    if found is None:
        return None
    url, match = found
    return {
        "url": url,
        "text": _text(match, parse_qs(urlsplit(url).query)),
        "name": match.url_name,
        "query": urlencode({FROM: url}),
    }


def from_query(path: str) -> str:
    """``from=<path>`` for a link to an action page from the page at ``path``."""
    return urlencode({FROM: path})
