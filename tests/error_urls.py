"""The site's URLs plus one that fails, for the 500 page's tests (``@pytest.mark.urls("tests.error_urls")``)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from peopleplan.urls import handler403, handler404, urlpatterns  # noqa: F401  (the site's own handlers)


@login_not_required
def broken(request):
    raise RuntimeError("A bug in a view")


urlpatterns = [path("broken/", broken), *urlpatterns]
