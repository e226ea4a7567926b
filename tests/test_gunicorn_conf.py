"""The shipped gunicorn configuration: workers and threads for the cores, overridable from the environment."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_BIND", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_one_worker_per_core_plus_one_with_two_threads_each(monkeypatch):
    conf = load(monkeypatch)
    cores = len(os.sched_getaffinity(0))
    assert (conf["worker_class"], conf["workers"], conf["threads"]) == ("gthread", cores + 1, 2)
    assert conf["bind"] == "127.0.0.1:8001" and conf["preload_app"] is True


def test_the_environment_overrides_workers_threads_and_address(monkeypatch):
    conf = load(monkeypatch, GUNICORN_WORKERS="7", GUNICORN_THREADS="3", GUNICORN_BIND="0.0.0.0:9000")
    assert (conf["workers"], conf["threads"], conf["bind"]) == (7, 3, "0.0.0.0:9000")


def test_gunicorn_accepts_the_configuration_and_loads_the_app():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SECRET_KEY="k" * 50, DJANGO_ALLOWED_HOSTS="x", DJANGO_SETTINGS_MODULE="peopleplan.settings")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run(
        [str(gunicorn), "--config", str(CONF), "--check-config", "peopleplan.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
