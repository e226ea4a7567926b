from django.urls import path

from . import views_import

urlpatterns = [
    path("responses/", views_import.responses_upload, name="import_responses"),
    path("responses/<str:token>/", views_import.responses_preview, name="import_responses_preview"),
]
