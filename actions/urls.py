"""The HR lead's pages: dashboard, action list, the action page and its edits, owners, offline updates."""

from django.urls import path

from actions.views import action_page, imports, owners, pages

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("actions/", pages.action_list, name="action_list"),
    path("actions/mine/", pages.my_actions, name="my_actions"),
    path("actions/<int:pk>/", action_page.response_detail, name="response_detail"),
    path("actions/<int:pk>/update/", action_page.response_record_update, name="response_record_update"),
    path("actions/<int:pk>/due-date/", action_page.response_set_due_date, name="response_set_due_date"),
    path("actions/<int:pk>/checklist/add/", action_page.checklist_add, name="checklist_add"),
    path("actions/<int:pk>/checklist/<int:item_pk>/done/", action_page.checklist_set_done, name="checklist_set_done"),
    path("actions/<int:pk>/checklist/<int:item_pk>/move/", action_page.checklist_move, name="checklist_move"),
    path("actions/<int:pk>/checklist/<int:item_pk>/edit/", action_page.checklist_edit, name="checklist_edit"),
    path("owners/", owners.owner_list, name="owner_list"),
    # An organisation below the user's own (a system's member trust), read only.
    path("organisations/<str:ods>/", pages.organisation_dashboard, name="organisation_dashboard"),
    path("organisations/<str:ods>/actions/", pages.organisation_action_list, name="organisation_action_list"),
    path("imports/responses/", imports.responses_upload, name="import_responses"),
    path("imports/responses/<str:token>/", imports.responses_preview, name="import_responses_preview"),
]
