from django import forms
from django.db.models import Q

from actions.date_input import DateField
from actions.form_wording import WordedForm
from actions.models import Plan

from .models import FRONT_SHEET_FIELDS, Assurance, BafRisk, BoardReport, StrategicObjective
from .selectors import default_report_plan

TEXT_AREAS = ["assurance_rationale", "executive_summary", "recommendation", "assurance_action"]
# Shown after the strategic objectives, in the front sheet's order (seed 003's paper).
AFTER_OBJECTIVES = ["equality_objectives", "legal_requirements"]


class FrontSheetForm(WordedForm, forms.ModelForm):
    """The report's front sheet, as on the board paper's cover: its fields, then the organisation's
    strategic objectives (tick each the report supports and say how) and BAF risks (tick each linked).

    ``organisation``: whose lists to offer (retired items stay offered when the report already has them)."""

    class Meta:
        model = BoardReport
        fields = FRONT_SHEET_FIELDS
        field_classes = {"meeting_date": DateField, "as_at": DateField}
        help_texts = {"meeting_date": "For example, 22 11 2026."}
        widgets = {
            "purpose": forms.RadioSelect,
            "assurance_level": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 5}) for name in TEXT_AREAS},
            "equality_objectives": forms.Textarea(attrs={"rows": 3}),
            "legal_requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # NHS.UK radios: never pre-selected, and no "---------" choice. A draft may leave it empty;
        # issuing needs it (services.report_issue).
        level = self.fields["assurance_level"]
        level.choices = Assurance.choices
        level.required = False
        level.help_text = "You must choose one before you issue the report."
        report = self.instance if self.instance.pk else None
        chosen = {item["objective"]: item["support"] for item in (report.objectives if report else [])}
        self.objective_choices = list(
            StrategicObjective.objects.filter(organisation=organisation).filter(Q(active=True) | Q(pk__in=chosen))
        )
        for objective in self.objective_choices:
            self.fields[f"objective_{objective.pk}"] = forms.BooleanField(
                label=objective.name, required=False, initial=objective.pk in chosen
            )
            self.fields[f"objective_{objective.pk}_support"] = forms.CharField(
                label=f"How the report supports “{objective.name}”",
                required=False,
                initial=chosen.get(objective.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        risks = [item["risk"] for item in (report.baf_risks if report else [])]
        self.fields["baf_risks"] = forms.ModelMultipleChoiceField(
            label="Links to Board Assurance Framework risks",
            queryset=BafRisk.objects.filter(organisation=organisation).filter(Q(active=True) | Q(pk__in=risks)),
            required=False,
            initial=risks,
            widget=forms.CheckboxSelectMultiple,
        )
        self.add_fields_wording()

    def clean(self):
        cleaned = super().clean()
        for objective in self.objective_choices:
            support = (cleaned.get(f"objective_{objective.pk}_support") or "").strip()
            if support and not cleaned.get(f"objective_{objective.pk}"):
                self.add_error(
                    f"objective_{objective.pk}_support",
                    f"Tick “{objective.name}” to include it, or clear what you wrote about it.",
                )
        return cleaned

    # What the template shows, in the front sheet's order.
    def main_fields(self):
        return [self[name] for name in FRONT_SHEET_FIELDS if name not in AFTER_OBJECTIVES]

    def objective_rows(self):
        return [(self[f"objective_{o.pk}"], self[f"objective_{o.pk}_support"]) for o in self.objective_choices]

    # What the services take.
    def front_sheet(self) -> dict:
        return {name: self.cleaned_data[name] for name in FRONT_SHEET_FIELDS}

    def links(self) -> dict:
        """``objectives`` (ticked, in the list's order, with how the report supports each) and ``baf_risks``."""
        objectives = [
            (objective, self.cleaned_data.get(f"objective_{objective.pk}_support", ""))
            for objective in self.objective_choices
            if self.cleaned_data.get(f"objective_{objective.pk}")
        ]
        return {"objectives": objectives, "baf_risks": list(self.cleaned_data["baf_risks"])}


class ReportCreateForm(FrontSheetForm):
    """A new report: the front sheet, and the plans it covers (all the organisation's plans to begin with).

    The page always sends ``plans_shown``; a request without it (a client that predates the choice
    of plans) gets the organisation's first plan in reading order, as reports had before.
    """

    plans = forms.ModelMultipleChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Plans this report covers",
        help_text="The board paper reports on each plan ticked here, plan by plan.",
    )
    plans_shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.organisation = organisation
        self.fields["plans"].queryset = Plan.objects.responded_by(organisation)
        self.fields["plans_shown"].initial = "1"
        if not self.is_bound:
            self.fields["plans"].initial = list(self.fields["plans"].queryset)

    def clean_plans(self):
        plans = list(self.cleaned_data.get("plans") or [])
        if plans:
            return plans
        if self.data.get("plans_shown"):
            raise forms.ValidationError("Choose at least one plan")
        # A client that predates the choice of plans: the plan a report would cover by default.
        default = default_report_plan(organisation=self.organisation)
        return [default] if default else []
