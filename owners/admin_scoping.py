"""Scope the Django admin to the signed-in user's organisation.

A plan administrator is staff, but belongs to one organisation: the admin lists, change
pages, history pages and foreign-key choices show them that organisation's rows only (a row
of another organisation is "not found"). National plans (their Plan, PlanVersion, Theme rows, and
Actions whose ``organisation`` is empty) stay visible; another organisation's local plan, and an
Action local to another organisation, do not. Superusers see everything.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.http import Http404

from .access import organisation_for

# Model label → how its rows reach their organisation. A string is a lookup path to the
# organisation; a callable takes the organisation and returns a Q. Models not listed are
# not organisation data (national plan, roles) and are not filtered. Each app registers its
# own models (``register_scope`` in its admin module); owners registers these.
SCOPES = {
    "owners.organisation": "pk",
    "owners.owner": "organisation",
    "owners.membership": "organisation",
    "auth.user": "membership__organisation",
}


def register_scope(model_label: str, rule) -> None:
    """Scope ``model_label`` ("app_label.modelname") in the admin by ``rule`` (see ``SCOPES``)."""
    SCOPES[model_label.lower()] = rule


def scope_queryset(queryset, user):
    """``queryset`` limited to what ``user`` may see in the admin (unchanged for superusers)."""
    if user.is_superuser:
        return queryset
    rule = SCOPES.get(queryset.model._meta.label_lower)
    if rule is None:
        return queryset
    organisation = organisation_for(user)
    if organisation is None:
        return queryset.none()
    if callable(rule):
        return queryset.filter(rule(organisation))
    if rule == "pk":
        return queryset.filter(pk=organisation.pk)
    queryset = queryset.filter(**{rule: organisation})
    if queryset.model._meta.label_lower == "auth.user":
        # Nobody but a superuser manages a superuser (their password included).
        queryset = queryset.filter(is_superuser=False)
    return queryset


class OrganisationScopedAdmin:
    """Mixin for a ModelAdmin (or inline): rows, history and FK/M2M choices of the user's organisation."""

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        # A filter by organisation would list every organisation's name: drop it when scoped. A filter
        # by another relation (plan, theme, version) would list every row of that model, another
        # organisation's local plans included: offer only the values of the rows in scope.
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        scoped = []
        for item in filters:
            if isinstance(item, str):
                if item.split("__")[-1] == "organisation":
                    continue
                if get_fields_from_path(self.model, item)[-1].is_relation:
                    item = (item, admin.RelatedOnlyFieldListFilter)
            scoped.append(item)
        return scoped

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scope_queryset(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scope_queryset(field.queryset, request.user)
        return field

    def _require_in_scope(self, request, object_id):
        # simple_history's history pages fall back to the historical rows (or read them
        # directly) when the live row is not in get_queryset: refuse those outside the scope.
        if request.user.is_superuser:
            return
        from django.contrib.admin.utils import unquote

        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("No such object in your organisation.")

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)
