"""Pages by URL name: query counts and interleaved timings against the Django admin.

Pages are found by URL name at run time, so pages merged later are picked up; a page
whose URL name does not exist yet is reported ``unavailable``.
"""

import datetime
import statistics
import time

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_resolver, reverse

from actions.models import Response

from .report import PAGES

# The filtered list both peers show: the organisation's on-track and at-risk actions (~55 rows, 50 a page).
LIST_STATUSES = ["on_track", "at_risk"]
ADMIN_PER_PAGE = 50


# Signed in through Django's own backend (a login-throttling backend listed first must not matter).
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class Unavailable(Exception):
    """A page or piece that is not on this branch (yet); the message says which."""


def url_kwarg_names(name: str) -> list[str] | None:
    """The keyword arguments URL ``name`` takes, or None when there is no such URL."""
    possibilities = get_resolver().reverse_dict.getlist(name)
    if not possibilities:
        return None
    return list(possibilities[0][0][0][1])


def _value_for(kwarg: str, response: Response, report=None):
    key = kwarg.lower()
    if report is not None and key in {"pk", "id", "report", "report_pk", "report_id"}:
        return report.pk
    if "ods" in key:
        return response.organisation.ods_code
    if "slug" in key or key == "plan":
        return response.action.theme.plan.slug
    if "theme" in key:
        return response.action.theme.number
    if "ref" in key:
        return response.action.ref
    if "action" in key and "response" not in key:
        return response.action_id
    return response.pk


# Metric names (issue 6's table) → the project's URL names.
URL_NAMES = {
    "dashboard": "dashboard",
    "action_list": "action_list",
    "my_actions": "my_actions",
    "action_page": "response_detail",
    "report_page": "report_detail",
}


def page_url(name: str, *, user, organisation) -> str:
    """The URL of page ``name`` for ``user``, its kwargs filled from their organisation's data."""
    url_name = URL_NAMES.get(name, name)
    kwargs = url_kwarg_names(url_name)
    if kwargs is None:
        raise Unavailable(f"no URL named {name!r} on this branch")
    response = (
        Response.objects.filter(organisation=organisation)
        .select_related("action__theme__plan", "organisation")
        .order_by("action__theme__number", "action__ref")
        .first()
    )
    if kwargs and response is None:
        raise Unavailable(f"{organisation} has no responses")
    report = board_report(user=user, organisation=organisation) if name == "report_page" else None
    try:
        return reverse(url_name, kwargs={k: _value_for(k, response, report) for k in kwargs})
    except NoReverseMatch as exc:
        raise Unavailable(f"cannot fill the arguments of {name!r}: {exc}") from None


def board_report(*, user, organisation):
    """A board report of the organisation: an existing one, else an issued one made through the reports services."""
    from actions.models import Plan
    from reports.models import BoardReport
    from reports.services import report_create, report_issue

    existing = BoardReport.objects.filter(organisation=organisation).order_by("pk").first()
    if existing is not None:
        return existing
    plan = Plan.objects.get(pk=Response.objects.filter(organisation=organisation).values("action__theme__plan")[:1])
    today = datetime.date.today()
    report = report_create(
        organisation=organisation,
        plan=plan,
        user=user,
        title="Benchmark board report",
        meeting="Trust Board",
        meeting_date=today,
        as_at=today,
        author="Benchmark",
        executive_sponsor="Benchmark",
        assurance_level="reasonable",  # chosen: a report is issued only with one (issue 19)
    )
    return report_issue(report=report, user=user)


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def query_count(client: Client, url: str) -> int:
    """SQL queries of one GET of ``url`` (after one warm-up GET), or Unavailable on a non-200."""
    warm = client.get(url)
    if warm.status_code != 200:
        raise Unavailable(f"HTTP {warm.status_code} for {url}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise Unavailable(f"HTTP {response.status_code} for {url}")
    return len(queries)


def page_query_counts(*, user, organisation, pages=PAGES) -> dict:
    """{page: query count or Unavailable} for every page in ``pages``."""
    client = logged_in_client(user)
    counts = {}
    for name in pages:
        try:
            counts[name] = query_count(client, page_url(name, user=user, organisation=organisation))
        except Unavailable as exc:
            counts[name] = exc
    return counts


def bench_superuser():
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench.admin", defaults={"is_staff": True, "is_superuser": True})
    return user


def list_urls(*, organisation) -> tuple[str, str]:
    """Our filtered action list and the admin changelist of the same responses, 50 a page."""
    if url_kwarg_names("action_list") is None:
        raise Unavailable("no URL named 'action_list' on this branch")
    ours = reverse("action_list") + "?" + "&".join(f"status={s}" for s in LIST_STATUSES)
    theirs = (
        reverse("admin:actions_response_changelist")
        + f"?organisation__id__exact={organisation.pk}&status__in={','.join(LIST_STATUSES)}"
    )
    return ours, theirs


def _timed_get(client, url) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise Unavailable(f"HTTP {response.status_code} for {url}")
    return elapsed


def list_vs_admin(*, user, organisation, rounds=15, warmup=2) -> dict:
    """p50 seconds of our list and of the admin changelist, requests interleaved (order alternating)."""
    ours_url, admin_url = list_urls(organisation=organisation)
    ours_client, admin_client = logged_in_client(user), logged_in_client(bench_superuser())
    model_admin = admin.site._registry[Response]
    saved, model_admin.list_per_page = model_admin.list_per_page, ADMIN_PER_PAGE
    try:
        for _ in range(warmup):
            _timed_get(ours_client, ours_url)
            _timed_get(admin_client, admin_url)
        ours, theirs = [], []
        for n in range(rounds):
            if n % 2:
                theirs.append(_timed_get(admin_client, admin_url))
                ours.append(_timed_get(ours_client, ours_url))
            else:
                ours.append(_timed_get(ours_client, ours_url))
                theirs.append(_timed_get(admin_client, admin_url))
    finally:
        model_admin.list_per_page = saved
    return {"ours_p50": statistics.median(ours), "admin_p50": statistics.median(theirs), "rounds": rounds}
