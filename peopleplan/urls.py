"""The project's URLs: sign-in (password and single sign-on), the admin, each app's pages, the API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.urls import page_urlpatterns as api_key_pages
from peopleplan.sso import microsoft as sso_microsoft
from peopleplan.sso import views as sso_views

urlpatterns = [
    path("accounts/login/", sso_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/no-access/", sso_views.no_access, name="no_access"),
    # Your account: change or reset a password (Django's auth views), sign out everywhere.
    path("", include("peopleplan.accounts.urls")),
    # Single sign-on: only allauth's Microsoft provider views, one pair per tenant
    # (accounts/microsoft/<NAME>/login/ and …/login/callback/); none of allauth's sign-up, password or email pages.
    path("accounts/", include(sso_microsoft.urlpatterns)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include(api_key_pages)),
    path("", include("actions.urls")),
    path("", include("reports.urls")),
    path("", include("reminders.urls")),
    path("", include("rollups.urls")),
]

# Error pages in the product's style (peopleplan.errors; 400 and 500 are Django's handlers with our templates).
handler403 = "peopleplan.errors.permission_denied"
handler404 = "peopleplan.errors.page_not_found"
