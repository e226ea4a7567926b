"""HEAD is answered wherever GET is (hardening point 10): monitoring and link checkers use it.

For every URL of the site (not the admin) and every role, a HEAD request gets exactly the outcome the
permission matrix expects for GET — so a page that answers GET 200 answers HEAD 200, and a POST-only
form address sends HEAD, as GET, to its form's page.
"""

import pytest

from tests.test_permission_matrix import APP, ROLES, _outcome, _url, all_urls, matrix_objects  # noqa: F401

SITE_URLS = [(key, route) for key, route in all_urls() if not key.startswith("admin:")]


@pytest.mark.django_db
@pytest.mark.parametrize("key,route", SITE_URLS, ids=[key for key, _ in SITE_URLS])
def test_head_answers_as_get(key, route, client, matrix_objects, request):  # noqa: F811
    url = _url(key, route, matrix_objects, [])
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role), backend="django.contrib.auth.backends.ModelBackend")
        response = client.head(url)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
        expected = APP[key]["GET"][role]
        if _outcome(response) != expected:
            wrong.append(f"HEAD {url} as {role}: expected {expected}, got {_outcome(response)}")
    assert not wrong, "\n".join(wrong)
