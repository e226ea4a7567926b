"""The password forms, worded as the NHS.UK service manual words errors."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model

NEW_PASSWORD_MESSAGES = {"password_mismatch": "The passwords do not match. Enter the same new password twice."}


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form; people who sign in only with single sign-on are told so by e-mail instead."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address", "invalid": "Enter an email address like name@nhs.net"},
    )

    def sso_only_users(self, email):
        model = get_user_model()
        email_field = model.get_email_field_name()
        return [
            user
            for user in model._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
            if not user.has_usable_password() and getattr(user, email_field, "").lower() == email.lower()
        ]

    def save(self, *, extra_email_context=None, from_email=None, **kwargs):
        super().save(extra_email_context=extra_email_context, from_email=from_email, **kwargs)
        email = self.cleaned_data["email"]
        for user in self.sso_only_users(email):
            context = {"user": user, **(extra_email_context or {})}
            self.send_mail(
                "registration/password_reset_subject.txt",
                "registration/password_reset_sso_email.txt",
                context,
                from_email,
                getattr(user, get_user_model().get_email_field_name()),
            )


class SetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = NEW_PASSWORD_MESSAGES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].error_messages["required"] = "Enter your new password again"


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    error_messages = {
        **NEW_PASSWORD_MESSAGES,
        "password_incorrect": "Your current password is not right. Enter it again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
