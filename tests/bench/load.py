"""Load: gunicorn (2 workers) on 127.0.0.1 against the PostgreSQL bench database.

20 stdlib-thread clients, each signed in as a different trust's HR lead (a session made
in the database), for a bounded time and request count, behave like a browser: GET the
action page, find its progress-update form (the POST ``<form>`` with ``note`` and
``status`` fields, with its hidden ``revision`` and CSRF fields), POST an update, follow
the redirect (which shows the page and its next form), and every fourth round read the
dashboard. Accepted writes (3xx) are then counted in the database: any missing are
"lost". The yardstick is ``/bench/bare/`` (bench URLconf only): one UPDATE per POST,
same server, same clients; the ratio is accepted updates/s over bare updates/s.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections
from django.urls import reverse

from actions.models import ProgressUpdate, Response

from .database import REPO_ROOT
from .pages import MODEL_BACKEND, Unavailable, page_url

MARKER = "bench-load"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = MODEL_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


class FormFinder(HTMLParser):
    """Finds the first form with fields named ``note`` and ``status``; keeps its hidden inputs."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
                "names": set(),
            }
            self.forms.append(self._current)
        elif self._current is not None and tag in {"input", "textarea", "select"} and attrs.get("name"):
            self._current["names"].add(attrs["name"])
            if tag == "input" and attrs.get("type") == "hidden":
                self._current["fields"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None

    def update_form(self):
        """The POST form with a ``note`` and a ``status`` field (a Django form prefix such as ``update-`` allowed)."""
        for form in self.forms:
            if form["method"] != "post":
                continue
            by_role = {name.rsplit("-", 1)[-1]: name for name in form["names"]}
            if {"note", "status"} <= by_role.keys():
                form["note_name"], form["status_name"] = by_role["note"], by_role["status"]
                return form
        return None


def find_update_form(html: str, page_path: str):
    finder = FormFinder()
    finder.feed(html)
    form = finder.update_form()
    if form is None:
        return None
    return {
        "action": urljoin(page_path, form["action"] or page_path),
        "hidden": form["fields"],
        "note": form["note_name"],
        "status": form["status_name"],
    }


class HttpClient:
    """One signed-in browser-like client: a cookie jar and fresh connections to the server."""

    def __init__(self, port, sessionid):
        self.port, self.cookies = port, {settings.SESSION_COOKIE_NAME: sessionid}
        self.location = None

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            self.location = response.headers.get("Location")
            return response.status, text
        finally:
            connection.close()


def start_server(port, workers=2):
    env = os.environ.copy()
    command = [
        os.path.join(os.path.dirname(sys.executable), "gunicorn"),
        "peopleplan.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 s")


def _run_clients(clients, work, seconds, max_rounds):
    stats = {"errors": 0, "accepted": 0, "rejected": 0, "requests": 0}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(index, client):
        rounds = 0
        while time.monotonic() < stop and rounds < max_rounds:
            rounds += 1
            outcome = work(index, rounds, client)
            with lock:
                for key, value in outcome.items():
                    stats[key] += value

    threads = [threading.Thread(target=loop, args=(i, c)) for i, c in enumerate(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats["seconds"] = time.monotonic() - started
    return stats


def _safe(call):
    try:
        return call()
    except OSError:
        return 599, ""


def run_load(*, users, clients=20, seconds=20, bare_seconds=10, max_rounds=2000) -> dict:
    """Run both phases; ``users`` are (user, organisation) pairs, one per client."""
    pairs = users[:clients]
    pages = []
    for user, organisation in pairs:
        try:
            action_path = page_url("action_page", user=user, organisation=organisation)
        except Unavailable:
            action_path = None
        response_pk = Response.objects.filter(organisation=organisation).order_by("pk").values_list("pk", flat=True)[0]
        pages.append((action_path, response_pk))
    dashboard = reverse("dashboard")
    cookies = [session_cookie(user) for user, _ in pairs]
    before = ProgressUpdate.objects.filter(note__startswith=MARKER).count()
    connections.close_all()
    port = free_port()
    server = start_server(port)
    try:
        http_clients = [HttpClient(port, c) for c in cookies]
        probe_path = pages[0][0]
        form = None
        if probe_path:
            status, html = _safe(lambda: http_clients[0].request("GET", probe_path))
            form = find_update_form(html, probe_path) if status == 200 else None

        forms = {}  # client index -> the update form last seen on its action page

        def get_form(index, client, path, outcome):
            status, html = _safe(lambda: client.request("GET", path))
            outcome["requests"] += 1
            forms[index] = find_update_form(html, path) if status == 200 else None
            outcome["errors"] += status != 200

        def update_round(index, n, client):
            """Like a browser: POST the form, follow the redirect (the page and its next form); now and then
            read the dashboard too."""
            outcome = {"errors": 0, "accepted": 0, "rejected": 0, "requests": 0}
            path = pages[index][0]
            if forms.get(index) is None:
                get_form(index, client, path, outcome)
                if forms[index] is None:
                    return outcome
            found = forms[index]
            data = dict(found["hidden"], **{found["note"]: f"{MARKER} {index}-{n}", found["status"]: "on_track"})
            status, _ = _safe(lambda: client.request("POST", found["action"], data))
            outcome["requests"] += 1
            if status in (301, 302, 303):
                outcome["accepted"] += 1
                target = urljoin(found["action"], client.location or path)
                get_form(index, client, target, outcome)
                if forms[index] is None and target != path:
                    get_form(index, client, path, outcome)
            else:
                outcome["rejected" if status in (200, 409) else "errors"] += 1
                forms[index] = None
            if n % 4 == 0:
                status, _ = _safe(lambda: client.request("GET", dashboard))
                outcome["requests"] += 1
                outcome["errors"] += status != 200
            return outcome

        def read_round(index, n, client):
            status, _ = _safe(lambda: client.request("GET", dashboard))
            return {"requests": 1, "errors": int(status != 200)}

        def bare_round(index, n, client):
            status, _ = _safe(lambda: client.request("POST", "/bench/bare/", {"pk": pages[index][1]}))
            return {"requests": 1, "accepted": int(status == 200), "errors": int(status != 200)}

        main = _run_clients(http_clients, update_round if form else read_round, seconds, max_rounds)
        bare = _run_clients(http_clients, bare_round, bare_seconds, max_rounds * 3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    found_rows = ProgressUpdate.objects.filter(note__startswith=MARKER).count() - before
    result = {
        "form_found": form is not None,
        "main": main,
        "bare": bare,
        "errors": main["errors"] + bare["errors"],
        "bare_per_s": bare["accepted"] / bare["seconds"],
    }
    if form is not None:
        result["updates_per_s"] = main["accepted"] / main["seconds"]
        result["found"] = found_rows
        result["lost"] = max(0, main["accepted"] - found_rows)
        result["ratio"] = result["updates_per_s"] / result["bare_per_s"] if result["bare_per_s"] else 0.0
    return result
