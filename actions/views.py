from django.shortcuts import render

from owners.access import require_organisation

from .selectors import response_list


def dashboard(request):
    organisation = require_organisation(request.user)
    responses = response_list(organisation=organisation)
    return render(request, "actions/dashboard.html", {"responses": responses})
