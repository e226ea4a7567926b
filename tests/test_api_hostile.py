"""Hostile and odd use of the API: bad keys, other organisations' keys, unsafe methods, huge pages,
unknown filters, too many requests — each refused with a plain status and no detail of why."""

import pytest
from django.test import Client
from django.urls import reverse

from api.keys import QUERY_PARAMETER
from api.models import OrganisationAPIKey
from tests.api_helpers import clear_rate_limits, expired_key, key_client, new_key, revoked_key, systems
from tests.pages_helpers import hw_response

pytestmark = pytest.mark.django_db
INVALID = {"detail": "Invalid API key."}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()


def _responses():
    return reverse("api:response-list")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda trust: expired_key(trust), id="expired"),
        pytest.param(lambda trust: revoked_key(trust), id="revoked"),
        pytest.param(lambda trust: new_key(trust)[:-1] + "X", id="wrong-secret"),
        pytest.param(lambda trust: "Zz9Zz9Zz." + "a" * 32, id="unknown-prefix"),
        pytest.param(lambda trust: "not a key", id="malformed"),
        pytest.param(lambda trust: new_key(trust) + "'; DROP TABLE api_organisationapikey; --", id="injection"),
        pytest.param(lambda trust: "x" * 5000, id="huge"),
        pytest.param(lambda trust: "", id="empty"),
    ],
)
def test_an_unusable_key_is_401_with_one_message_whatever_is_wrong(trust, make):
    secret = make(trust)
    for client in (key_client(secret), Client()):
        url = _responses() if client.defaults else _responses() + f"?{QUERY_PARAMETER}={secret}"
        answer = client.get(url)
        assert answer.status_code == 401, (url, answer.content)
        assert answer.json() == INVALID
        assert answer["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert OrganisationAPIKey.objects.filter(last_used_at__isnull=False).count() == 0


def test_no_credentials_is_401_not_a_redirect_to_the_sign_in_page():
    answer = Client().get(_responses())
    assert answer.status_code == 401 and answer["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert answer.json() == {"detail": "Authentication credentials were not provided."}


def test_another_scheme_in_the_authorization_header_is_not_a_key():
    answer = Client(HTTP_AUTHORIZATION="Bearer abc.def").get(_responses())
    assert answer.status_code == 401


def test_another_organisations_key_finds_none_of_its_objects(trust, other_trust, make_report):
    other_system = systems()["QZZ"]
    response = hw_response(trust)
    report = make_report(issue=True)
    for secret in (new_key(other_trust), new_key(other_system)):
        client = key_client(secret)
        for url in [
            reverse("api:response-detail", args=[response.pk]),
            reverse("api:report-detail", args=[report.pk]),
            reverse("api:report-lines", args=[report.pk]),
            reverse("api:organisation-detail", args=["RYV"]),
            reverse("api:feed-csv", args=["RYV"]),
            reverse("api:feed-json", args=["RYV"]),
        ]:
            answer = client.get(url)
            assert answer.status_code == 404, url
            assert "RYV" not in answer.content.decode() and trust.name not in answer.content.decode()
        assert client.get(_responses() + "?organisation=RYV").json()["count"] == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_unsafe_method_is_refused_with_a_valid_key(trust, method, make_report):
    client = key_client(new_key(trust))
    response = hw_response(trust)
    for url in [
        _responses(),
        reverse("api:response-detail", args=[response.pk]),
        reverse("api:feed-csv", args=["RYV"]),
        reverse("api:schema"),
    ]:
        answer = getattr(client, method)(url, data={"status": "complete"}, content_type="application/json")
        assert answer.status_code == 405, (method, url)
    response.refresh_from_db()
    assert response.status != "complete"


def test_options_describes_nothing(trust):
    assert key_client(new_key(trust)).options(_responses()).status_code == 405


def test_unsafe_methods_without_credentials_are_401(trust):
    assert Client().post(_responses(), {}).status_code == 401


def test_a_huge_page_size_is_capped(trust, hr_lead):
    import datetime

    from actions.models import ProgressUpdate

    response = hw_response(trust)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            response=response, author=hr_lead, status="on_track", note=f"n{i}", date=datetime.date(2024, 1, 1)
        )
        for i in range(250)
    )
    client = key_client(new_key(trust))
    for size in ["1000000", "99999999999999999999"]:
        body = client.get(reverse("api:update-list") + f"?page_size={size}").json()
        assert len(body["results"]) == 200 and body["count"] >= 250 and body["next"]


@pytest.mark.parametrize(
    "query,says",
    [
        ("colour=blue", "Unknown query parameter 'colour'"),
        ("status=bogus", "Select a valid choice"),
        ("due_before=next-tuesday", "date must be a real date"),
        ("theme=999999", "Select a valid choice"),
        ("owner=abc", "Select a valid choice"),
        ("sort=password", "Unknown sort 'password'"),
        ("organisation__name=x", "Unknown query parameter 'organisation__name'"),
    ],
)
def test_unknown_filters_and_unreadable_values_are_a_clear_400(trust, query, says):
    answer = key_client(new_key(trust)).get(_responses() + "?" + query)
    assert answer.status_code == 400
    assert says in answer.content.decode()


def test_the_400_names_what_the_endpoint_accepts(trust):
    detail = key_client(new_key(trust)).get(reverse("api:update-list") + "?from=2020-01-01").json()["detail"]
    assert detail.startswith("Unknown query parameter 'from'. This endpoint accepts: ")
    assert "since" in detail and "page_size" in detail


def test_a_key_is_rate_limited_on_its_own(trust, settings):
    rates = {"api_key": "3/minute", "api_user": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    first, second = key_client(new_key(trust)), key_client(new_key(trust))
    assert [first.get(_responses()).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Retry-After" in first.get(_responses())
    assert second.get(_responses()).status_code == 200


def test_a_signed_in_user_is_rate_limited_too(client, hr_lead, settings):
    rates = {"api_key": "3/minute", "api_user": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client.force_login(hr_lead, backend="django.contrib.auth.backends.ModelBackend")
    assert [client.get(_responses()).status_code for _ in range(3)] == [200, 200, 429]


def test_a_signed_in_user_without_an_organisation_reads_nothing(client, django_user_model):
    user = django_user_model.objects.create_user("newcomer", email="newcomer@example.nhs.uk")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.get(_responses())
    assert answer.status_code == 404 and answer.json() == {"detail": "You are not a member of any organisation."}
