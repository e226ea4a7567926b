"""The owners page: each local owner with their actions and how many are overdue."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from actions import selectors
from owners.access import require_organisation


@require_safe
def owner_list(request):
    organisation = require_organisation(request.user)
    return render(
        request,
        "owners/owner_list.html",
        {"owners": list(selectors.owner_summaries(organisation=organisation)), "today": selectors.today()},
    )
