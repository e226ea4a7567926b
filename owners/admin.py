from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .access import organisation_for
from .admin_scoping import OrganisationScopedAdmin
from .models import Membership, Organisation, Owner


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "ods_code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code"]

    def get_readonly_fields(self, request, obj=None):
        # Where an organisation sits (its kind and its system or region) decides who else sees its
        # data: only a national administrator (superuser) moves it.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else readonly + ["kind", "parent"]


@admin.register(Owner)
class OwnerAdmin(OrganisationScopedAdmin, SimpleHistoryAdmin):
    list_display = ["initials", "name", "role", "organisation", "is_group", "user"]
    list_filter = ["organisation", "is_group"]
    search_fields = ["initials", "name", "email"]
    list_select_related = ["organisation", "user"]


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "organisation"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(OrganisationScopedAdmin, DjangoUserAdmin):
    """Users of the administrator's own organisation. Only a superuser grants superuser or
    staff status or individual permissions; a user a plan admin adds joins their organisation."""

    ESCALATING_FIELDS = ("is_superuser", "is_staff", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "user_permissions"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "last_login", "date_joined"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Belt and braces: whatever was posted, a non-superuser cannot escalate.
            if change:
                stored = User.objects.get(pk=obj.pk)
                obj.is_superuser, obj.is_staff = stored.is_superuser, stored.is_staff
            else:
                obj.is_superuser = obj.is_staff = False
        super().save_model(request, obj, form, change)
        if not change and not request.user.is_superuser:
            organisation = organisation_for(request.user)
            if organisation is not None:
                Membership.objects.get_or_create(user=obj, defaults={"organisation": organisation})
