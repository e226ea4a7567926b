from django.apps import AppConfig


class PeoplePlanConfig(AppConfig):
    """The composition layer: URLs, roles, demo data and the project-wide commands."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "peopleplan"
    verbose_name = "People Plan Tracker"
