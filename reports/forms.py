from django import forms

from actions.models import Plan

from .models import FRONT_SHEET_FIELDS, BoardReport

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FrontSheetForm(forms.ModelForm):
    """The report's front sheet, as on the board paper's cover."""

    class Meta:
        model = BoardReport
        fields = FRONT_SHEET_FIELDS
        widgets = {
            "meeting_date": DATE_WIDGET,
            "as_at": DATE_WIDGET,
            "purpose": forms.RadioSelect,
            "assurance_level": forms.RadioSelect,
            "assurance_rationale": forms.Textarea(attrs={"rows": 5}),
        }


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
        super().__init__(*args, **kwargs)
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
        first = self.fields["plans"].queryset.first()
        return [first] if first else []
