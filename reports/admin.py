from django import forms
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from simple_history.admin import SimpleHistoryAdmin

from owners.admin_scoping import OrganisationScopedAdmin, register_scope

from .models import BafRisk, BoardReport, BoardReportLine, PaperTemplate, StrategicObjective
from .paper_templates import MAX_UPLOAD, check_template

register_scope("reports.boardreport", "organisation")
register_scope("reports.boardreportline", "report__organisation")
register_scope("reports.strategicobjective", "organisation")
register_scope("reports.bafrisk", "organisation")
register_scope("reports.papertemplate", "organisation")


class BoardReportLineInline(admin.TabularInline):
    model = BoardReportLine
    fields = ["plan_name", "theme_name", "ref", "status", "overdue", "owners", "latest_update_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BoardReport)
class BoardReportAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    """Read-mostly: reports are made and issued in the app; an issued report is never edited or deleted."""

    list_display = ["title", "organisation", "meeting_date", "as_at", "issued_at"]
    list_filter = ["organisation", "assurance_level"]
    search_fields = ["title"]
    readonly_fields = [
        "organisation",
        "plans",
        "objectives",
        "baf_risks",
        "created_by",
        "created_at",
        "snapshot_at",
        "issued_at",
        "issued_by",
    ]
    inlines = [BoardReportLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_issued)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_issued)


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    """The organisation's strategic objectives, offered on every new report's front sheet."""

    list_display = ["name", "organisation", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["organisation", "active"]


@admin.register(BafRisk)
class BafRiskAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    """Board Assurance Framework risks a report's front sheet may link to."""

    list_display = ["title", "reference", "organisation", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["organisation", "active"]


class PaperTemplateForm(forms.ModelForm):
    upload = forms.FileField(
        label="Word template (.docx)",
        help_text="The trust's board paper template: its styles and first-page header (logo) are used; "
        f"its text is not. At most {MAX_UPLOAD // (1024 * 1024)} MB, no macros.",
    )

    class Meta:
        model = PaperTemplate
        fields = ["organisation"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError("Upload a Word document ending in .docx.")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(f"The template is larger than {MAX_UPLOAD // (1024 * 1024)} MB.")
        content = upload.read()
        check_template(content)
        return upload.name[-200:], content


@admin.register(PaperTemplate)
class PaperTemplateAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    """Upload the organisation's Word template for board papers (kept in the database)."""

    form = PaperTemplateForm
    list_display = ["organisation", "filename", "size", "uploaded_at", "uploaded_by"]
    readonly_fields = ["filename", "size", "uploaded_at", "uploaded_by"]

    @admin.display(description="size")
    def size(self, obj):
        return filesizeformat(len(obj.content)) if obj and obj.content else "—"

    def save_model(self, request, obj, form, change):
        obj.filename, obj.content = form.cleaned_data["upload"]
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
