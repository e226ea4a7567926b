"""The plan administrator's import pages in the Django admin: upload → preview → confirm.

A version of a national plan changes its actions for every organisation, so only a national
administrator (a superuser) imports one; an organisation's plan administrator imports versions of its
own local plans only (and makes new ones).

Both pages run the same import flow as ``manage.py import_plan`` (``actions.imports.flow``). The
uploaded file is kept between preview and confirm and re-validated on confirm; nothing is written
before the administrator confirms the preview that lists added, changed (old → new), withdrawn and
unchanged actions.

Plans offered: to a superuser every plan; to an organisation's plan administrator its own local plans
(never a national plan, never another organisation's). A new plan made here is a local plan of the
administrator's organisation; only a superuser makes a new national plan.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from actions.form_wording import WordedForm
from actions.imports import flow
from actions.imports.plans.kind import DEFAULT_PLAN_SLUG, PLAN_IMPORT
from actions.imports.reading.reader import MAX_BYTES
from actions.imports.sentences import plan_sentence
from actions.models import Plan, PlanVersion
from owners.access import organisation_for

NEW_PLAN = "__new__"
SHOWN = 500  # rows listed per section of the preview; counts are always complete


class PlanImportForm(WordedForm, forms.Form):
    plan = forms.ChoiceField(label="Plan")
    new_plan_slug = forms.SlugField(
        label="New plan's slug",
        required=False,
        max_length=80,
        help_text="Only for a new plan, e.g. edi-improvement-plan-2023.",
    )
    new_plan_name = forms.CharField(
        label="New plan's name",
        required=False,
        max_length=200,
        help_text="Only for a new plan, e.g. NHS EDI improvement plan 2023.",
    )
    label = forms.CharField(
        label="Version label",
        max_length=200,
        help_text='As the document calls itself, e.g. "v4 FINAL UPDATED 1 October 2020".',
    )
    file = forms.FileField(
        label="Spreadsheet (.xlsx or .csv)",
        help_text=f"Columns Theme, Ref, Action, Who, Timeline (any order); up to {MAX_BYTES // 1024 // 1024} MB.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = None if user.is_superuser else organisation_for(user)
        plans = Plan.objects.select_related("organisation").order_by("name")
        if not user.is_superuser:
            plans = plans.filter(organisation=self.organisation)
        self.plans = {p.slug: p for p in plans}
        choices = [(p.slug, f"{p.name} (local plan of {p.organisation})" if p.is_local else p.name) for p in plans]
        new = f"A new local plan of {self.organisation}…" if self.organisation else "A new national plan…"
        self.fields["plan"].choices = choices + [(NEW_PLAN, new)]
        self.fields["plan"].initial = DEFAULT_PLAN_SLUG

    def clean(self):
        data = super().clean()
        if data.get("plan") == NEW_PLAN:
            slug = data.get("new_plan_slug")
            if not slug:
                self.add_error("new_plan_slug", "Enter a slug for the new plan.")
            elif Plan.objects.filter(slug=slug).exists():
                self.add_error("new_plan_slug", "This slug is taken: choose another (or choose the plan above).")
            if not data.get("new_plan_name"):
                self.add_error("new_plan_name", "Enter the new plan's name.")
        elif data.get("plan") and data.get("label"):
            if PlanVersion.objects.filter(plan__slug=data["plan"], label=" ".join(data["label"].split())).exists():
                self.add_error("label", "This plan already has a version with this label.")
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            self.add_error("file", f"The file is larger than the {MAX_BYTES // 1024 // 1024} MB limit.")
        return data

    def plan_slug_and_name(self):
        if self.cleaned_data["plan"] == NEW_PLAN:
            return self.cleaned_data["new_plan_slug"], self.cleaned_data["new_plan_name"]
        return self.cleaned_data["plan"], ""

    def organisation_code(self) -> str:
        """The ODS code of the organisation whose local plan this is ("": a national plan)."""
        if self.cleaned_data["plan"] == NEW_PLAN:
            return self.organisation.ods_code if self.organisation else ""
        plan = self.plans[self.cleaned_data["plan"]]
        return plan.organisation.ods_code if plan.is_local else ""


class PlanImportAdminMixin:
    """Adds ``import/`` and ``import/<token>/`` to a ModelAdmin (PlanVersion's)."""

    def get_urls(self):
        urls = super().get_urls()
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="actions_planversion_import"),
            path(
                "import/<str:token>/",
                self.admin_site.admin_view(self.import_preview_view),
                name="actions_planversion_import_preview",
            ),
        ] + urls

    def has_import_permission(self, request):
        """A superuser; or an organisation's plan administrator, for its own local plans (the form offers
        only those)."""
        user = request.user
        if user.is_superuser:
            return True
        return organisation_for(user) is not None and user.has_perms(
            ["actions.add_planversion", "actions.change_action"]
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
        problems, refusal = [], ""
        if request.method == "POST" and form.is_valid():
            slug, name = form.plan_slug_and_name()
            options = {
                "plan_slug": slug,
                "plan_name": name,
                "label": " ".join(form.cleaned_data["label"].split()),
                "organisation": form.organisation_code(),
            }
            token, problems, field_error = flow.receive(
                request, PLAN_IMPORT, form.cleaned_data["file"], options=options
            )
            if token:
                return redirect("admin:actions_planversion_import_preview", token=token)
            form.add_error("file", field_error)
            refusal = field_error
        upload = request.FILES.get("file")
        context = self._context(
            request,
            title="Import a plan version",
            form=form,
            problems=problems,
            refusal=refusal,
            file_name=upload.name if upload is not None else "",
        )
        return TemplateResponse(
            request, "admin/actions/planversion/import_form.html", context, status=400 if form.errors else 200
        )

    def import_preview_view(self, request, token):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            meta, data = flow.pending(request, PLAN_IMPORT, token)
        except flow.AlreadyApplied as done:
            context = self._context(request, title=f"{done.record['file_name']} is already imported", done=done.record)
            return TemplateResponse(request, "admin/actions/planversion/import_applied.html", context)
        options = meta["options"]
        if request.method == "POST" and request.POST.get("cancel"):
            flow.cancel(request, token, meta)
            return redirect("admin:actions_planversion_changelist")
        outcome = flow.confirm(request, PLAN_IMPORT, token, meta, data, apply_now=request.method == "POST")
        if outcome.result is not None:
            version, sentence = outcome.result, plan_sentence(outcome.preview)
            url = reverse("admin:actions_planversion_change", args=[version.pk])
            flow.remember_applied(request, PLAN_IMPORT, token, file_name=meta["file_name"], sentence=sentence, url=url)
            messages.success(request, f'Imported "{version.label}": {sentence}.')
            return redirect(url)
        context = self._context(
            request,
            title=f"Check {meta['file_name']} before importing",
            preview=outcome.preview,
            problems=outcome.problems,
            file_name=meta["file_name"],
            label=options["label"],
            plan_name=options["plan_name"] or options["plan_slug"],
            shown=SHOWN,
            token=token,
            sentence=plan_sentence(outcome.preview) if outcome.preview else "",
        )
        return TemplateResponse(
            request, "admin/actions/planversion/import_preview.html", context, status=400 if outcome.problems else 200
        )
