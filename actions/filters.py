"""The action list's filters (django-filter). Used by the page and by every export.

Plan and theme choices are the plans the organisation responds to and their themes (never another
organisation's local plan), read in one query when the form is shown or a plan or theme is chosen.
"""

import django_filters
from django import forms
from django.db.models import Q

from owners.models import Owner

from .date_input import DateField
from .models import Audience, Response, Status


class NhsDateFilter(django_filters.DateFilter):
    """A date filter typed as day, month and year boxes (``due_after-day`` …); an ISO value
    (``?due_after=2026-03-31``, as links and the API send) is read too."""

    field_class = DateField


class ResponseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search action text and checklist")
    plan = django_filters.ChoiceFilter(method="filter_plan", label="Plan", empty_label="All plans")
    theme = django_filters.ChoiceFilter(method="filter_theme", label="Theme", empty_label="All themes")
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label="Status")
    owner = django_filters.ModelChoiceFilter(
        field_name="response_owners__owner",
        queryset=Owner.objects.none(),
        label="Owner",
        distinct=True,
        empty_label="All owners",
    )
    audience = django_filters.ChoiceFilter(
        choices=[("employer", "Employers"), ("system", "Systems"), ("national", "National body")],
        method="filter_audience",
        label="Who must act",
        empty_label="Anyone",
    )
    due_after = NhsDateFilter(
        field_name="effective_due", lookup_expr="gte", label="Due on or after", what="The ‘due on or after’ date"
    )
    due_before = NhsDateFilter(
        field_name="effective_due", lookup_expr="lte", label="Due on or before", what="The ‘due on or before’ date"
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput)

    class Meta:
        model = Response
        fields = []

    def __init__(self, *args, organisation=None, themes=None, **kwargs):
        """``themes``: the organisation's plans' themes when the caller has read them already
        (``selectors.plan_themes``), so the page and its list read them once."""
        super().__init__(*args, **kwargs)
        # Plain functions over one shared cache: a form deep-copies its fields (and a bound method's instance).
        cache = {"themes": themes}

        def read_themes():
            if cache["themes"] is None:
                from .selectors import plan_themes

                cache["themes"] = [] if organisation is None else plan_themes(organisation=organisation)
            return cache["themes"]

        self.themes = read_themes
        self.filters["plan"].extra["choices"] = lambda: plan_choices(read_themes())
        self.filters["theme"].extra["choices"] = lambda: theme_choices(read_themes())
        owners = Owner.objects.none() if organisation is None else Owner.objects.filter(organisation=organisation)
        self.filters["owner"].queryset = owners.order_by("initials")

    def filter_plan(self, queryset, name, value):
        return queryset.filter(action__theme__plan__slug=value) if value else queryset

    def filter_theme(self, queryset, name, value):
        return queryset.filter(action__theme_id=value) if value else queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(action__text__icontains=value) | Q(checklist__text__icontains=value) | Q(local_who__icontains=value)
        ).distinct()

    def filter_audience(self, queryset, name, value):
        if value == "employer":
            return queryset.filter(action__audience__in=[Audience.EMPLOYER, Audience.EMPLOYER_SYSTEM])
        if value == "system":
            return queryset.filter(action__audience__in=[Audience.SYSTEM, Audience.EMPLOYER_SYSTEM])
        if value == "national":
            return queryset.filter(action__audience=Audience.NATIONAL)
        return queryset

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(is_overdue=True)
        return queryset


def plan_choices(themes) -> list[tuple[str, str]]:
    """(slug, name) of each plan of ``themes``, in their order."""
    return list({theme.plan.slug: theme.plan.name for theme in themes}.items())


def theme_choices(themes) -> list[tuple[str, list]]:
    """Themes grouped by plan (one option group per plan, labelled with its short name)."""
    groups: dict[str, list] = {}
    for theme in themes:
        groups.setdefault(theme.plan.label, []).append((str(theme.pk), theme.name))
    return list(groups.items())
