from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .access import organisation_for
from .admin_scoping import OrganisationScopedAdmin
from .authorship import describe
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
    """Moving a user to another organisation unlinks them from the owners they leave (owners.services)."""

    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        obj.pk = services.membership_set(user=obj.user, organisation=obj.organisation, by=request.user).pk

    def delete_model(self, request, obj):
        services.membership_end(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.membership_end(membership=membership, by=request.user)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(OrganisationScopedAdmin, DjangoUserAdmin):
    """Users of the administrator's own organisation. Only a superuser grants superuser or
    staff status or individual permissions; a user a plan admin adds joins their organisation."""

    ESCALATING_FIELDS = ("is_superuser", "is_staff", "user_permissions")
    actions = ["deactivate_users"]
    delete_confirmation_template = "admin/auth/user/delete_confirmation.html"

    def get_deleted_objects(self, objs, request):
        """People who wrote anything are deactivated, not deleted: deleting them would blank their name
        on what they wrote. They are listed as protected, which refuses the deletion."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for user in objs:
            written = describe(user)
            if written:
                protected.append(f"{user.get_full_name() or user.username} wrote: {written}")
        return deleted, model_count, perms_needed, protected

    @admin.action(permissions=["change"], description="Deactivate selected users (their name stays on what they wrote)")
    def deactivate_users(self, request, queryset):
        count = queryset.filter(is_active=True).update(is_active=False)
        messages.success(
            request,
            f"{count} user(s) deactivated: they can no longer sign in; what they wrote keeps their name.",
        )

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
            if organisation is not None and not Membership.objects.filter(user=obj).exists():
                services.membership_set(user=obj, organisation=organisation, by=request.user)
