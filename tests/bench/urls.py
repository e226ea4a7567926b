"""The project's URLs plus the bench-only bare view."""

from django.urls import include, path

from .bare import bare_update

urlpatterns = [
    path("bench/bare/", bare_update, name="bench_bare"),
    path("", include("peopleplan.urls")),
]
