"""The OpenAPI schema: valid (drf-spectacular's validation, warnings fail), covering every API path,
served to keys and signed-in users; the docs page is for signed-in people, with Swagger UI served from
our own static files under our Content-Security-Policy."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api_helpers import clear_rate_limits, key_client, new_key

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NOT_IN_SCHEMA = {"/api/v1/schema/", "/api/v1/docs/"}  # the schema and its page describe the others


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()


def api_routes() -> set[str]:
    """Every route under /api/v1/ in the URLconf, written as OpenAPI paths (``{name}`` parameters)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    routes = set()
    for route in walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # regex groups
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # path converters
        route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        routes.add("/" + route)
    return routes


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_the_schema_is_valid_openapi_3_without_warnings(schema):
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "People Plan Tracker API"


def test_every_api_path_is_in_the_schema_and_nothing_else(schema):
    paths = {path.replace("{pk}", "{id}") for path in api_routes()} - NOT_IN_SCHEMA
    assert set(schema["paths"]) == paths
    assert len(paths) == 18


def test_every_operation_is_a_get_needing_a_key_or_a_session(schema):
    schemes = {"ApiKeyHeader", "ApiKeyQuery", "cookieAuth"}
    for path, operations in schema["paths"].items():
        assert set(operations) - {"parameters"} == {"get"}, path
        assert {name for option in operations["get"]["security"] for name in option} == schemes, path


def test_the_response_list_documents_the_action_lists_filters(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/responses/"]["get"]["parameters"]}
    assert {"q", "theme", "plan", "status", "owner", "overdue", "due_before", "due_after", "audience"} <= names
    assert {"organisation", "sort", "page", "page_size"} <= names


@pytest.mark.django_db
def test_the_schema_is_served_to_a_key_and_to_a_signed_in_user_but_not_anonymously(trust, hr_lead):
    answer = key_client(new_key(trust)).get(reverse("api:schema"))
    assert answer.status_code == 200 and b"openapi: 3" in answer.content
    client = Client()
    assert client.get(reverse("api:schema")).status_code == 401
    client.force_login(hr_lead, backend=MODEL_BACKEND)
    assert client.get(reverse("api:schema") + "?format=json").json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_the_docs_page_is_for_signed_in_people(client, board_member, trust):
    assert client.get(reverse("api:docs"))["Location"].startswith(reverse("login"))
    assert key_client(new_key(trust)).get(reverse("api:docs")).status_code == 302
    client.force_login(board_member, backend=MODEL_BACKEND)
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[:2] == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
    ]
    assert scripts[2] == reverse("api:docs") + "?script="
    for url in scripts[:2]:
        assert finders.find(url.removeprefix("/static/")), url  # served by us, not a CDN
    assert "<script>" not in html and "<style" not in html and "https://" not in html
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert '"validatorUrl": null' in script.content.decode()
