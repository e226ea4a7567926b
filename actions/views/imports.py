"""Offline updates: an HR lead or board secretary uploads the edited board workbook (or its CSV),
sees per action what will change, and confirms. Upload → preview → confirm (``actions.imports.flow``);
everything is scoped to the user's organisation (``require_organisation``); other roles get 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.imports import flow
from actions.imports.reading.problems import Problem
from actions.imports.reading.reader import MAX_BYTES
from actions.imports.responses.kind import RESPONSE_IMPORT
from actions.imports.sentences import response_sentence
from owners.access import require_organisation

PERMISSION = "actions.import_responses"


def _problem_rows(problems: list[Problem]):
    return [
        {"sheet": p.sheet, "row": p.row or "", "column": p.column, "message": p.message, "text": str(p)}
        for p in problems
    ]


@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def responses_upload(request):
    organisation = require_organisation(request.user)
    context = {"organisation": organisation, "max_mb": MAX_BYTES // 1024 // 1024}
    if request.method != "POST":
        return render(request, "imports/responses_upload.html", context)
    upload = request.FILES.get("file")
    token, problems, field_error = flow.receive(
        request, RESPONSE_IMPORT, upload, options={"organisation": organisation.pk}
    )
    if token:
        return redirect("import_responses_preview", token=token)
    if upload is None:
        field_error = "Select the edited board workbook (.xlsx) or CSV file"
    context.update(field_error=field_error, problems=_problem_rows(problems) if problems else None)
    return render(request, "imports/responses_upload.html", context, status=400)


@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def responses_preview(request, token):
    organisation = require_organisation(request.user)
    try:
        meta, data = flow.pending(request, RESPONSE_IMPORT, token, expect={"organisation": organisation.pk})
    except flow.AlreadyApplied as done:
        return render(request, "imports/responses_applied.html", {"organisation": organisation, "done": done.record})
    if request.method == "POST" and request.POST.get("cancel"):
        flow.cancel(request, token, meta)
        return redirect("import_responses")
    if request.method == "POST":  # the conflicts the person chose to take from the file
        meta = {**meta, "options": {**meta["options"], "take": request.POST.getlist("take")}}
    outcome = flow.confirm(request, RESPONSE_IMPORT, token, meta, data, apply_now=request.method == "POST")
    if outcome.result is not None:
        sentence = response_sentence(outcome.preview, updated=outcome.result)
        flow.remember_applied(
            request, RESPONSE_IMPORT, token, file_name=meta["file_name"], sentence=sentence, url=reverse("action_list")
        )
        messages.success(request, f"Imported {meta['file_name']}: {sentence}.")
        return redirect("import_responses")
    context = {
        "organisation": organisation,
        "file_name": meta["file_name"],
        "token": token,
        "preview": None if outcome.problems else outcome.preview,
        "sentence": "" if outcome.problems else response_sentence(outcome.preview),
        "problems": _problem_rows(outcome.problems),
    }
    return render(request, "imports/responses_preview.html", context, status=400 if outcome.problems else 200)
