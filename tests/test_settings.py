"""Production settings: fail loudly without a secret, pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "peopleplan.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_missing_secret_key_with_debug_off_is_a_clear_startup_error(tmp_path):
    result = manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k" * 20 + "-Xq9!zT4#pL2@wR7$mN5%vB8^cF1&hJ6",
        DJANGO_ALLOWED_HOSTS="tracker.example.nhs.uk",
        EMAIL_URL="smtp+tls://tracker:secret@smtp.example.nhs.uk:587",
        SITE_URL="https://tracker.example.nhs.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_reminders_could_not_be_sent_or_linked():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k" * 20 + "-Xq9!zT4#pL2@wR7$mN5%vB8^cF1&hJ6",
        DJANGO_ALLOWED_HOSTS="tracker.example.nhs.uk",
        EMAIL_URL="consolemail://",
        SITE_URL="http://localhost",
    )
    assert result.returncode != 0
    assert "reminders.W001" in result.stderr and "reminders.W002" in result.stderr


@pytest.mark.django_db
def test_responses_carry_a_strict_content_security_policy(client, hr_lead):
    client.force_login(hr_lead)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "font-src 'self' https://assets.nhs.uk" in policy
    assert response["X-Frame-Options"] == "DENY"
