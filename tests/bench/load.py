"""Load: gunicorn, configured by the repository's ``gunicorn.conf.py``, on 127.0.0.1.

20 stdlib-thread clients, each signed in as a different trust's HR lead (a session made in
the database; the users are made staff for the run so that the same clients can use the
Django admin), run the peers of :mod:`tests.bench.journeys` against the same server and
data: our journey, the Django admin's change form, and the bare one-UPDATE floor. The
peers run in alternating slices (ours, admin, bare, then admin, bare, ours, …), so a
burst of load from elsewhere on the machine falls on all of them alike.

Afterwards every accepted save is looked for in the database: our progress notes carry
a marker, each admin save a unique marked ``local_who`` (found in the response history);
any accepted but missing is "lost".
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections
from django.urls import reverse

from actions.models import ProgressUpdate, Response

from . import journeys
from .database import REPO_ROOT
from .pages import MODEL_BACKEND

PEERS = ("ours", "admin", "bare")
RESPONSES_PER_CLIENT = 30


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


class HttpClient:
    """One signed-in browser-like client: a cookie jar and a fresh connection per request."""

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

    def safe_request(self, method, path, data=None):
        """``request``, with a transport error reported as status 599."""
        try:
            return self.request(method, path, data)
        except OSError:
            return 599, ""


def start_server(port, env=None):
    """gunicorn with the repository's ``gunicorn.conf.py`` (workers, threads); only the address is ours."""
    command = [
        os.path.join(os.path.dirname(sys.executable), "gunicorn"),
        "--config",
        str(REPO_ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "peopleplan.wsgi:application",
    ]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env or os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
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


def p95(samples) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _empty_stats(clients):
    return {
        "errors": 0,
        "accepted": 0,
        "rejected": 0,
        "requests": 0,
        "seconds": 0.0,
        "client_cpu_s": 0.0,
        "per_client": [{"accepted": 0, "seconds": 0.0} for _ in range(clients)],
    }


def rate(stats) -> float:
    """Accepted saves a second: each client's own rate (its saves over the time it was busy), summed.

    A slice ends for each client when its last round started in time finishes, so a slow peer's
    clients drain one by one; counting each client over its own busy time leaves that draining
    (idle for the others) out, for every peer alike.
    """
    return sum(c["accepted"] / c["seconds"] for c in stats["per_client"] if c["seconds"])


def run_clients(clients, work, seconds, *, stats, samples, rounds, max_rounds):
    """Run ``work(index, n, client)`` on every client for ``seconds``; adds to ``stats`` and ``samples``."""
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(index, client):
        began = time.monotonic()
        while time.monotonic() < stop and rounds[index] < max_rounds:
            rounds[index] += 1
            outcome = work(index, rounds[index], client)
            with lock:
                samples.extend(outcome.pop("round_ms", []))
                outcome.pop("started", None)
                for key, value in outcome.items():
                    stats[key] += value
                stats["per_client"][index]["accepted"] += outcome["accepted"]
        stats["per_client"][index]["seconds"] += time.monotonic() - began

    threads = [threading.Thread(target=loop, args=(i, c)) for i, c in enumerate(clients)]
    started, cpu = time.monotonic(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats["seconds"] += time.monotonic() - started
    stats["client_cpu_s"] += time.process_time() - cpu


def client_responses(organisation, count=RESPONSES_PER_CLIENT) -> list[int]:
    """The first ``count`` responses (to active actions) a client of ``organisation`` rotates through."""
    return list(Response.objects.of(organisation).active().order_by("pk").values_list("pk", flat=True)[:count])


def found_counts() -> dict:
    """Marked saves in the database: our progress notes, and distinct marked admin saves in the history."""
    return {
        "ours": ProgressUpdate.objects.filter(note__startswith=journeys.NOTE_MARKER + " ").count(),
        "admin": Response.history.filter(local_who__startswith=journeys.ADMIN_MARKER + " ")
        .values("local_who")
        .distinct()
        .count(),
    }


def run_load(
    *, users, clients=20, seconds=20, bare_seconds=10, slices=4, peers=PEERS, max_rounds=2000, server_env=None
) -> dict:
    """Run ``peers`` in alternating slices; ``users`` are (user, organisation) pairs, one per client.

    Returns per peer: accepted, rejected, errors, requests, seconds, per_s (see ``rate``), p95_ms, and for the
    writing peers found and lost.
    """
    pairs = users[:clients]
    pks = [client_responses(organisation) for _, organisation in pairs]
    if "admin" in peers:
        for user, _ in pairs:
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
    work = {
        "ours": journeys.ours([[reverse("response_detail", args=[pk]) for pk in ids] for ids in pks]),
        "admin": journeys.admin([[reverse("admin:actions_response_change", args=[pk]) for pk in ids] for ids in pks]),
        "bare": journeys.bare(pks),
    }
    budget = {"ours": seconds, "admin": seconds, "bare": bare_seconds}
    cookies = [session_cookie(user) for user, _ in pairs]
    before = found_counts()
    connections.close_all()
    port = free_port()
    server = start_server(port, env=server_env)
    stats = {peer: _empty_stats(len(pairs)) for peer in peers}
    samples = {peer: [] for peer in peers}
    rounds = {peer: [0] * len(pairs) for peer in peers}
    try:
        http_clients = [HttpClient(port, cookie) for cookie in cookies]
        for turn in range(slices):
            order = list(peers[turn % len(peers) :]) + list(peers[: turn % len(peers)])
            for peer in order:
                run_clients(
                    http_clients,
                    work[peer],
                    budget[peer] / slices,
                    stats=stats[peer],
                    samples=samples[peer],
                    rounds=rounds[peer],
                    max_rounds=max_rounds,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    after = found_counts()
    result = {}
    for peer in peers:
        peer_stats = dict(stats[peer])
        peer_stats["per_s"] = rate(peer_stats)
        del peer_stats["per_client"]
        peer_stats["p95_ms"] = p95(samples[peer])
        if peer in before:
            peer_stats["found"] = after[peer] - before[peer]
            peer_stats["lost"] = max(0, peer_stats["accepted"] - peer_stats["found"])
        result[peer] = peer_stats
    return result
