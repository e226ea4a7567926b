"""What one load client does in one round, for each peer measured in the load phase.

- **ours**: GET the action page, POST a progress update through its form (with a changed
  status), follow the redirect (the action page again, with the message).
- **admin**: GET the Django admin change form of the same response, POST it back as a
  browser would (every field as served, the inlines' management form, any hidden
  ``revision``) with a changed status and a marked ``local_who``, follow the redirect
  (the admin's list of responses).
- **bare**: POST ``/bench/bare/`` (one UPDATE): the floor.

Each client rotates through its own trust's responses (round *n* uses response *n* mod
count), so both peers touch the same rows. A round returns its outcome: ``requests``,
``accepted`` (3xx to the POST), ``rejected`` (200/409: the form came back), ``errors``
(anything else), and ``round_ms`` (the whole journey: the form page, the POST, the redirect's page).
"""

import time
from urllib.parse import urldefrag, urljoin

from .forms import find_admin_form, find_update_form_and_status

NOTE_MARKER = "bench-load"  # progress notes written by our journey
ADMIN_MARKER = "bench-admin"  # local_who values written by the admin journey
RUN = f"{time.time():.0f}"  # in each admin marker, so that runs against one database never repeat one
REDIRECTS = (301, 302, 303)


def other_status(current: str) -> str:
    """A status different from ``current``: every save changes it."""
    return "at_risk" if current == "on_track" else "on_track"


def _outcome():
    return {"requests": 0, "accepted": 0, "rejected": 0, "errors": 0, "round_ms": [], "started": time.perf_counter()}


def _get(client, path, outcome):
    status, html = client.safe_request("GET", path)
    outcome["requests"] += 1
    if status != 200:
        outcome["errors"] += 1
        return None
    return html


def _save(client, action, data, outcome):
    """POST, then follow the redirect like a browser; an accepted round is timed from its first GET."""
    status, _ = client.safe_request("POST", action, data)
    outcome["requests"] += 1
    if status in REDIRECTS:
        target = urldefrag(urljoin(action, client.location or action)).url  # a browser never sends the #fragment
        if _get(client, target, outcome) is not None:
            outcome["accepted"] += 1
            outcome["round_ms"].append((time.perf_counter() - outcome["started"]) * 1000)
    elif status in (200, 409):
        outcome["rejected"] += 1
    else:
        outcome["errors"] += 1


def ours(paths):
    """``paths[index]`` is client ``index``'s list of action page paths."""

    def round_(index, n, client):
        outcome = _outcome()
        path = paths[index][n % len(paths[index])]
        html = _get(client, path, outcome)
        found = find_update_form_and_status(html, path) if html is not None else None
        if found is None:
            outcome["errors"] += html is not None
            return outcome
        form, current = found
        data = dict(
            form["hidden"], **{form["note"]: f"{NOTE_MARKER} {index}-{n}", form["status"]: other_status(current)}
        )
        _save(client, form["action"], data, outcome)
        return outcome

    return round_


def admin(paths):
    """``paths[index]`` is client ``index``'s list of admin change form paths."""

    def round_(index, n, client):
        outcome = _outcome()
        path = paths[index][n % len(paths[index])]
        html = _get(client, path, outcome)
        form = find_admin_form(html, path) if html is not None else None
        if form is None:
            outcome["errors"] += html is not None
            return outcome
        values = dict(form["values"])
        data = [(k, v) for k, v in form["values"] if k not in ("status", "local_who")]
        data += [
            ("status", other_status(values.get("status", ""))),
            ("local_who", f"{ADMIN_MARKER} {RUN} {index}-{n}"),
            ("_save", "Save"),
        ]
        _save(client, form["action"], data, outcome)
        return outcome

    return round_


def bare(pks):
    """``pks[index]`` is client ``index``'s list of response ids."""

    def round_(index, n, client):
        started = time.perf_counter()
        status, _ = client.safe_request("POST", "/bench/bare/", {"pk": pks[index][n % len(pks[index])]})
        ok = status == 200
        return {
            "requests": 1,
            "accepted": int(ok),
            "errors": int(not ok),
            "round_ms": [(time.perf_counter() - started) * 1000] if ok else [],
        }

    return round_
