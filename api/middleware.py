"""Take the API key out of the query string before anything can log it.

Power BI's *Web API* credential sends the key as ``?api_key=…``. This middleware (first in
``MIDDLEWARE``) moves its value onto the request (``api.keys.REQUEST_ATTRIBUTE``, where the API's
authentication reads it) and rewrites the query string and the raw request URI without it. The
WSGI environ is the same dict as ``request.META``, so the app server's access log (gunicorn's
``%(r)s``/``%(q)s``), Django's request logging, error reports and the ``next`` links of a page
never see it. (The development server logs its raw request line: ``api.logging`` redacts that.)
"""

from urllib.parse import parse_qsl, urlencode

from .keys import QUERY_PARAMETER, REQUEST_ATTRIBUTE

REDACTED = "[redacted]"


def without_parameter(query_string: str, name: str) -> tuple[str, str | None]:
    """``query_string`` without ``name`` (every occurrence), and the last value it had."""
    kept, value = [], None
    for key, item in parse_qsl(query_string, keep_blank_values=True):
        if key == name:
            value = item
        else:
            kept.append((key, item))
    return urlencode(kept), value


class ApiKeyQueryParameterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if QUERY_PARAMETER in query:
            remaining, value = without_parameter(query, QUERY_PARAMETER)
            if value is not None:
                setattr(request, REQUEST_ATTRIBUTE, value)
                request.META["QUERY_STRING"] = remaining
                for raw in ("RAW_URI", "REQUEST_URI"):  # gunicorn, uWSGI
                    if raw in request.META:
                        path = request.META[raw].partition("?")[0]
                        request.META[raw] = f"{path}?{remaining}" if remaining else path
                if "GET" in request.__dict__:  # built already: build it again from the new query string
                    del request.GET
        return self.get_response(request)
