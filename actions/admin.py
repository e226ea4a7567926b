from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from import_export import resources
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from actions import services
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
    plan_visible_q,
    visible_q,
)

register_scope("actions.plan", plan_visible_q)
register_scope("actions.planversion", lambda organisation: plan_visible_q(organisation, prefix="plan__"))
register_scope("actions.theme", lambda organisation: plan_visible_q(organisation, prefix="plan__"))
register_scope("actions.response", "organisation")
register_scope("actions.responseowner", "response__organisation")
register_scope("actions.progressupdate", "response__organisation")
register_scope("actions.additionalaction", "response__organisation")
register_scope("actions.action", visible_q)
register_scope("actions.actionchange", lambda organisation: visible_q(organisation, prefix="action__"))


class PlanResource(resources.ModelResource):
    class Meta:
        model = Plan
        import_id_fields = ["slug"]
        fields = ["slug", "name", "short_name", "published", "source", "organisation"]


class ThemeResource(resources.ModelResource):
    class Meta:
        model = Theme
        fields = ["id", "plan", "number", "name"]


class ActionResource(resources.ModelResource):
    class Meta:
        model = Action
        fields = ["id", "theme", "ref", "text", "who", "audience", "timeline", "start_date", "due_date"]


# Plans are exported here but made only by the plan import (Plan versions → Import a plan version):
# a generic import by slug could reach another organisation's local plan.
@admin.register(Plan)
class PlanAdmin(OrganisationScopedAdmin, ExportMixin, admin.ModelAdmin):
    """National plans and the user's organisation's own local plans. Whose a plan is never changes here."""

    resource_classes = [PlanResource]
    list_display = ["name", "slug", "published", "organisation"]
    search_fields = ["name", "slug"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "organisation"]

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.organisation = organisation_for(request.user)  # a plan made here is the user's local plan
        super().save_model(request, obj, form, change)


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
class ThemeAdmin(OrganisationScopedAdmin, ExportMixin, admin.ModelAdmin):
    resource_classes = [ThemeResource]
    list_display = ["number", "name", "plan"]
    list_filter = ["plan"]
    search_fields = ["name"]


@admin.register(Action)
class ActionAdmin(OrganisationScopedAdmin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [ActionResource]
    list_display = ["__str__", "short_text", "who", "audience", "timeline", "start_date", "due_date", "organisation"]
    list_filter = ["theme__plan", "theme", "audience", "timeline_readable", "withdrawn_in"]
    search_fields = ["text", "who", "timeline"]
    list_select_related = ["theme", "organisation"]

    @admin.display(description="Action")
    def short_text(self, obj):
        return obj.text[:80]


class ResponseOwnerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if sum(1 for data in kept if data.get("is_lead")) > 1:
            raise forms.ValidationError("Only one owner may lead an action: untick “Is lead” on all but one.")


class ResponseOwnerInline(OrganisationScopedAdmin, admin.TabularInline):
    model = ResponseOwner
    formset = ResponseOwnerFormSet
    extra = 0
    autocomplete_fields = ["owner"]


class AdditionalActionInline(OrganisationScopedAdmin, admin.TabularInline):
    model = AdditionalAction
    extra = 0


class ResponseAdminForm(forms.ModelForm):
    """The response's revision travels with the form: a save made on an older revision is refused."""

    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Response
        fields = ["organisation", "action", "status", "local_due_date", "local_who"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_revision"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = Response.objects.select_related("modified_by").get(pk=self.instance.pk)
            if data.get("expected_revision") != current.revision:
                raise forms.ValidationError(conflict_message(services.describe_state(current)))
        return data


def conflict_message(changes) -> str:
    now = "; ".join(f"{label}: {value}" for label, value in changes)
    return (
        "Not saved: someone changed this action since you opened it, and saving would undo their change. "
        f"It now reads — {now}. Open it again to see the current version, then make your change."
    )


@admin.register(Response)
class ResponseAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    """Every save goes through ``actions.services`` against the revision the form was opened on, as the
    action page's and the import's saves do: the admin never silently reverts a newer status."""

    form = ResponseAdminForm
    list_display = ["action", "organisation", "status", "local_due_date", "modified_at"]
    list_filter = ["status", "organisation", "action__theme__plan", "action__theme"]
    search_fields = ["action__text", "local_who"]
    list_select_related = ["action", "action__theme", "organisation"]
    inlines = [ResponseOwnerInline, AdditionalActionInline]
    readonly_fields = ["revision", "modified_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "action" and field is not None:
            # Each choice is labelled with its theme: one query for all of them, not one per action.
            field.queryset = field.queryset.select_related("theme")
        return field

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["organisation", "action"] if obj else fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict as conflict:  # lost a race after the form was checked: nothing saved
            messages.error(request, conflict_message(conflict.changes))
            return redirect(request.path)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.modified_by = request.user
            obj._history_user = request.user
            obj.save()
            return
        saved = services.response_update_details(
            response=obj,
            user=request.user,
            status=obj.status,
            local_due_date=obj.local_due_date,
            local_who=obj.local_who,
            expected_revision=form.cleaned_data.get("expected_revision"),
        )
        obj.revision, obj.modified_by = saved.revision, saved.modified_by

    def save_formset(self, request, form, formset, change):
        if formset.model is ResponseOwner:
            formset.save(commit=False)  # only lists what changed (for the admin's log); the service writes
            kept = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            if formset.has_changed():
                services.response_set_owners(
                    response=form.instance,
                    owners=[(data["owner"], bool(data.get("is_lead"))) for data in kept],
                    user=request.user,
                )
            return
        if formset.model is AdditionalAction:
            self._save_checklist(request, form.instance, formset)
            return
        super().save_formset(request, form, formset, change)

    def _save_checklist(self, request, response, formset):
        formset.save(commit=False)
        user = request.user
        for item in formset.deleted_objects:
            services.checklist_item_delete(item=item, user=user)
        for item in formset.new_objects:
            added = services.checklist_item_add(response=response, user=user, text=item.text)
            if item.done:
                services.checklist_item_set_done(item=added, user=user, done=True)
        for item, fields in formset.changed_objects:
            if "text" in fields:
                services.checklist_item_edit(item=item, user=user, text=item.text)
            if "done" in fields:
                services.checklist_item_set_done(item=item, user=user, done=item.done)
            if "order" in fields:
                services.checklist_item_set_order(item=item, user=user, order=item.order)


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
