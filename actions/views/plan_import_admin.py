"""The plan administrator's import pages in the Django admin: upload → preview → confirm.

Both pages call the same services as ``manage.py import_plan``. The uploaded file is kept
between preview and confirm (``uploads``) and re-validated on confirm; nothing is written
before the administrator confirms the preview that lists added, changed (old → new),
withdrawn and unchanged actions.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from actions.models import Plan, PlanVersion
from actions.imports.plans.compare import DEFAULT_PLAN_SLUG, plan_import_apply, plan_import_preview
from actions.imports.plans.rows import read_plan_file
from actions.imports.reading.problems import ImportFileError
from actions.imports.reading.reader import MAX_BYTES
from actions.imports.uploads import discard_upload, load_upload, store_upload

KIND = "plan"
NEW_PLAN = "__new__"
SHOWN = 500  # rows listed per section of the preview; counts are always complete


class PlanImportForm(forms.Form):
    plan = forms.ChoiceField(label="Plan")
    new_plan_slug = forms.SlugField(label="New plan's slug", required=False, max_length=80,
                                    help_text="Only for a new plan, e.g. edi-improvement-plan-2023.")
    new_plan_name = forms.CharField(label="New plan's name", required=False, max_length=200,
                                    help_text="Only for a new plan, e.g. NHS EDI improvement plan 2023.")
    label = forms.CharField(label="Version label", max_length=200,
                            help_text='As the document calls itself, e.g. "v4 FINAL UPDATED 1 October 2020".')
    file = forms.FileField(label="Spreadsheet (.xlsx or .csv)",
                           help_text="Columns Theme, Ref, Action, Who, Timeline (any order); "
                                     f"up to {MAX_BYTES // 1024 // 1024} MB.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.slug, p.name) for p in Plan.objects.order_by("name")]
        self.fields["plan"].choices = choices + [(NEW_PLAN, "A new plan…")]
        self.fields["plan"].initial = DEFAULT_PLAN_SLUG

    def clean(self):
        data = super().clean()
        if data.get("plan") == NEW_PLAN:
            slug = data.get("new_plan_slug")
            if not slug:
                self.add_error("new_plan_slug", "Enter a slug for the new plan.")
            elif Plan.objects.filter(slug=slug).exists():
                self.add_error("new_plan_slug", "A plan with this slug exists: choose it above.")
            if not data.get("new_plan_name"):
                self.add_error("new_plan_name", "Enter the new plan's name.")
        elif data.get("plan") and data.get("label"):
            if PlanVersion.objects.filter(plan__slug=data["plan"], label=" ".join(data["label"].split())).exists():
                self.add_error("label", "This plan already has a version with this label.")
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            self.add_error("file", f"The file must be smaller than {MAX_BYTES // 1024 // 1024} MB.")
        return data

    def plan_slug_and_name(self):
        if self.cleaned_data["plan"] == NEW_PLAN:
            return self.cleaned_data["new_plan_slug"], self.cleaned_data["new_plan_name"]
        return self.cleaned_data["plan"], ""


class PlanImportAdminMixin:
    """Adds ``import/`` and ``import/<token>/`` to a ModelAdmin (PlanVersion's)."""

    def get_urls(self):
        urls = super().get_urls()
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="actions_planversion_import"),
            path("import/<str:token>/", self.admin_site.admin_view(self.import_preview_view),
                 name="actions_planversion_import_preview"),
        ] + urls

    def has_import_permission(self, request):
        return request.user.has_perm("actions.add_planversion") and request.user.has_perm("actions.change_action")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = PlanImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                read_plan_file(data=data, file_name=upload.name)
            except ImportFileError as error:
                problems = error.problems
                form.add_error("file", f"{upload.name} cannot be imported.")
            else:
                slug, name = form.plan_slug_and_name()
                token = store_upload(request, kind=KIND, data=data, file_name=upload.name, options={
                    "plan_slug": slug, "plan_name": name, "label": " ".join(form.cleaned_data["label"].split()),
                })
                return redirect("admin:actions_planversion_import_preview", token=token)
        context = self._context(request, title="Import a plan version", form=form, problems=problems)
        return TemplateResponse(request, "admin/actions/planversion/import_form.html", context,
                                status=400 if form.errors else 200)

    def import_preview_view(self, request, token):
        if not self.has_import_permission(request):
            raise PermissionDenied
        stored = load_upload(request, kind=KIND, token=token)
        if stored is None:
            raise Http404("This upload has expired or is not yours: upload the file again.")
        meta, data = stored
        options = meta["options"]
        if request.method == "POST" and request.POST.get("cancel"):
            discard_upload(request, token=token)
            messages.info(request, f"Import of {meta['file_name']} cancelled: nothing was changed.")
            return redirect("admin:actions_planversion_changelist")
        preview, problems = None, []
        try:
            parsed = read_plan_file(data=data, file_name=meta["file_name"])
            plan = Plan.objects.filter(slug=options["plan_slug"]).first()
            preview = plan_import_preview(
                plan=plan, rows=parsed.rows, plan_slug=options["plan_slug"], plan_name=options["plan_name"],
                errors=parsed.errors, warnings=parsed.warnings,
            )
            problems = preview.errors
            if request.method == "POST" and not problems and preview.has_changes:
                version = plan_import_apply(preview=preview, label=options["label"], file_name=meta["file_name"],
                                            user=request.user)
                discard_upload(request, token=token)
                messages.success(request, f'Imported "{version.label}": {preview.summary()}.')
                return redirect(reverse("admin:actions_planversion_change", args=[version.pk]))
        except ImportFileError as error:
            problems = error.problems
        context = self._context(
            request, title=f"Check {meta['file_name']} before importing", preview=preview, problems=problems,
            file_name=meta["file_name"], label=options["label"], plan_name=options["plan_name"] or options["plan_slug"],
            shown=SHOWN, token=token,
        )
        return TemplateResponse(request, "admin/actions/planversion/import_preview.html", context,
                                status=400 if problems else 200)
