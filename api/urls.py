"""The read-only API, included at ``/api/v1/`` (namespace ``api``), and ``page_urlpatterns``: the
*API keys* page that manages keys (included at the site root)."""

from django.urls import path, re_path

from .views import docs, feed, keys, resources

app_name = "api"

# Each resource: a list and one object ("name-list", "name-detail"), GET only.
RESOURCES = [
    ("plans", "plan", resources.PlanViewSet, "<int:pk>"),
    ("themes", "theme", resources.ThemeViewSet, "<int:pk>"),
    ("actions", "action", resources.ActionViewSet, "<int:pk>"),
    ("organisations", "organisation", resources.OrganisationViewSet, "<str:ods_code>"),
    ("responses", "response", resources.ResponseViewSet, "<int:pk>"),
    ("updates", "update", resources.ProgressUpdateViewSet, "<int:pk>"),
    ("reports", "report", resources.BoardReportViewSet, "<int:pk>"),
]

urlpatterns = [
    path("", resources.ApiRootView.as_view(), name="root"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs_view, name="docs"),
    re_path(r"^feed/(?P<ods_code>[A-Za-z0-9]+)\.csv$", feed.CsvFeedView.as_view(), name="feed-csv"),
    re_path(r"^feed/(?P<ods_code>[A-Za-z0-9]+)\.json$", feed.JsonFeedView.as_view(), name="feed-json"),
    path(
        "reports/<int:pk>/lines/",
        resources.BoardReportViewSet.as_view({"get": "lines"}),
        name="report-lines",
    ),
]
for prefix, name, viewset, lookup in RESOURCES:
    urlpatterns += [
        path(f"{prefix}/", viewset.as_view({"get": "list"}), name=f"{name}-list"),
        path(f"{prefix}/{lookup}/", viewset.as_view({"get": "retrieve"}), name=f"{name}-detail"),
    ]

# The page for people (not under the API's namespace).
page_urlpatterns = [
    path("api-keys/", keys.api_keys, name="api_keys"),
    path("api-keys/<str:prefix>/revoke/", keys.api_key_revoke, name="api_key_revoke"),
]
