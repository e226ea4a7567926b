"""Small project middleware."""


class AdminInlineStylesMiddleware:
    """The Django admin (and django-import-export's admin pages) use a few inline
    styles; allow those there only. Our own pages keep ``style-src 'self'``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response
