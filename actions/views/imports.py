"""Offline updates: an HR lead or board secretary uploads the edited board workbook (or its CSV),
sees per action what will change, and confirms. Upload → preview → confirm; everything is
scoped to the user's organisation (``require_organisation``); other roles get 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from owners.access import require_organisation

from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import MAX_BYTES
from actions.imports.responses.compare import read_response_file, response_import_apply, response_import_preview
from actions.imports.uploads import discard_upload, load_upload, store_upload

KIND = "responses"
PERMISSION = "actions.import_responses"


def _problem_rows(problems: list[Problem]):
    return [{"sheet": p.sheet, "row": p.row or "", "column": p.column, "message": p.message, "text": str(p)}
            for p in problems]


@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def responses_upload(request):
    organisation = require_organisation(request.user)
    context = {"organisation": organisation, "max_mb": MAX_BYTES // 1024 // 1024}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["field_error"] = "Select the edited board workbook (.xlsx) or CSV file"
        elif upload.size > MAX_BYTES:
            context["field_error"] = f"The selected file must be smaller than {context['max_mb']} MB"
        else:
            data = upload.read()
            try:
                read_response_file(data=data, file_name=upload.name)
            except ImportFileError as error:
                context["field_error"] = f"{upload.name} cannot be imported"
                context["problems"] = _problem_rows(error.problems)
            else:
                token = store_upload(request, kind=KIND, data=data, file_name=upload.name,
                                     options={"organisation": organisation.pk})
                return redirect("import_responses_preview", token=token)
        return render(request, "imports/responses_upload.html", context, status=400)
    return render(request, "imports/responses_upload.html", context)


@permission_required(PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def responses_preview(request, token):
    organisation = require_organisation(request.user)
    stored = load_upload(request, kind=KIND, token=token)
    if stored is None or stored[0]["options"].get("organisation") != organisation.pk:
        raise Http404("This upload has expired or is not yours: upload the file again.")
    meta, data = stored
    if request.method == "POST" and request.POST.get("cancel"):
        discard_upload(request, token=token)
        messages.info(request, f"Import of {meta['file_name']} cancelled: nothing was changed.")
        return redirect("import_responses")
    try:
        rows = read_response_file(data=data, file_name=meta["file_name"])
        preview = response_import_preview(organisation=organisation, rows=rows, file_name=meta["file_name"])
        if request.method == "POST" and not preview.errors:
            updated = response_import_apply(preview=preview, user=request.user)
            discard_upload(request, token=token)
            messages.success(request, f"Imported {meta['file_name']}: {updated} action(s) updated.")
            return redirect("import_responses")
    except ImportFileError as error:
        problems = error.problems
    else:
        problems = preview.errors
    context = {
        "organisation": organisation,
        "file_name": meta["file_name"],
        "token": token,
        "preview": None if problems else preview,
        "problems": _problem_rows(problems),
    }
    return render(request, "imports/responses_preview.html", context, status=400 if problems else 200)
