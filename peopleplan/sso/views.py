"""The sign-in page (password and single sign-on) and the page for a signed-in person with no access."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from owners.access import organisation_for
from peopleplan.sso.forms import SignInForm


def sso_buttons():
    """One button per configured tenant: (provider id, label)."""
    tenants = getattr(settings, "SSO_TENANTS", [])
    label = settings.SSO_BUTTON_LABEL
    if len(tenants) == 1:
        return [(tenants[0]["id"], label)]
    return [(tenant["id"], f"{label} ({tenant['name']})") for tenant in tenants]


class LoginView(auth_views.LoginView):
    """Django's password sign-in, with a "Sign in with your NHS Microsoft account" button per tenant.

    With ``PASSWORD_SIGN_IN`` off, the password form is not shown and a password POST is refused.
    """

    authentication_form = SignInForm

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            raise PermissionDenied("Password sign-in is turned off: use your organisation's account.")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_buttons"] = sso_buttons()
        context["password_sign_in"] = settings.PASSWORD_SIGN_IN
        return context


@require_safe
def no_access(request):
    """Signed in, but not (yet) a member of any organisation: say so, show no data."""
    if organisation_for(request.user) is not None:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "sso/no_access.html")
