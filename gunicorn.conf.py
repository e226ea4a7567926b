"""gunicorn settings for People Plan Tracker: ``gunicorn --config gunicorn.conf.py peopleplan.wsgi``.

Chosen for the cores the server has (``os.sched_getaffinity``: the cores this process may
use, which in a container is its CPU limit when the runtime sets one):

- ``workers`` = cores + 1 processes. A request is mostly Python (templates, the ORM) and
  holds its worker's interpreter lock while it runs, so processes, not threads, use the
  cores; one spare keeps the cores busy while another worker waits on PostgreSQL.
- ``threads`` = 2 per worker (the ``gthread`` worker). While one request waits on the
  database, its worker runs the other; more threads only add lock contention and one more
  persistent database connection each.
- Database connections: ``workers × threads`` persistent connections (``DJANGO_CONN_MAX_AGE``,
  see ``peopleplan/settings.py``) per app server; keep the sum over app servers below
  PostgreSQL's ``max_connections`` (100 by default).

Measured on the 2-core benchmark machine (shared with other work, so medians of three runs
of ``tests.bench.load`` against 20 generated trusts, PostgreSQL, 20 clients; recorded
progress updates a second for our journey / bare one-UPDATE POSTs a second):

    workers × threads    2 × 1    3 × 2    2 × 4    3 × 4    5 × 1
    our journey            3.6      4.1      3.1      3.1      3.0
    bare UPDATE             58      100       68       73      103

Every value can be overridden from the environment (``GUNICORN_WORKERS``, ``GUNICORN_THREADS``,
``GUNICORN_BIND``, ``GUNICORN_TIMEOUT``) or on the command line.
"""

import os

cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", cores + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# A request that takes longer than this is stuck: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Behind a proxy on the same network: keep its connections open a little.
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Load Django once in the master and fork: faster start and shared memory. No database
# connection is opened while loading, so none is shared between workers.
preload_app = True
# Errors to standard error; access logs are the proxy's job (GUNICORN_ACCESS_LOG=- to add them).
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
