"""Admin pages that span the apps: an organisation added in the admin gets its responses, and a
superuser's *Set up an organisation* page (the same service as ``manage.py setup_organisation``).

Single sign-on is configured from the environment (``peopleplan.settings``), never in the admin:
allauth's own admin pages (providers, tokens, email addresses, linked accounts) are taken out."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse

from actions.form_wording import WordedForm
from actions.services import organisation_responses_create
from owners.access import organisation_for
from owners.admin import OrganisationAdmin as BaseOrganisationAdmin
from owners.admin import UserAdmin as BaseUserAdmin
from owners.admin_scoping import scope_queryset
from owners.models import Organisation, Owner
from peopleplan.people import person_add, roles_for
from peopleplan.setup import organisation_setup


class SetUpForm(WordedForm, forms.Form):
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


def password_link_available() -> bool:
    """Whether the sign-in pages can send a link to set a password (the accounts pages are installed)."""
    try:
        reverse("password_reset_confirm", kwargs={"uidb64": "x", "token": "x-x"})
    except NoReverseMatch:
        return False
    return True


class AddPersonForm(forms.Form):
    """A new person: their user, role, organisation and owner record, in one step (``person_add``)."""

    username = forms.CharField(
        max_length=150,
        error_messages={"required": "Enter a username"},
        help_text="What they type to sign in, e.g. alice.patel. Letters, digits and @ . + - _ only.",
    )
    full_name = forms.CharField(label="Full name", max_length=300, error_messages={"required": "Enter their full name"})
    email = forms.EmailField(
        label="Email address",
        help_text="Their NHS email address.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
    )
    role = forms.ChoiceField(
        error_messages={"required": "Choose their role"},
        help_text="What they may do. Every role works in its own organisation only.",
    )
    organisation = forms.ModelChoiceField(Organisation.objects.none())
    owner = forms.ModelChoiceField(
        Owner.objects.none(),
        label="Existing owner",
        required=False,
        help_text="If they already lead actions as an owner (by initials), link them: "
        "“My actions” then shows those actions. Owners linked to someone are not listed.",
    )
    owner_initials = forms.CharField(
        label="Or add them as a new owner, with initials",
        max_length=40,
        required=False,
        help_text="As the plan tables write them, e.g. AP. Leave both owner fields empty if they lead no actions.",
    )
    password1 = forms.CharField(
        label="Password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Optional: leave empty when they sign in with single sign-on or set it from the emailed link.",
    )
    password2 = forms.CharField(
        label="Password (again)",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    send_link = forms.BooleanField(
        label="Email them a link to set their password",
        required=False,
        initial=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = organisation_for(user)
        organisations = scope_queryset(Organisation.objects.all(), user)
        self.fields["organisation"].queryset = organisations
        if not user.is_superuser:
            self.fields["organisation"].initial = own
            self.fields["organisation"].disabled = True
            self.fields["organisation"].help_text = "You add people to your own organisation."
        owners = scope_queryset(Owner.objects.select_related("organisation"), user)
        self.fields["owner"].queryset = owners.filter(user__isnull=True, is_group=False).order_by(
            "organisation__name", "initials"
        )
        if user.is_superuser:  # owners of every organisation: say whose
            self.fields["owner"].label_from_instance = lambda owner: f"{owner} — {owner.organisation}"
        self.fields["role"].choices = [("", "Choose a role")] + [
            (r, r) for r in roles_for(None if user.is_superuser else own)
        ]
        if not password_link_available():
            del self.fields["send_link"]

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return data


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
            raise PermissionDenied("Only a national administrator sets up a new organisation.")
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


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users, with *Add a person*: user, role, organisation and owner record in one step."""

    change_list_template = "admin/auth/user/change_list.html"

    def get_urls(self):
        add_person = path("add-person/", self.admin_site.admin_view(self.add_person_view), name="auth_user_add_person")
        return [add_person, *super().get_urls()]

    def can_add_person(self, request) -> bool:
        user = request.user
        return user.is_superuser or (
            organisation_for(user) is not None
            and user.has_perms(["auth.add_user", "owners.add_membership", "owners.add_owner", "owners.change_owner"])
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_add_person": self.can_add_person(request)}
        return super().changelist_view(request, extra_context)

    def add_person_view(self, request):
        if not self.can_add_person(request):
            raise PermissionDenied
        form = AddPersonForm(request.POST if request.method == "POST" else None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            send_link = bool(data.get("send_link")) and not data["password1"]
            try:
                added = person_add(
                    username=data["username"],
                    full_name=data["full_name"],
                    email=data["email"],
                    role=data["role"],
                    organisation=data["organisation"],
                    owner=data["owner"],
                    owner_initials=data["owner_initials"],
                    password=data["password1"],
                    email_link=send_link,
                    by=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, self._added_message(request, added, send_link))
                return redirect(reverse("admin:auth_user_change", args=[added.user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a person",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/auth/user/add_person.html", context, status=400 if form.errors else 200)

    def _added_message(self, request, added, send_link) -> str:
        user = added.user
        name = user.get_full_name() or user.username
        said = f"{name} ({user.username}) joined {added.organisation} as {added.role.name}"
        if added.owner is not None:
            said += f", {'a new owner' if added.owner_created else 'linked to the owner'} {added.owner}"
        said += "."
        if send_link:
            reset = PasswordResetForm({"email": user.email})
            if reset.is_valid():
                reset.save(request=request, use_https=request.is_secure())
                said += f" A link to set their password was emailed to {user.email}."
        elif not user.has_usable_password():
            said += " They sign in with single sign-on, or set a password for them below."
        return said
