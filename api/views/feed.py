"""The Power BI feed: one stable URL per organisation, the whole flat table, unpaginated, streamed.

``/api/v1/feed/<ODS>.csv`` is byte for byte ``export_progress --format csv --organisation <ODS>
--output -`` (the same source, ``reports.sources.LiveList``, through the same registered
exporter, chosen by ``reports.sources.live_source``: a trust's action list, a system's or a region's
roll-up); ``/api/v1/feed/<ODS>.json`` is the same rows and columns as JSON. ``?plan=<slug>`` chooses
the plan, as ``--plan`` does (the same default; ``all`` for every plan).
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied

from actions.models import Plan
from reports.exporters import exporter_for
from reports.sources import ALL_PLANS, DEFAULT_PLAN, live_source

from ..authentication import principal_of
from ..models import OrganisationAPIKey
from .base import ScopedAPIView

# A signed-in person needs what the action list's download needs; a key was made for machines.
DOWNLOAD_PERMISSION = "reports.download_export"


class FeedView(ScopedAPIView):
    format = ""

    def query_parameters(self):
        return super().query_parameters() | {"plan"}

    def perform_content_negotiation(self, request, force=False):
        # The feed is what it is (CSV or JSON) whatever Accept says; errors are JSON. Never 406.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request, ods_code):
        organisation = self.organisations.filter(ods_code=ods_code).first()
        if organisation is None:
            raise NotFound()
        principal = principal_of(request)
        if not isinstance(principal, OrganisationAPIKey) and not principal.has_perm(DOWNLOAD_PERMISSION):
            raise PermissionDenied("You can read this organisation's actions but not download its exports.")
        slug = request.query_params.get("plan") or DEFAULT_PLAN
        try:
            source = live_source(organisation, slug)
        except Plan.DoesNotExist:
            raise NotFound(f"No plan {slug!r}.") from None
        exporter = exporter_for(source, self.format)
        response = StreamingHttpResponse(exporter.chunks(source), content_type=exporter.content_type)
        response["Content-Disposition"] = f'inline; filename="{exporter.filename(source)}"'
        return response


PLAN_PARAMETER = OpenApiParameter(
    "plan", str, description=f"Plan slug (default {DEFAULT_PLAN}; {ALL_PLANS!r}: every plan)."
)


class CsvFeedView(FeedView):
    format = "csv"

    @extend_schema(
        parameters=[PLAN_PARAMETER],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The flat progress CSV.")},
        summary="The organisation's whole progress table as CSV (export_progress --format csv)",
    )
    def get(self, request, ods_code):
        return super().get(request, ods_code)


class JsonFeedView(FeedView):
    format = "json"

    @extend_schema(
        parameters=[PLAN_PARAMETER],
        responses={
            (200, "application/json"): OpenApiResponse(
                {"type": "array", "items": {"type": "object", "additionalProperties": True}},
                description="One object per row, keyed by the CSV's column names.",
            )
        },
        summary="The same rows and columns as JSON",
    )
    def get(self, request, ods_code):
        return super().get(request, ods_code)
