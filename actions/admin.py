"""The Django admin of plans, versions, themes, actions and responses.

Who may change what (point 4 of the hardening issue, held field by field by the permission matrix):
national plans, their themes and their actions change only through a plan-version import by a
national administrator (a superuser). An organisation's plan administrator reads them (the change
form shows every field read-only and a POST is refused) and adds or changes only its own local
actions, whose organisation is always theirs (shown read-only).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from actions.admin_files import GUARDED_FORMATS, SpreadsheetSafeResource, UploadLimitedImportForm
from actions.imports.reading.text import around_difference
from actions.views.plan_import_admin import PlanImportAdminMixin
from owners.access import organisation_for
from owners.admin_scoping import OrganisationScopedAdmin, register_scope

from .models import (
    Action,
    ActionChange,
    AdditionalAction,
    Plan,
    PlanVersion,
    ProgressUpdate,
    Response,
    ResponseOwner,
    Theme,
    visible_q,
)

register_scope("actions.response", "organisation")
register_scope("actions.responseowner", "response__organisation")
register_scope("actions.progressupdate", "response__organisation")
register_scope("actions.additionalaction", "response__organisation")
register_scope("actions.action", visible_q)
register_scope("actions.actionchange", lambda organisation: visible_q(organisation, prefix="action__"))


class PlanResource(SpreadsheetSafeResource):
    class Meta:
        model = Plan
        import_id_fields = ["slug"]
        fields = ["slug", "name", "short_name", "published", "source"]


class ThemeResource(SpreadsheetSafeResource):
    class Meta:
        model = Theme
        fields = ["id", "plan", "number", "name"]


class ActionResource(SpreadsheetSafeResource):
    class Meta:
        model = Action
        fields = ["id", "theme", "ref", "text", "who", "audience", "timeline", "start_date", "due_date"]


class NationalOnlyForSuperusers:
    """National rows (every plan and theme; an action with no organisation) are read-only for
    anyone but a superuser: the change form shows them read-only, a POST is refused. With
    ``adds_local`` an organisation's admin adds (and changes) rows of its own."""

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
class PlanAdmin(NationalOnlyForSuperusers, ImportExportModelAdmin):
    resource_classes = [PlanResource]
    formats = GUARDED_FORMATS
    import_form_class = UploadLimitedImportForm
    list_display = ["name", "slug", "published"]
    search_fields = ["name", "slug"]

    def has_import_permission(self, request):
        return request.user.is_superuser


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
        # A version is recorded by the plan-version import, the national administrator's.
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
        return obj.organisation_id is None

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["organisation", "added_in", "withdrawn_in"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            organisation = organisation_for(request.user)
            if organisation is None or (change and obj.organisation_id != organisation.pk):
                raise PermissionDenied("Only your organisation's own local actions can be changed here.")
            obj.organisation = organisation
        super().save_model(request, obj, form, change)


class ResponseOwnerInline(OrganisationScopedAdmin, admin.TabularInline):
    model = ResponseOwner
    extra = 0
    autocomplete_fields = ["owner"]


class AdditionalActionInline(OrganisationScopedAdmin, admin.TabularInline):
    model = AdditionalAction
    extra = 0


@admin.register(Response)
class ResponseAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["action", "organisation", "status", "local_due_date", "modified_at"]
    list_filter = ["status", "organisation", "action__theme__plan", "action__theme"]
    search_fields = ["action__text", "local_who"]
    list_select_related = ["action", "action__theme", "organisation"]
    inlines = [ResponseOwnerInline, AdditionalActionInline]
    readonly_fields = ["revision", "modified_by"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["date", "response", "status", "author"]
    list_filter = ["status", "date"]
    search_fields = ["note"]
    list_select_related = ["response__action__theme", "response__organisation", "author"]
    date_hierarchy = "date"


@admin.register(AdditionalAction)
class AdditionalActionAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["text", "response", "done", "order"]
    list_filter = ["done"]
    search_fields = ["text"]
    list_select_related = ["response__action__theme", "response__organisation"]
