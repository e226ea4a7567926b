"""The Django admin of plans, versions, themes and actions.

Who may change what (held field by field by the permission matrix): national plans, their themes and
their actions change only through a plan-version import by a national administrator (a superuser).
An organisation's plan administrator reads them (the change form shows every field read-only and a
POST is refused) and adds or changes only its own local plans and actions, whose organisation is
always theirs (shown read-only).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from actions.admin_files import GUARDED_FORMATS, SpreadsheetSafeResource, UploadLimitedImportForm
from actions.imports.reading.text import around_difference
from actions.models import Action, ActionChange, Plan, PlanVersion, Theme
from actions.views.plan_import_admin import PlanImportAdminMixin
from owners.access import organisation_for
from owners.admin_scoping import OrganisationScopedAdmin


class PlanResource(SpreadsheetSafeResource):
    class Meta:
        model = Plan
        import_id_fields = ["slug"]
        fields = ["slug", "name", "short_name", "published", "source", "organisation"]


class ThemeResource(SpreadsheetSafeResource):
    class Meta:
        model = Theme
        fields = ["id", "plan", "number", "name"]


class ActionResource(SpreadsheetSafeResource):
    class Meta:
        model = Action
        fields = ["id", "theme", "ref", "text", "who", "audience", "timeline", "start_date", "due_date"]


class NationalOnlyForSuperusers:
    """National rows are read-only for anyone but a superuser: the change form shows them read-only, a
    POST is refused. With ``adds_local`` an organisation's admin adds (and changes) rows of its own."""

    adds_local = False

    def is_national(self, obj) -> bool:
        return True

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and (request.user.is_superuser or self.adds_local)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or request.user.is_superuser:
            return allowed
        return self.adds_local if obj is None else not self.is_national(obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or request.user.is_superuser:
            return allowed
        return obj is not None and not self.is_national(obj)


@admin.register(Plan)
class PlanAdmin(NationalOnlyForSuperusers, OrganisationScopedAdmin, ImportExportModelAdmin):
    """National plans and the user's organisation's own local plans. Whose a plan is never changes here;
    only a superuser imports plans here (a generic import by slug could reach another's local plan)."""

    resource_classes = [PlanResource]
    formats = GUARDED_FORMATS
    import_form_class = UploadLimitedImportForm
    # Plans (national or local) are made by the plan import (Plan versions → Import a plan version),
    # which records their first version; an organisation's admin changes its own local plans here.
    list_display = ["name", "slug", "published", "organisation"]
    search_fields = ["name", "slug"]

    def is_national(self, obj) -> bool:
        return obj.organisation_id is None

    def has_import_permission(self, request):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "organisation"]


@admin.register(PlanVersion)
class PlanVersionAdmin(OrganisationScopedAdmin, PlanImportAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "label",
        "plan",
        "imported_at",
        "imported_by",
        "added",
        "changed",
        "withdrawn",
        "unchanged",
        "change_list_link",
    ]
    list_filter = ["plan"]
    search_fields = ["label", "file_name"]
    readonly_fields = ["change_list_link"]
    change_list_template = "admin/actions/planversion/change_list.html"

    def has_add_permission(self, request):
        # A version is recorded by the plan-version import, never by hand.
        return super().has_add_permission(request) and request.user.is_superuser

    @admin.display(description="Changes")
    def change_list_link(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        url = reverse("admin:actions_actionchange_changelist") + f"?version__id__exact={obj.pk}"
        return format_html('<a href="{}">What changed in {}</a>', url, obj.label)


@admin.register(ActionChange)
class ActionChangeAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    """What each imported version did, per action and field. Read-only: versions are history."""

    list_display = ["action", "kind", "field", "old_short", "new_short", "version_label"]
    list_filter = ["version__plan", "version", "kind"]
    search_fields = ["action__text", "old", "new"]
    list_select_related = ["action__theme", "version__plan"]

    @admin.display(description="Old")
    def old_short(self, obj):
        return around_difference(obj.old, obj.new, 120)[0] if obj.old else ""

    @admin.display(description="New")
    def new_short(self, obj):
        return around_difference(obj.old, obj.new, 120)[1] if obj.old else obj.new[:120]

    @admin.display(description="Version", ordering="version__imported_at")
    def version_label(self, obj):
        return obj.version.label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Themes and actions are exported here but only ever imported through the plan import
# (Plan versions → Import a plan version), which matches on theme + ref and records each change;
# a generic import by database id would bypass both.
@admin.register(Theme)
class ThemeAdmin(NationalOnlyForSuperusers, OrganisationScopedAdmin, ExportMixin, admin.ModelAdmin):
    resource_classes = [ThemeResource]
    formats = GUARDED_FORMATS
    list_display = ["number", "name", "plan"]
    list_filter = ["plan"]
    search_fields = ["name"]

    def is_national(self, obj) -> bool:
        return obj.plan.organisation_id is None


@admin.register(Action)
class ActionAdmin(NationalOnlyForSuperusers, OrganisationScopedAdmin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [ActionResource]
    formats = GUARDED_FORMATS
    adds_local = True  # an organisation's admin adds and changes its own local actions
    list_display = ["__str__", "short_text", "who", "audience", "timeline", "start_date", "due_date", "organisation"]
    list_filter = ["theme__plan", "theme", "audience", "timeline_readable", "withdrawn_in"]
    search_fields = ["text", "who", "timeline"]
    list_select_related = ["theme", "organisation"]

    @admin.display(description="Action")
    def short_text(self, obj):
        return obj.text[:80]

    def is_national(self, obj) -> bool:
        return obj.organisation_id is None and obj.theme.plan.organisation_id is None

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["organisation", "added_in", "withdrawn_in"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            organisation = organisation_for(request.user)
            if organisation is None or (change and self.is_national(obj)):
                raise PermissionDenied("Only your organisation's own local actions can be changed here.")
            if obj.theme.plan.organisation_id is None:
                obj.organisation = organisation  # a local action of a national plan
        super().save_model(request, obj, form, change)
