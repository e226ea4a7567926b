from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.report_list_view, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/refresh/", views.report_refresh, name="report_refresh"),
    path("reports/<int:pk>/issue/", views.report_issue, name="report_issue"),
    path("reports/<int:pk>/workbook/", views.report_workbook, name="report_workbook"),
    path("reports/<int:pk>/paper/", views.report_paper, name="report_paper"),
    path("actions/export/", views.action_list_export, name="action_list_export"),
    # An organisation below the user's own (a system's member trust), read only.
    path(
        "organisations/<str:ods>/actions/export/",
        views.organisation_action_list_export,
        name="organisation_action_list_export",
    ),
    path("organisations/<str:ods>/reports/", views.organisation_report_list, name="organisation_report_list"),
]
