"""Deployment checks (``manage.py check --deploy``): reminders need a real mail server and site address."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

NOT_SENDING = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.compatibility, deploy=True)
def check_email(app_configs=None, **kwargs):
    problems = []
    if settings.EMAIL_BACKEND in NOT_SENDING:
        problems.append(
            Warning(
                "EMAIL_URL does not name a mail server: owners' reminders would not be sent.",
                hint="Set EMAIL_URL=smtp+tls://user:password@host:587 (see sample.env).",
                id="reminders.W001",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        problems.append(
            Warning(
                "SITE_URL is not an https:// address: the links in reminders would not reach the site.",
                hint="Set SITE_URL to the address people open, e.g. https://tracker.example.nhs.uk.",
                id="reminders.W002",
            )
        )
    return problems
