"""The roll-up pages of a system or a region (by its ODS code) and their export."""

from django.urls import path

from . import views

urlpatterns = [
    path("rollups/<str:ods>/", views.side_by_side, name="rollup_trusts"),
    path("rollups/<str:ods>/action/", views.action_across, name="rollup_action"),
    path("rollups/<str:ods>/exceptions/", views.exceptions, name="rollup_exceptions"),
    path("rollups/<str:ods>/export/", views.export, name="rollup_export"),
]
