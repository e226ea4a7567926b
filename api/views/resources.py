"""The read-only resources: plans, themes, actions, organisations, responses, progress updates,
issued board reports and their lines. Each ``get_queryset`` is an ``api.selectors`` function of
the caller's organisations: another organisation's object is simply not found (404)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from actions.models import Action, Plan, ProgressUpdate, Response, Theme
from owners.models import Organisation
from reports.models import BoardReport

from .. import filters, selectors, serializers
from ..filters import InvalidQuery
from .base import ScopedAPIView, ScopedViewSet

ROOT_LINKS = ["plans", "themes", "actions", "organisations", "responses", "updates", "reports"]


class ApiRootView(ScopedAPIView):
    """Where everything is: one link per resource, the schema and the docs."""

    @extend_schema(
        responses={200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}},
        summary="Links to every resource",
    )
    def get(self, request):
        links = {name: reverse(f"api:{name.removesuffix('s')}-list") for name in ROOT_LINKS}
        links.update(schema=reverse("api:schema"), docs=reverse("api:docs"))
        return ApiResponse({name: request.build_absolute_uri(url) for name, url in links.items()})


class PlanViewSet(ScopedViewSet):
    """Plans and their versions."""

    serializer_class = serializers.PlanSerializer
    queryset = Plan.objects.none()  # the model, for the schema; get_queryset scopes the rows

    def get_queryset(self):
        return selectors.plans(organisations=self.organisations)


class ThemeViewSet(ScopedViewSet):
    serializer_class = serializers.ThemeSerializer
    queryset = Theme.objects.none()
    filterset_class = filters.ThemeListFilter

    def get_queryset(self):
        return selectors.themes(organisations=self.organisations)


class ActionViewSet(ScopedViewSet):
    """The plans' actions and the caller's own local actions, with the plan versions that added or
    withdrew them."""

    serializer_class = serializers.ActionSerializer
    queryset = Action.objects.none()
    filterset_class = filters.ActionListFilter

    def get_queryset(self):
        return selectors.actions(organisations=self.organisations)


class OrganisationViewSet(ScopedViewSet):
    """The organisations the caller reads: its own and its members."""

    serializer_class = serializers.OrganisationSerializer
    queryset = Organisation.objects.none()
    lookup_field = "ods_code"

    def get_queryset(self):
        return selectors.organisations(organisations=self.organisations)


SORT_PARAMETER = OpenApiParameter(
    "sort", str, enum=selectors.SORTS, description="The action list's sort order (default ref)."
)


@extend_schema_view(list=extend_schema(parameters=[SORT_PARAMETER]))
class ResponseViewSet(ScopedViewSet):
    """Each organisation's responses to the actions, filtered exactly as the action list filters them."""

    serializer_class = serializers.ResponseSerializer
    queryset = Response.objects.none()
    filterset_class = filters.ResponseListFilter
    extra_parameters = ("sort",)

    def filterset_extra_kwargs(self):
        return {"organisations": self.organisations}

    def get_queryset(self):
        if self.action != "list":
            # One response, withdrawn actions included (as the action page shows it).
            return selectors.responses(organisations=self.organisations, active_only=False)
        sort = self.request.query_params.get("sort")
        if sort is not None and sort not in selectors.SORTS:
            raise InvalidQuery(f"Unknown sort {sort!r}. Sort by one of: {', '.join(selectors.SORTS)}.")
        return selectors.responses(organisations=self.organisations, sort=sort)


class ProgressUpdateViewSet(ScopedViewSet):
    """Dated progress notes, newest first; ``since`` gives those dated on or after a day."""

    serializer_class = serializers.ProgressUpdateSerializer
    queryset = ProgressUpdate.objects.none()
    filterset_class = filters.UpdateListFilter

    def get_queryset(self):
        return selectors.progress_updates(organisations=self.organisations)


class BoardReportViewSet(ScopedViewSet):
    """Issued board reports (frozen); drafts are not published."""

    serializer_class = serializers.BoardReportSerializer
    queryset = BoardReport.objects.none()
    filterset_class = filters.ReportListFilter
    paged_actions = ("list", "lines")

    def get_queryset(self):
        return selectors.issued_reports(organisations=self.organisations)

    @extend_schema(responses=serializers.BoardReportLineSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], url_path="lines", filterset_class=None)
    def lines(self, request, pk=None):
        """The report's frozen lines, in report order, paged."""
        report = get_object_or_404(selectors.issued_reports(organisations=self.organisations), pk=pk)
        page = self.paginate_queryset(selectors.report_lines(report=report))
        data = serializers.BoardReportLineSerializer(page, many=True).data
        return self.get_paginated_response(data)
