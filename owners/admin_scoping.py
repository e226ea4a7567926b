"""Scope the Django admin to the signed-in user's organisation.

A plan administrator is staff, but belongs to one organisation: the admin lists, change
pages, history pages and foreign-key choices show them that organisation's rows only (a row
of another organisation is "not found"). The national plan (Plan, PlanVersion, Theme, and
Actions whose ``organisation`` is empty) stays visible; an Action local to another
organisation does not. Superusers see everything.
"""

from django.db.models import Q
from django.http import Http404

from .access import organisation_for

# Model label → how its rows reach their organisation. A string is a lookup path to the
# organisation; a callable takes the organisation and returns a Q. Models not listed are
# not organisation data (national plan, roles) and are not filtered.
SCOPES = {
    "owners.organisation": "pk",
    "owners.owner": "organisation",
    "owners.membership": "organisation",
    "auth.user": "membership__organisation",
    "actions.response": "organisation",
    "actions.responseowner": "response__organisation",
    "actions.progressupdate": "response__organisation",
    "actions.additionalaction": "response__organisation",
    "actions.action": lambda org: Q(organisation__isnull=True) | Q(organisation=org),
    "actions.actionchange": lambda org: Q(action__organisation__isnull=True) | Q(action__organisation=org),
    "reports.boardreport": "organisation",
    "reports.boardreportline": "report__organisation",
    "reminders.remindersettings": "organisation",
    "reminders.reminderoptout": "owner__organisation",
}


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
        # A filter by organisation would list every organisation's name: drop it when scoped.
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [f for f in filters if not (isinstance(f, str) and f.split("__")[-1] == "organisation")]

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
