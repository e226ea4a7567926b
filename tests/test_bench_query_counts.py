"""Every page of issue 6 makes the same number of queries (at most 12) at 1 trust and at 3 trusts.

Pages are found by URL name, as ``make bench`` finds them; pages not on this branch
yet are skipped (and named in the skip reason), so the test covers each page as it lands.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.bench import pages
from tests.bench.report import PAGES
from tests.bench.scale_data import generate, hr_lead_username

MAX_QUERIES = 12


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_is_flat_as_organisations_are_added(db, page):
    generate(organisations=1, updates_per_response=2, local_actions=1)
    user = get_user_model().objects.get(username=hr_lead_username(1))
    organisation = user.membership.organisation
    try:
        url = pages.page_url(page, user=user, organisation=organisation)
    except pages.Unavailable as exc:
        pytest.skip(str(exc))
    client = pages.logged_in_client(user)
    small = pages.query_count(client, url)
    generate(organisations=3, updates_per_response=2, local_actions=1)
    large = pages.query_count(client, url)
    assert small == large
    assert large <= MAX_QUERIES
