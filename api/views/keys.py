"""The *API keys* page: an organisation's administrator creates, lists and revokes its keys.

Access: ``api.view_organisationapikey`` to see the list, ``add_`` to create, ``change_`` to
revoke (the Plan admin role has all three, ``peopleplan.roles``). Keys belong to the user's
organisation; another organisation's key is a 404. A new key's secret is in the response to the
POST that made it — once; the page is never cached and only a hash is stored.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.forms import style_form
from owners.access import require_organisation

from .. import selectors, services
from ..forms import ApiKeyForm
from ..keys import QUERY_PARAMETER
from ..models import OrganisationAPIKey

VIEW, ADD, CHANGE = "api.view_organisationapikey", "api.add_organisationapikey", "api.change_organisationapikey"


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied("Only your organisation's plan administrators manage its API keys.")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def api_keys(request):
    organisation = require_organisation(request.user)
    _require(request.user, VIEW)
    form = ApiKeyForm(request.POST or None)
    created = secret = None
    if request.method == "POST":
        _require(request.user, ADD)
        if form.is_valid():
            created, secret = services.api_key_create(organisation=organisation, user=request.user, **form.cleaned_data)
            form = ApiKeyForm()
    style_form(form)
    feed = request.build_absolute_uri(reverse("api:feed-csv", kwargs={"ods_code": organisation.ods_code}))
    context = {
        "organisation": organisation,
        "form": form,
        "error_forms": [form] if form.errors else [],
        "keys": selectors.api_keys(organisation=organisation),
        "created": created,
        "secret": secret,
        "can_create": request.user.has_perm(ADD),
        "can_revoke": request.user.has_perm(CHANGE),
        "feed_csv": feed,
        "feed_json": feed.removesuffix(".csv") + ".json",
        "query_parameter": QUERY_PARAMETER,
    }
    return _no_store(render(request, "api/api_keys.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def api_key_revoke(request, prefix):
    organisation = require_organisation(request.user)
    try:
        key = selectors.api_key_get(organisation=organisation, prefix=prefix)
    except OrganisationAPIKey.DoesNotExist:
        raise Http404("No such key.") from None
    _require(request.user, CHANGE)
    if key.revoked:
        messages.info(request, f"“{key.name}” was already revoked.")
        return redirect("api_keys")
    if request.method == "POST":
        try:
            services.api_key_revoke(key=key, user=request.user)
        except services.KeyRevoked:
            pass
        messages.success(request, f"“{key.name}” is revoked: clients using it are refused from now on.")
        return redirect("api_keys")
    return render(request, "api/api_key_revoke.html", {"key": key})
