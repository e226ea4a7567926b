from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Owners' monthly reminders by e-mail and the HR lead's digest (``send_reminders``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = "Owner reminders"

    def ready(self):
        from actions.reminder_selectors import register_windows_provider

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .selectors import windows_for

        # My actions (in the actions app, below this one) lists what the reminder would: it
        # reads each organisation's look-ahead and stale period through this provider.
        register_windows_provider(windows_for)
