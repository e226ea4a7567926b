"""The OpenAPI schema (for keys and signed-in users) and its Swagger UI page (signed-in people).

Swagger UI's files come from ``drf-spectacular-sidecar`` through our own static files (no CDN), and
its start-up script is a separate request (``SpectacularSwaggerSplitView``), so the page keeps our
Content-Security-Policy: ``script-src 'self'``, no inline script or style.
"""

from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from .base import ScopedMixin


class SchemaView(ScopedMixin, SpectacularAPIView):
    """``/api/v1/schema/``: the OpenAPI 3 document (YAML; ``?format=json`` for JSON)."""

    def query_parameters(self):
        return super().query_parameters() | {"lang", "version"}


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "People Plan Tracker API"


# A person's page: anonymous visitors go to the sign-in page (not a 401 body).
docs_view = login_required(DocsView.as_view())
