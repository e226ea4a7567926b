"""Forms of the action pages. They only validate input; the services in ``actions.services`` write."""

from django import forms
from django.utils import timezone

from . import validation
from .date_input import DateField
from .form_wording import WordedForm
from .models import Status


class ProgressUpdateForm(WordedForm, forms.Form):
    """Record a progress update: the new status, a note and optional evidence, in one step."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Status.choices, label="Status")
    note = forms.CharField(
        label="Progress note",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has happened since the last update? Do not include personal information about staff.",
        error_messages={"required": "Enter a progress note"},
        max_length=validation.NOTE_MAX,
    )
    evidence_url = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example a link to board papers or an intranet page.",
        error_messages={"invalid": "Enter a link that starts with http:// or https://"},
    )

    def clean_evidence_url(self):
        url = self.cleaned_data["evidence_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Enter a link that starts with http:// or https://")
        return url

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError("Enter a progress note")
        validation.check(validation.note_problem(note))
        return note


class LocalDueDateForm(WordedForm, forms.Form):
    """Change the local due date (blank: the plan's own date applies).

    ``current``: the local due date already set. A new date in the past is saved only once the
    person ticks ``confirm_past`` (``validation.past_due_date_problem``); until then the form
    has an error and ``needs_confirmation`` is true, so the page shows the warning and the box."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    local_due_date = DateField(
        label="Local due date",
        required=False,
        help_text="For example, 31 3 2026. Leave empty to use the plan's due date.",
    )
    confirm_past = forms.BooleanField(label=validation.PAST_DUE_DATE_CONFIRMATION, required=False)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.needs_confirmation = False

    def clean(self):
        cleaned = super().clean()
        new_date = cleaned.get("local_due_date")
        today = timezone.localdate()
        self.needs_confirmation = validation.due_date_needs_confirming(new_date, current=self.current, today=today)
        problem = validation.past_due_date_problem(
            new_date, current=self.current, today=today, confirmed=cleaned.get("confirm_past", False)
        )
        if problem:
            self.add_error("confirm_past", problem[0].upper() + problem[1:])
        return cleaned


class ChecklistItemForm(WordedForm, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="Additional action",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=validation.CHECKLIST_ITEM_MAX,
        error_messages={"required": "Enter the additional action"},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Enter the additional action")
        validation.check(validation.checklist_item_problem(text))
        return text


def style_form(form):
    """Give a form's widgets the NHS.UK design system classes and error wiring (no template tags needed)."""
    classes = {
        forms.Textarea: "nhsuk-textarea",
        forms.Select: "nhsuk-select",
        forms.CheckboxInput: "nhsuk-checkboxes__input",
        forms.CheckboxSelectMultiple: "nhsuk-checkboxes__input",
    }
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = next((c for kind, c in classes.items() if type(widget) is kind), "nhsuk-input")
        described_by = [f"{form[name].auto_id}-hint"] if field.help_text else []
        if form.is_bound and form.errors.get(name):
            css += f" {css}--error" if css != "nhsuk-checkboxes__input" else ""
            described_by.append(f"{form[name].auto_id}-error")
        if described_by:
            widget.attrs["aria-describedby"] = " ".join(described_by)
        widget.attrs["class"] = css
    return form
