"""API keys are managed on the API keys page (``api.views.keys``), scoped to the user's
organisation, never in the Django admin. djangorestframework-api-key registers its own unscoped
``APIKey`` model in the admin; that model is not used here, so it is taken out."""

from django.contrib import admin
from rest_framework_api_key.models import APIKey

if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)
