from django import forms

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
