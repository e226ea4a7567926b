from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from owners.admin_scoping import OrganisationScopedAdmin, register_scope

from .models import BoardReport, BoardReportLine

register_scope("reports.boardreport", "organisation")
register_scope("reports.boardreportline", "report__organisation")


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
    readonly_fields = ["organisation", "plans", "created_by", "created_at", "snapshot_at", "issued_at", "issued_by"]
    inlines = [BoardReportLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_issued)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_issued)
