"""A key sent as ``?api_key=`` (Power BI) is never written down: not in the app server's access log,
the development server's log, Django's request log, error reports or the links the API returns."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from api.logging import RedactApiKeys, redact
from api.middleware import ApiKeyQueryParameterMiddleware
from tests.api_helpers import clear_rate_limits, new_key

ROOT = Path(__file__).resolve().parents[1]
# Not shaped like a key, so the servers below refuse it without a database (401), yet it travels
# exactly as a real key would.
SECRET = "secret-Kq7w2Zr9Xv"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()


def test_the_middleware_takes_the_key_out_of_the_request_before_the_view():
    seen = {}

    def view(request):
        seen.update(get=dict(request.GET), query=request.META["QUERY_STRING"], raw=request.META["RAW_URI"])
        seen["path"] = request.get_full_path()
        return None

    request = RequestFactory().get("/api/v1/updates/", {"page_size": "5", "api_key": SECRET})
    request.META["RAW_URI"] = f"/api/v1/updates/?page_size=5&api_key={SECRET}"
    ApiKeyQueryParameterMiddleware(view)(request)
    assert seen == {
        "get": {"page_size": ["5"]},
        "query": "page_size=5",
        "raw": "/api/v1/updates/?page_size=5",
        "path": "/api/v1/updates/?page_size=5",
    }
    assert request._api_key_from_query == SECRET


@pytest.mark.django_db
def test_paging_links_do_not_carry_the_key(trust):
    secret = new_key(trust)
    body = Client().get(reverse("api:response-list") + f"?page_size=2&api_key={secret}").json()
    assert body["next"] == "http://testserver/api/v1/responses/?page=2&page_size=2"


@pytest.mark.django_db
def test_djangos_request_log_never_has_the_key(caplog):
    with caplog.at_level(logging.INFO):
        assert Client().get(f"/api/v1/responses/?api_key={SECRET}").status_code == 401
        assert Client().get(f"/no-such-page/?api_key={SECRET}").status_code == 404
    assert SECRET not in caplog.text


@pytest.mark.django_db
def test_the_sign_in_redirect_does_not_carry_the_key():
    answer = Client().get(f"/actions/?status=on_track&api_key={SECRET}")
    assert SECRET not in answer["Location"] and "status%3Don_track" in answer["Location"]


def test_error_pages_and_reports_never_show_the_query_parameter(settings):
    import sys

    from django.views.debug import ExceptionReporter

    settings.DEBUG = True  # the technical 500 page: the fullest report Django writes
    captured = {}

    def failing_view(request):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            captured["html"] = ExceptionReporter(request, *sys.exc_info()).get_traceback_html()
            captured["text"] = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()

    request = RequestFactory().get("/api/v1/responses/", {"status": "on_track", "api_key": SECRET})
    ApiKeyQueryParameterMiddleware(failing_view)(request)
    assert "on_track" in captured["text"]  # the report is about this request
    assert SECRET not in captured["html"] and SECRET not in captured["text"]


def test_error_reports_hide_the_authorization_header():
    request = RequestFactory().get("/api/v1/responses/", HTTP_AUTHORIZATION=f"Api-Key {SECRET}")
    meta = SafeExceptionReporterFilter().get_safe_request_meta(request)
    assert SECRET not in str(meta)


def test_the_log_filter_redacts_keys_in_any_message():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, '"GET /f.csv?a=1&api_key=%s HTTP/1.1" %s', (SECRET, 200), None
    )
    RedactApiKeys().filter(record)
    assert record.getMessage() == '"GET /f.csv?a=1&api_key=[redacted] HTTP/1.1" 200'
    assert redact(f"Authorization: Api-Key {SECRET}.abc") == "Authorization: Api-Key [redacted]"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve_and_get(command, port, env) -> str:
    """Start ``command``, GET the API with the key in the query string, stop it; its output."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/responses/?page_size=5&api_key={SECRET}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError as error:
                assert error.code == 401
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        time.sleep(0.5)  # let the server write its log line
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    return output.decode()


def _server_env():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peopleplan.settings_test", "PYTHONUNBUFFERED": "1"}
    env["DATABASE_URL"] = "sqlite:////tmp/unused-by-this-request.sqlite3"
    return env


def test_gunicorns_access_log_never_has_the_key():
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "peopleplan.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    log = _serve_and_get(command + ["--access-logfile", "-", "--error-logfile", "-"], port, _server_env())
    assert "GET /api/v1/responses/?page_size=5 HTTP/1.1" in log, log
    assert SECRET not in log


def test_the_development_servers_log_never_has_the_key():
    port = _free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    log = _serve_and_get(command, port, _server_env())
    assert "api_key=[redacted]" in log, log
    assert SECRET not in log
