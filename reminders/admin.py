"""Reminder settings and opt-outs in the admin, scoped to the administrator's organisation."""

from django.contrib import admin

from owners.admin_scoping import OrganisationScopedAdmin, register_scope

from .models import ReminderOptOut, ReminderSettings

register_scope("reminders.remindersettings", "organisation")
register_scope("reminders.reminderoptout", "owner__organisation")


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    list_display = ["organisation", "schedule", "day_of_month", "look_ahead_days", "stale_days"]
    list_select_related = ["organisation"]


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    """An owner who asked for no reminders. Delete the row to turn their reminders back on."""

    list_display = ["owner", "created_at", "by_link"]
    list_select_related = ["owner", "owner__organisation"]
    readonly_fields = ["created_at", "by_link"]
