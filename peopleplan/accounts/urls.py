"""Your account and the password pages (Django's auth views, at the paths Django gives them)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/", views.account, name="account"),
    path("accounts/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("accounts/password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
