"""Error pages in the product's style, all in one place.

- 403, 404: ``handler403`` / ``handler404`` (peopleplan.urls) render ``403.html`` / ``404.html`` in the
  site's layout, with the reason in words and a way back.
- 400, 500: Django's own handlers render ``400.html`` / ``500.html``. Those templates extend
  ``errors/standalone.html``, which needs no request, no signed-in user and no database: a 500 is
  often the database being down.
- CSRF failure: ``CSRF_FAILURE_VIEW`` is :func:`csrf_failure` (``403_csrf.html``).
- 405: :class:`MethodNotAllowedMiddleware`. A GET on an address that only takes a form's POST (a
  reloaded or bookmarked form address, Back after submitting) is sent to the page the form is on
  (``GET_GOES_TO``); any other 405 gets the styled ``405.html`` instead of an empty body, which
  browsers show as their own error page. The API's 405s (JSON, from Django REST framework) are left
  as they are.
"""

from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme


def _detail(anchor):
    return lambda kwargs: reverse("response_detail", args=[kwargs["pk"]]) + anchor


def _item(kwargs):
    return reverse("response_detail", args=[kwargs["pk"]]) + f"#item-{kwargs['item_pk']}"


# Where a GET on a POST-only address goes, by URL name: the page that holds the form.
GET_GOES_TO = {
    "response_record_update": _detail("#record-update"),
    "response_set_due_date": _detail("#status"),
    "checklist_add": _detail("#checklist"),
    "checklist_set_done": _item,
    "checklist_move": _item,
    "report_refresh": lambda kwargs: reverse("report_detail", args=[kwargs["pk"]]),
    "logout": lambda kwargs: reverse("dashboard"),
    "admin:logout": lambda kwargs: reverse("admin:index"),
}


def _get_goes_to(match):
    """The page a GET on this POST-only address should open instead, or None."""
    if match is None:
        return None
    view_name = match.view_name
    if view_name in GET_GOES_TO:
        return GET_GOES_TO[view_name](match.kwargs)
    # django-import-export: the confirm step of an admin import is a POST; a GET goes to the import form.
    if view_name.startswith("admin:") and view_name.endswith("_process_import"):
        try:
            return reverse(view_name.removesuffix("_process_import") + "_import")
        except NoReverseMatch:
            return None
    return None


def back_url(request):
    """The page the person came from (the Referer, when it is this site's), else None."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        if referer.split("#")[0] != request.build_absolute_uri().split("#")[0]:
            return referer
    return None


def _page(request, template, status, **context):
    return render(request, template, {"back_url": back_url(request), **context}, status=status)


def page_not_found(request, exception=None):
    """404: our own Http404 messages are written for people ("No such action."); Django's (the URL
    resolver's, get_object_or_404's) are not, and are not shown."""
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
        if "the given query" in message or "matching the query" in message:
            message = ""  # get_object_or_404's and the generic views' wording, with model names
    return _page(request, "404.html", 404, message=message)


def permission_denied(request, exception=None):
    """403: the reason the view gave (``PermissionDenied("…")``), else a general one."""
    message = str(exception) if exception is not None and str(exception) else ""
    return _page(request, "403.html", 403, message=message)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form's security check failed (an old page, a session that ended, cookies
    blocked). Nothing was saved; say so and send the person back to the form."""
    return _page(request, "403_csrf.html", 403, no_cookie=reason == "CSRF cookie not set.")


class MethodNotAllowedMiddleware:
    """405s in words, and GETs on POST-only addresses sent to their page (see the module docstring).

    Sits after the CSP middleware in MIDDLEWARE, so the pages it makes get the same headers as any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.path.startswith("/api/"):
            return response
        if request.method in ("GET", "HEAD"):
            target = _get_goes_to(getattr(request, "resolver_match", None))
            if target:
                return redirect(target)
        if response.content:
            return response
        page = _page(request, "405.html", 405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
