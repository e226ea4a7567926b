"""The password sign-in form, worded as the NHS.UK service manual asks (no Django phrasing)."""

from django.contrib.auth.forms import AuthenticationForm

from actions.form_wording import WordedForm


class SignInForm(WordedForm, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter your username and password correctly. Both are case sensitive.",
        "inactive": "Your account has been turned off. Ask your organisation's administrator to turn it on.",
    }
