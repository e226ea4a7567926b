from django.urls import path

from . import views, views_response

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/mine/", views.my_actions, name="my_actions"),
    path("actions/<int:pk>/", views_response.response_detail, name="response_detail"),
    path("actions/<int:pk>/update/", views_response.response_record_update, name="response_record_update"),
    path("actions/<int:pk>/due-date/", views_response.response_set_due_date, name="response_set_due_date"),
    path("actions/<int:pk>/checklist/add/", views_response.checklist_add, name="checklist_add"),
    path("actions/<int:pk>/checklist/<int:item_pk>/done/", views_response.checklist_set_done, name="checklist_set_done"),
    path("actions/<int:pk>/checklist/<int:item_pk>/move/", views_response.checklist_move, name="checklist_move"),
    path("actions/<int:pk>/checklist/<int:item_pk>/edit/", views_response.checklist_edit, name="checklist_edit"),
]
