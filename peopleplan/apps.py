from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PeoplePlanConfig(AppConfig):
    """The composition layer: URLs, roles, demo data and the project-wide commands."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "peopleplan"
    verbose_name = "People Plan Tracker"

    def ready(self):
        from .roles import create_missing_roles

        # Roles exist in every database after `migrate`, demo or not (peopleplan.roles).
        post_migrate.connect(create_missing_roles, sender=self, dispatch_uid="peopleplan_create_missing_roles")
