from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation, Owner


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code"]


@admin.register(Owner)
class OwnerAdmin(SimpleHistoryAdmin):
    list_display = ["initials", "name", "role", "organisation", "is_group", "user"]
    list_filter = ["organisation", "is_group"]
    search_fields = ["initials", "name", "email"]
    list_select_related = ["organisation", "user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "organisation"]
