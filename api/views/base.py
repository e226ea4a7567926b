"""What every API view shares: who may call it, whose data it reads, limits, paging, filters."""

from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from ..authentication import ApiKeyAuthentication, ReadOnlyAccess, principal_of
from ..filters import COMMON_PARAMETERS, PAGE_PARAMETERS, StrictFilterBackend, refuse_unknown_parameters
from ..pagination import ApiPagination
from ..scoping import home_organisation, readable_organisations
from ..throttling import PerKeyThrottle, PerUserThrottle


class ScopedMixin:
    """Authenticated by key or session, read-only, rate-limited, scoped to what the caller reads.

    ``self.organisations`` (set before any handler runs) is the caller's scope; a signed-in user who
    belongs to no organisation reads nothing (404, as the pages).
    """

    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    permission_classes = [ReadOnlyAccess]
    throttle_classes = [PerKeyThrottle, PerUserThrottle]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication (401), permission, throttling (429)
        principal = principal_of(request)
        if home_organisation(principal) is None:
            raise NotFound("You are not a member of any organisation.")
        self.organisations = readable_organisations(principal)
        refuse_unknown_parameters(request, self.query_parameters())

    def query_parameters(self) -> set[str]:
        """The query parameters this request may carry (anything else is a 400)."""
        return set(COMMON_PARAMETERS)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Organisation data: never kept by a shared cache or the browser's back button.
        response["Cache-Control"] = "private, no-store"
        return response


class ScopedViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = ApiPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = None
    # Actions answering a page of rows; ``extra_parameters`` are further list parameters (e.g. sort).
    paged_actions = ("list",)
    extra_parameters: tuple[str, ...] = ()

    def query_parameters(self):
        accepted = super().query_parameters()
        if self.action in self.paged_actions:
            accepted |= PAGE_PARAMETERS
        if self.action == "list":
            accepted |= set(self.extra_parameters)
            if self.filterset_class is not None:
                accepted |= set(self.filterset_class.base_filters)
        return accepted


class ScopedAPIView(ScopedMixin, APIView):
    pass
