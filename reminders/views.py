"""The Reminders page (history of runs and today's preview) and the owner's opt-out page.

The Reminders page is for the organisation's HR leads (``reminders.view_reminderrun``). The
opt-out page is the one page anyone may open without signing in: the signed token in its URL
is the permission, and it acts only on a POST (mail scanners fetch links; a GET changes nothing).
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from owners.access import require_organisation

from . import selectors, services
from .selectors import OptOut, State

OPT_OUT_STATUS = {OptOut.READY: 200, OptOut.DONE: 200, OptOut.USED: 410, OptOut.EXPIRED: 410, OptOut.INVALID: 400}


@require_safe
def reminders_page(request):
    organisation = require_organisation(request.user)
    if not request.user.has_perm("reminders.view_reminderrun"):
        raise PermissionDenied("Only the organisation's HR leads see its reminders.")
    today = timezone.localdate()
    plan = selectors.reminder_plan(organisation=organisation, on=today)
    return render(
        request,
        "reminders/reminders.html",
        {
            "plan": plan,
            "to_send": plan.having(State.SEND),
            "no_address": plan.having(State.NO_ADDRESS),
            "opted_out": plan.having(State.OPTED_OUT),
            "already": plan.having(State.ALREADY),
            "today_is_reminder_day": selectors.reminder_day_in(plan.settings, today) == today,
            "next_day": selectors.next_reminder_day(plan.settings, today),
            "runs": selectors.run_history(organisation=organisation),
        },
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token):
    if request.method == "POST":
        state, owner = services.reminder_opt_out(token=token)
    else:
        state, reminder = selectors.opt_out_check(token=token)
        owner = reminder.owner if reminder else None
    return render(
        request,
        "reminders/opt_out.html",
        {"state": state, "owner": owner, "token": token},
        status=OPT_OUT_STATUS[state],
    )
