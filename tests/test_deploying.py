"""The README's *Deploying* steps, run as written on an empty PostgreSQL database (issue 21, point 5).

The commands are read from the README's own code block, run with production settings (debug off,
HTTPS as a TLS-terminating proxy forwards it), and end with the new trust's administrator signing
in through the real sign-in form on gunicorn and seeing the trust's 101 actions.

The database is the test's own (``DEPLOY_DATABASE_URL``; by default on the PostgreSQL server at
127.0.0.1:5432, named after this checkout), dropped afterwards. Skipped when no server answers.
"""

import http.client
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Deploy-" + secrets.token_hex(8)


def deploy_steps() -> list[str]:
    """The shell lines of the README's *Deploying* code block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Deploying", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def database_url() -> str:
    if os.environ.get("DEPLOY_DATABASE_URL"):
        return os.environ["DEPLOY_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        return base.rsplit("/", 1)[0] + "/" + base.rsplit("/", 1)[1] + "_deploy"
    name = re.sub(r"\W", "_", ROOT.name.lower())
    return f"postgres://postgres@127.0.0.1:5432/peopleplan_deploy_{name}"


@pytest.fixture
def empty_postgres():
    psycopg2 = pytest.importorskip("psycopg2")
    url = urllib.parse.urlparse(database_url())
    name = url.path.lstrip("/")
    admin = dict(host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres")
    try:
        connection = psycopg2.connect(**admin, connect_timeout=3)
    except psycopg2.OperationalError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required under CI=true: {error}")
        pytest.skip(f"no PostgreSQL server: {error}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def roles(url) -> list[str]:
    """The role groups in the deployed database (``migrate`` makes them; no demo needed)."""
    import psycopg2

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT name FROM auth_group ORDER BY name")
        return [row[0] for row in cursor.fetchall()]


def production_env(url, static_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return env | {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        # E-mail for reminders and password resets, as README step 2 says (nothing is sent in this test).
        "EMAIL_URL": "smtp+tls://tracker%40example.nhs.uk:secret@127.0.0.1:587",
        "SITE_URL": "https://tracker.example.nhs.uk",
        "DJANGO_STATIC_ROOT": str(static_root),
        "SETUP_ADMIN_PASSWORD": PASSWORD,
        "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Plain HTTP to the app, as the TLS-terminating proxy forwards it (X-Forwarded-Proto: https)."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}", "Origin": origin}
        headers["Referer"] = origin + path
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), response.read().decode()


def wait_for(port, process):
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(process.stderr.read())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def test_the_readme_deploying_steps_end_with_the_trusts_administrator_seeing_101_actions(empty_postgres, tmp_path):
    env = production_env(empty_postgres, tmp_path / "static")
    steps = deploy_steps()
    assert steps[-1].startswith("gunicorn ")
    for line in steps[:-1]:
        argv = shlex.split(line)
        assert argv[:2] == ["python", "manage.py"], line
        result = subprocess.run(
            [sys.executable, *argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
        if argv[2] == "migrate":
            assert roles(empty_postgres) == [
                "Board member", "Board secretary", "HR lead", "Plan admin", "Region lead", "System lead"
            ]  # fmt: skip
    username = shlex.split(steps[-2])[shlex.split(steps[-2]).index("--admin-username") + 1]

    port = free_port()
    argv = shlex.split(steps[-1])
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), *argv[1:]],
        cwd=ROOT,
        env=env | {"GUNICORN_WORKERS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, server)
        browser = Browser(port)
        status, _, page = browser.request("GET", "/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, _ = browser.request(
            "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        )
        assert status == 302, "sign-in failed"
        status, _, page = browser.request("GET", "/actions/")
        assert status == 200
        assert "Cambridge University Hospitals NHS Foundation Trust" in page
        assert re.search(r"\b101 actions?\b", page), "the action list does not say 101 actions"
        status, _, _ = browser.request("GET", "/admin/owners/owner/")
        assert status == 200  # the trust's administrator manages its owners
    finally:
        server.terminate()
        server.wait(timeout=10)
