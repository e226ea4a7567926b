"""The Django admin of responses, their owners, checklists and progress updates.

Every save of a response goes through ``actions.services`` against the revision the form was opened
on, as the action page's and the import's saves do: the admin never silently reverts a newer status.
"""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from actions import services
from actions.models import AdditionalAction, ProgressUpdate, Response, ResponseOwner
from owners.admin_scoping import OrganisationScopedAdmin


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
