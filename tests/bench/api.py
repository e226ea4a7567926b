"""The reporting API against the pages it mirrors (issue 17).

- ``api_vs_page_ratio``: p50 of ``GET /api/v1/responses/?status=on_track&status=at_risk&page_size=25``
  with an API key ÷ p50 of the action list page with the same filter (25 rows a page), signed in as
  the trust's HR lead; requests interleaved, order alternating, at national scale.
- The feed for a national organisation set: every generated trust's ``/api/v1/feed/<ODS>.csv`` (a key
  per trust, every byte read) against the CSV export of the same trusts (``exporter_for(LiveList(…),
  "csv")``, every chunk consumed); ``feed_vs_csv_export_ratio`` = feed seconds ÷ export seconds.
"""

import datetime
import statistics
import time

from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import Plan
from reports.exporters import exporter_for
from reports.sources import LiveList

from .pages import LIST_STATUSES, Unavailable, logged_in_client
from .scale_data import PLAN_SLUG

PAGE_ROWS = 25  # the action list page's page size


def _authorization(organisation) -> str:
    """``Authorization`` header value of a new one-day key of ``organisation``."""
    from api.services import api_key_create

    _key, secret = api_key_create(
        organisation=organisation,
        user=None,
        name="Benchmark",
        expires_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    return f"Api-Key {secret}"


def _key_client(organisation) -> Client:
    return Client(HTTP_AUTHORIZATION=_authorization(organisation))


def _timed(client, url) -> float:
    started = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise Unavailable(f"HTTP {response.status_code} for {url}")
    return elapsed


def api_vs_page(*, user, organisation, rounds=15, warmup=2) -> dict:
    """p50 seconds of the API's filtered response list (key) and of the action list page (session)."""
    query = "&".join(f"status={s}" for s in LIST_STATUSES)
    api_url = f"{reverse('api:response-list')}?{query}&page_size={PAGE_ROWS}"
    page_url = f"{reverse('action_list')}?{query}"
    api_client, page_client = _key_client(organisation), logged_in_client(user)
    cache.clear()  # rate-limit counts: the benchmark's requests are not throttled
    for _ in range(warmup):
        _timed(api_client, api_url)
        _timed(page_client, page_url)
    api, page = [], []
    for n in range(rounds):
        pair = [(api, api_client, api_url), (page, page_client, page_url)]
        for times, client, url in reversed(pair) if n % 2 else pair:
            times.append(_timed(client, url))
    return {"api_p50": statistics.median(api), "page_p50": statistics.median(page), "rounds": rounds}


def feed_vs_csv_export(organisations) -> dict:
    """Seconds to read every organisation's CSV feed over the API, and to run the CSV export of the same.

    Per organisation the two run back to back, the order alternating (whichever runs second finds the
    organisation's rows in the database's cache); each total is the sum over the organisations.
    """
    plan = Plan.objects.get(slug=PLAN_SLUG)
    keys = [(organisation, _authorization(organisation)) for organisation in organisations]
    # One client for every request, as one app server process: a new test client would set up the
    # middleware again (WhiteNoise indexing the static files), which no real request pays.
    client = Client()
    if keys:
        client.get(reverse("api:root"), HTTP_AUTHORIZATION=keys[0][1])  # middleware loaded before timing
    cache.clear()
    totals = {"feed": 0.0, "export": 0.0}
    sizes = {"feed": 0, "export": 0}

    def feed(organisation, authorization):
        url = reverse("api:feed-csv", args=[organisation.ods_code]) + f"?plan={PLAN_SLUG}"
        response = client.get(url, HTTP_AUTHORIZATION=authorization)
        if response.status_code != 200:
            raise Unavailable(f"HTTP {response.status_code} for the feed of {organisation.ods_code}")
        return sum(len(chunk) for chunk in response.streaming_content)

    def export(organisation, _authorization):
        source = LiveList(organisation, plan=plan)
        return sum(len(chunk) for chunk in exporter_for(source, "csv").chunks(source))

    for n, (organisation, authorization) in enumerate(keys):
        pair = [("feed", feed), ("export", export)]
        for name, run in reversed(pair) if n % 2 else pair:
            started = time.perf_counter()
            sizes[name] += run(organisation, authorization)
            totals[name] += time.perf_counter() - started
    if sizes["feed"] != sizes["export"]:
        raise Unavailable(f"the feed ({sizes['feed']:,} bytes) differs from the CSV export ({sizes['export']:,} bytes)")
    return {
        "feed_seconds": totals["feed"],
        "export_seconds": totals["export"],
        "bytes": sizes["feed"],
        "organisations": len(keys),
    }
