from django.urls import path

from . import views

urlpatterns = [
    path("reminders/", views.reminders_page, name="reminders"),
    path("reminders/opt-out/<str:token>/", views.opt_out, name="reminder_opt_out"),
]
