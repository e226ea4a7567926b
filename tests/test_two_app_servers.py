"""Two app servers behind one load balancer: an upload previewed through one is confirmed through the
other (hardening point 12). Two gunicorn processes, each with its own temporary folder (as two machines
would have), share one database."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.test_round_trip import edit_csv

ROOT = Path(__file__).resolve().parents[1]
UPLOAD = "/imports/responses/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
    )


class Browser:
    """A signed-in session shared by both servers (sessions live in the database)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, url):
        return self.opener.open(url, timeout=30)

    def csrf(self, url):
        html = self.get(url).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, url, fields, files=None):
        token = self.csrf(url)
        boundary = "----peopleplan"
        body = b""
        for name, value in {"csrfmiddlewaretoken": token, **fields}.items():
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, (filename, data) in (files or {}).items():
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: text/csv\r\n\r\n"
                ).encode()
                + data
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Referer", url)
        return self.opener.open(request, timeout=60)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def test_a_preview_made_through_one_app_server_is_confirmed_through_another(tmp_path):
    """Two gunicorn processes, each with its own temporary folder (as two machines would have), one
    database: the upload previewed through server A is confirmed through server B."""
    database = tmp_path / "shared.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peopleplan.settings_test",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--no-updates")
    exported = tmp_path / "board.csv"
    manage(env, "export_progress", "--organisation", "RYV", "--format", "csv", "--output", str(exported))
    data = exported.read_bytes()
    data = edit_csv(data, {("Recruitment", 1): {"Status": "Complete", "Latest update": "Confirmed on B."}})

    servers, ports = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            tmp = tmp_path / f"tmp-{name}"
            tmp.mkdir()
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "peopleplan.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                    ],
                    cwd=ROOT,
                    env={**env, "TMPDIR": str(tmp)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            ports.append(port)
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for url in (a, b):
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)

        browser = Browser()
        signed_in = browser.post(f"{a}/accounts/login/", {"username": "hr.lead", "password": "people-plan-demo"})
        assert signed_in.status == 302
        uploaded = browser.post(f"{a}{UPLOAD}", {}, files={"file": ("board.csv", data)})
        assert uploaded.status == 302
        preview_path = urllib.parse.urlparse(uploaded.headers["Location"]).path
        assert "Confirmed on B." in browser.get(f"{b}{preview_path}").read().decode()
        confirmed = browser.post(f"{b}{preview_path}", {"confirm": "1"})
        assert confirmed.status == 302 and urllib.parse.urlparse(confirmed.headers["Location"]).path == UPLOAD
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)

    with sqlite3.connect(database) as db:
        status, note = db.execute(
            "SELECT r.status, u.note FROM actions_response r JOIN actions_action a ON a.id = r.action_id "
            "JOIN actions_theme t ON t.id = a.theme_id JOIN owners_organisation o ON o.id = r.organisation_id "
            "JOIN actions_progressupdate u ON u.response_id = r.id "
            "WHERE o.ods_code = 'RYV' AND t.name = 'Recruitment' AND a.ref = 1"
        ).fetchone()
    assert (status, note) == ("complete", "Confirmed on B.")
