from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Reporting API and keys"

    def ready(self):
        from . import schema  # noqa: F401  (registers the API key's OpenAPI security schemes)
