"""The benchmark's API measurements (``make bench``): the response list against the action list page,
and the feed for a set of organisations against the CSV export of the same — on a tiny generated set."""

import pytest
from django.contrib.auth import get_user_model

from tests.bench import api, exports
from tests.bench.scale_data import generate, hr_lead_username


@pytest.fixture
def trusts(db):
    generate(organisations=2, updates_per_response=1, local_actions=1)
    return exports.bench_organisations()


def test_the_api_list_and_the_page_are_timed_interleaved(trusts):
    user = get_user_model().objects.get(username=hr_lead_username(1))
    result = api.api_vs_page(user=user, organisation=trusts[0], rounds=3, warmup=1)
    assert result["rounds"] == 3 and result["api_p50"] > 0 and result["page_p50"] > 0


def test_the_feed_of_every_trust_is_timed_against_the_csv_export_of_the_same_bytes(trusts):
    result = api.feed_vs_csv_export(trusts)
    assert result["organisations"] == 2 and result["bytes"] > 0
    assert result["feed_seconds"] > 0 and result["export_seconds"] > 0
