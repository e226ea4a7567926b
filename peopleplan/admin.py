"""Admin pages that span the apps: an organisation added in the admin gets its responses, and a
superuser's *Set up an organisation* page (the same service as ``manage.py setup_organisation``).

Single sign-on is configured from the environment (``peopleplan.settings``), never in the admin:
allauth's own admin pages (providers, tokens, email addresses, linked accounts) are taken out."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from actions.services import organisation_responses_create
from owners.admin import OrganisationAdmin as BaseOrganisationAdmin
from owners.models import Organisation
from peopleplan.setup import organisation_setup


class SetUpForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="Its full name, e.g. Cambridge University Hospitals NHS FT.")
    ods_code = forms.CharField(label="ODS code", max_length=10)
    kind = forms.ChoiceField(choices=Organisation.Kind.choices, initial=Organisation.Kind.TRUST)
    parent = forms.ModelChoiceField(Organisation.objects.exclude(kind=Organisation.Kind.TRUST), required=False)
    admin_username = forms.CharField(label="First administrator's username", max_length=150)
    admin_first_name = forms.CharField(label="First name", max_length=150, required=False)
    admin_last_name = forms.CharField(label="Last name", max_length=150, required=False)
    admin_email = forms.EmailField(label="Email")
    admin_password = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    admin_password2 = forms.CharField(label="Password (again)", widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("admin_password") != data.get("admin_password2"):
            self.add_error("admin_password2", "The two passwords differ.")
        return data


admin.site.site_header = "People Plan Tracker administration"
admin.site.site_title = "People Plan Tracker administration"
admin.site.index_title = "People Plan Tracker administration"

for model in (EmailAddress, SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

admin.site.unregister(Organisation)


@admin.register(Organisation)
class OrganisationAdmin(BaseOrganisationAdmin):
    change_list_template = "admin/owners/organisation/change_list.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            created = organisation_responses_create(organisation=obj, user=request.user)
            messages.info(request, f"{obj} responds to every plan: {created} response(s) created.")

    def get_urls(self):
        setup = path("setup/", self.admin_site.admin_view(self.setup_view), name="owners_organisation_setup")
        return [setup, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "can_set_up": request.user.is_superuser})

    def setup_view(self, request):
        """A new organisation, its responses and its first administrator (superusers only)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        form = SetUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "admin_password2"}
            try:
                done = organisation_setup(**data, user=request.user)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    f"{done.organisation} is set up with {done.responses} responses; "
                    f"{done.administrator.username} can now sign in.",
                )
                return redirect(reverse("admin:owners_organisation_change", args=[done.organisation.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Set up an organisation",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/owners/organisation/setup.html", context)
