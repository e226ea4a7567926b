"""Your account: change password, reset a forgotten one by e-mail, sign out everywhere.

Django's own auth views (the one sign-in system; allauth only brings single sign-on), in the NHS.UK style.
Thin: the rules are in ``peopleplan.accounts.services``.
"""

from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST, require_safe

from owners.access import organisation_for

from . import services
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm


@require_safe
def account(request):
    """Your account: who you are, how you sign in, and what you can do about it."""
    return render(
        request,
        "registration/account.html",
        {"organisation": organisation_for(request.user), "has_password": request.user.has_usable_password()},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def get(self, request, *args, **kwargs):
        if not request.user.has_usable_password():
            return render(request, "registration/password_change_unavailable.html")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.has_usable_password():
            return render(request, "registration/password_change_unavailable.html", status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        form.save()
        ended = services.after_password_change(user=form.user, request=self.request)
        self.request.session["password_change_ended"] = ended
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "ended": self.request.session.pop("password_change_ended", None)}


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer ("check your email"): it never says whether an address has an account."""

    form_class = PasswordResetForm
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    success_url = reverse_lazy("password_reset_done")

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            return render(request, "registration/password_sign_in_off.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        client = get_client_ip_address(self.request) or "unknown"
        if services.password_reset_allowed(email=form.cleaned_data["email"], client=client):
            site = urlsplit(settings.SITE_URL)
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                from_email=settings.DEFAULT_FROM_EMAIL,
                subject_template_name=self.subject_template_name,
                email_template_name=self.email_template_name,
                extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
                request=self.request,
            )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sessions_end_for_user(user=form.user)
        axes_reset(username=form.user.get_username())  # a locked-out person who proved their e-mail may sign in
        return response


@require_POST
def sign_out_everywhere(request):
    """End every session of this person on every device, this one too; then the sign-in page says so."""
    services.sign_out_everywhere(user=request.user, request=request)
    logout(request)
    messages.success(request, "You have been signed out on every device. Sign in again to carry on.")
    return redirect(settings.LOGIN_URL)
