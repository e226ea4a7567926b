from django import forms

from .models import BoardReport

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FrontSheetForm(forms.ModelForm):
    """The report's front sheet, as on the board paper's cover."""

    class Meta:
        model = BoardReport
        fields = [
            "title",
            "meeting",
            "meeting_date",
            "agenda_item",
            "purpose",
            "author",
            "author_title",
            "executive_sponsor",
            "executive_sponsor_title",
            "as_at",
            "assurance_level",
            "assurance_rationale",
        ]
        widgets = {
            "meeting_date": DATE_WIDGET,
            "as_at": DATE_WIDGET,
            "purpose": forms.RadioSelect,
            "assurance_level": forms.RadioSelect,
            "assurance_rationale": forms.Textarea(attrs={"rows": 5}),
        }
