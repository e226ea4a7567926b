"""The action page and its edits: progress updates, local due date, checklist.

Every edit is a plain POST form with CSRF and redirect-after-post, so it all works without
JavaScript. Another organisation's response is a 404 for GET and POST alike; a user of the
same organisation without edit rights gets a 403 on POST. Validation errors re-render the
page with status 200; an edit conflict re-renders it with status 409, keeping what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actions import history, navigation, selectors, services
from actions.access import can_edit_response, read_only_reason, response_to_edit, response_to_read
from actions.forms import ChecklistItemForm, LocalDueDateForm, ProgressUpdateForm, style_form
from actions.models import AdditionalAction
from actions.views.pages import organisation_urls
from owners.access import may_write

CONFLICT_STATUS = 409

# Sections of the action page an edit returns to: the edit's message is shown there, in an NHS.UK
# notification banner just above the section's heading (#banner-<section>, where the redirect goes), so it
# is where the person is, not off screen at the top of the page.
SECTIONS = ("status", "checklist", "progress")


def _say(request, text, section, *, level=messages.SUCCESS):
    """Flash ``text`` in the banner of ``section``; returns the anchor of that banner for the redirect."""
    messages.add_message(request, level, text, extra_tags=f"at-{section}")
    return f"banner-{section}"


def _placed_messages(request):
    """The messages for the page's sections ({section: [message]}) and the rest (shown at the top)."""
    placed, rest = {section: [] for section in SECTIONS}, []
    for message in messages.get_messages(request):
        section = message.extra_tags.removeprefix("at-")
        (placed[section] if section in placed else rest).append(message)
    return placed, rest


def _render_page(
    request, response, *, status=200, update_form=None, due_form=None, item_form=None, conflict=None, conflict_field=""
):
    can_edit = can_edit_response(request.user, response)
    update_form = update_form or ProgressUpdateForm(
        prefix="update", initial={"revision": response.revision, "status": response.status}
    )
    due_form = due_form or LocalDueDateForm(
        prefix="due", initial={"revision": response.revision, "local_due_date": response.local_due_date}
    )
    item_form = item_form or ChecklistItemForm(prefix="item")
    for form in (update_form, due_form, item_form):
        style_form(form)
    error_forms = [f for f in (update_form, due_form, item_form) if f.is_bound and f.errors]
    placed_messages, other_messages = _placed_messages(request)
    return render(
        request,
        "actions/response_detail.html",
        {
            "response": response,
            "action": response.action,
            "owners": response.owner_list,
            "checklist": response.checklist_items,
            "updates": selectors.response_updates(response=response, page=_progress_page(request)),
            "history": history.response_history(response=response),
            "can_edit": can_edit,
            # What a reader who cannot change it may do, in words ("" for an editor).
            "read_only_reason": read_only_reason(request.user, response),
            # Another organisation's response (a system lead reading a member trust's): say whose.
            "elsewhere": None if may_write(request.user, response.organisation) else response.organisation,
            "urls": organisation_urls(request.user, response.organisation),
            # The page the person came from (a safe ``?from=``): the breadcrumb leads back there.
            "came_from": navigation.came_from(request),
            "update_form": update_form,
            "due_form": due_form,
            "item_form": item_form,
            "error_forms": error_forms,
            "conflict": conflict,
            "conflict_field": conflict_field,
            "placed_messages": placed_messages,
            "messages": other_messages,  # base.html shows only these at the top
        },
        status=status,
    )


def _progress_page(request):
    """The page of the progress timeline asked for (``?progress=N``; 1, the newest, otherwise)."""
    value = request.GET.get("progress", "")
    return int(value) if value.isdigit() else 1


@require_safe
def response_detail(request, pk):
    return _render_page(request, response_to_read(request.user, pk))


def _detail_url(response, anchor="", request=None):
    """The action page (keeping a safe ``?from=`` of ``request``, so the way back survives an edit)."""
    came_from = navigation.came_from(request) if request is not None else None
    return (
        reverse("response_detail", args=[response.pk])
        + (f"?{came_from['query']}" if came_from else "")
        + (f"#{anchor}" if anchor else "")
    )


def _conflict_page(request, pk, conflict, form_class, prefix, *, field):
    """The page again (409) with the conflict explained and the user's typed data re-bound to the
    current revision, so a deliberate resubmit can succeed."""
    page = response_to_read(request.user, pk)
    data = request.POST.copy()
    data[f"{prefix}-revision"] = str(page.revision)
    extra = {"current": page.local_due_date} if form_class is LocalDueDateForm else {}
    form = form_class(data, prefix=prefix, **extra)
    form.is_valid()
    form_argument = {"update": "update_form", "due": "due_form"}[prefix]
    return _render_page(
        request,
        page,
        status=CONFLICT_STATUS,
        conflict=conflict,
        conflict_field=f"id_{prefix}-{field}",
        **{form_argument: form},
    )


@require_POST
def response_record_update(request, pk):
    response = response_to_edit(request.user, pk)
    form = ProgressUpdateForm(request.POST, prefix="update")
    if not form.is_valid():
        return _render_page(request, response_to_read(request.user, pk), update_form=form)
    try:
        services.response_record_update(
            response=response,
            user=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            evidence_url=form.cleaned_data["evidence_url"],
            expected_revision=form.cleaned_data["revision"],
        )
    except services.EditConflict as conflict:
        return _conflict_page(request, pk, conflict, ProgressUpdateForm, "update", field="note")
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_page(request, response_to_read(request.user, pk), update_form=form)
    return redirect(
        _detail_url(response, _say(request, "Your progress update has been recorded.", "progress"), request)
    )


@require_POST
def response_set_due_date(request, pk):
    response = response_to_edit(request.user, pk)
    form = LocalDueDateForm(request.POST, prefix="due", current=response.local_due_date)
    if not form.is_valid():
        return _render_page(request, response_to_read(request.user, pk), due_form=form)
    try:
        services.response_update_details(
            response=response,
            user=request.user,
            status=response.status,
            local_due_date=form.cleaned_data["local_due_date"],
            expected_revision=form.cleaned_data["revision"],
        )
    except services.EditConflict as conflict:
        return _conflict_page(request, pk, conflict, LocalDueDateForm, "due", field="local_due_date")
    return redirect(_detail_url(response, _say(request, "The local due date has been saved.", "status"), request))


def _item(response, item_pk):
    return get_object_or_404(AdditionalAction, response=response, pk=item_pk)


@require_POST
def checklist_add(request, pk):
    response = response_to_edit(request.user, pk)
    form = ChecklistItemForm(request.POST, prefix="item")
    if not form.is_valid():
        return _render_page(request, response_to_read(request.user, pk), item_form=form)
    services.checklist_item_add(response=response, user=request.user, text=form.cleaned_data["text"])
    return redirect(_detail_url(response, _say(request, "The additional action has been added.", "checklist"), request))


def _posted_revision(request):
    """The item revision the page was showing (None when the form did not say)."""
    try:
        return int(request.POST["revision"])
    except (KeyError, ValueError):
        return None


def _checklist_conflict(request, response, item):
    anchor = _say(
        request,
        f"“{item.text[:80]}” was changed by someone else after you opened this page: nothing was saved. "
        "It is shown below as it is now; try again if you still want to.",
        "checklist",
        level=messages.ERROR,
    )
    return redirect(_detail_url(response, anchor, request))


@require_POST
def checklist_set_done(request, pk, item_pk):
    response = response_to_edit(request.user, pk)
    item = _item(response, item_pk)
    done = request.POST.get("done") == "true"
    try:
        services.checklist_item_set_done(
            item=item, user=request.user, done=done, expected_revision=_posted_revision(request)
        )
    except services.ChecklistConflict:
        return _checklist_conflict(request, response, item)
    anchor = _say(request, f"“{item.text[:80]}” marked as {'done' if done else 'not done'}.", "checklist")
    return redirect(_detail_url(response, anchor, request))


@require_POST
def checklist_move(request, pk, item_pk):
    response = response_to_edit(request.user, pk)
    item = _item(response, item_pk)
    direction = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    anchor = "checklist"
    if direction:
        try:
            services.checklist_item_move(
                item=item, user=request.user, direction=direction, expected_revision=_posted_revision(request)
            )
        except services.ChecklistConflict:
            return _checklist_conflict(request, response, item)
        anchor = _say(request, f"“{item.text[:80]}” moved {request.POST['direction']}.", "checklist")
    return redirect(_detail_url(response, anchor, request))


@require_http_methods(["GET", "HEAD", "POST"])
def checklist_edit(request, pk, item_pk):
    if request.method == "POST":
        response = response_to_edit(request.user, pk)
    else:
        response = response_to_read(request.user, pk)
        if not can_edit_response(request.user, response):
            raise PermissionDenied(read_only_reason(request.user, response))
    item = _item(response, item_pk)
    form = ChecklistItemForm(
        request.POST if request.method == "POST" else None, initial={"text": item.text, "revision": item.revision}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_edit(
                item=item,
                user=request.user,
                text=form.cleaned_data["text"],
                expected_revision=form.cleaned_data["revision"],
            )
        except services.ChecklistConflict as error:
            conflict = error.item
            if conflict is None:
                return _checklist_conflict(request, response, item)
            data = request.POST.copy()
            data["revision"] = str(conflict.revision)  # a deliberate resubmit saves over the newer text
            form = ChecklistItemForm(data)
            form.is_valid()
        else:
            return redirect(
                _detail_url(response, _say(request, "The additional action has been saved.", "checklist"), request)
            )
    style_form(form)
    return render(
        request,
        "actions/checklist_edit.html",
        {
            "response": response,
            "item": item,
            "form": form,
            "conflict": conflict,
            "error_forms": [form] if form.errors else [],
            "came_from": navigation.came_from(request),
        },
        status=CONFLICT_STATUS if conflict else 200,
    )
