"""The product's URLs plus Django's password reset pages, for tests of features that email a link to set
a password when the accounts pages are installed (issue 19: another point adds them to the product)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from peopleplan.urls import urlpatterns as product

urlpatterns = [
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    *product,
]
