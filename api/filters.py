"""The API's filters: the action list's own FilterSet for responses, small ones elsewhere, and a
backend that refuses what it does not understand.

- Responses are filtered by ``actions.filters.ResponseFilter`` — the action list page's FilterSet
  (text, theme, status, owner, who must act, due dates, overdue) — plus the two things a key that
  covers several organisations needs: ``organisation`` (ODS code) and ``plan`` (slug).
- An unknown query parameter (:func:`refuse_unknown_parameters`, called by every API view) or a value
  a filter cannot read (:class:`StrictFilterBackend`) is a 400 that says which, never silently
  ignored (the page ignores them; a script must not).
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.exceptions import APIException

from actions.filters import ResponseFilter
from actions.models import Action, ProgressUpdate, Theme
from owners.models import Owner
from reports.models import BoardReport

# Accepted on every endpoint: DRF's format override; on paged lists: the page and its size.
COMMON_PARAMETERS = {"format"}
PAGE_PARAMETERS = {"page", "page_size"}


class InvalidQuery(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_query"


class ResponseListFilter(ResponseFilter):
    """The action list's FilterSet, scoped to the organisations the caller reads."""

    organisation = django_filters.CharFilter(field_name="organisation__ods_code", label="Organisation (ODS code)")
    # The page offers its organisation's plans and themes as choices; a key reading several
    # organisations names a plan by slug and a theme by id instead.
    plan = django_filters.CharFilter(field_name="action__theme__plan__slug", label="Plan (slug)")
    theme = django_filters.ModelChoiceFilter(
        field_name="action__theme", queryset=Theme.objects.none(), label="Theme id"
    )

    def __init__(self, data=None, queryset=None, *, organisations=None, **kwargs):
        super().__init__(data, queryset, organisation=None, **kwargs)
        for name in ("plan", "theme"):  # the page's choices are one organisation's; not used here
            self.filters[name].extra.pop("choices", None)
        if organisations is not None:
            from .selectors import themes

            self.filters["theme"].queryset = themes(organisations=organisations)
        owners = Owner.objects.none() if organisations is None else Owner.objects.filter(organisation__in=organisations)
        self.filters["owner"].queryset = owners.order_by("initials")


class ActionListFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="theme__plan__slug", label="Plan (slug)")
    theme = django_filters.NumberFilter(field_name="theme_id", label="Theme id")

    class Meta:
        model = Action
        fields = []


class ThemeListFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__slug", label="Plan (slug)")

    class Meta:
        model = Theme
        fields = []


class UpdateListFilter(django_filters.FilterSet):
    since = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="Dated on or after (YYYY-MM-DD)")
    until = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Dated on or before (YYYY-MM-DD)")
    response = django_filters.NumberFilter(field_name="response_id", label="Response id")
    organisation = django_filters.CharFilter(field_name="response__organisation__ods_code", label="Organisation (ODS)")

    class Meta:
        model = ProgressUpdate
        fields = []


class ReportListFilter(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__ods_code", label="Organisation (ODS code)")
    plan = django_filters.CharFilter(field_name="plans__slug", distinct=True, label="Plan (slug) the report covers")

    class Meta:
        model = BoardReport
        fields = []


def refuse_unknown_parameters(request, accepted: set[str]) -> None:
    """400 naming the parameters the endpoint does not understand, and those it does."""
    unknown = sorted(set(request.query_params) - accepted)
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise InvalidQuery(f"Unknown query parameter {names}. This endpoint accepts: {', '.join(sorted(accepted))}.")


class StrictFilterBackend(DjangoFilterBackend):
    """The view's FilterSet, with unknown parameters and unreadable values refused (400)."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            return queryset  # a single object: filters do not apply
        return super().filter_queryset(request, queryset, view)

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs.update(getattr(view, "filterset_extra_kwargs", dict)())
        return kwargs
