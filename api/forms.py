import datetime

from django import forms
from django.utils import timezone

from actions.date_input import DateField
from actions.form_wording import WordedForm

from .services import MAX_KEY_DAYS

DEFAULT_KEY_DAYS = 90


class ApiKeyForm(WordedForm, forms.Form):
    name = forms.CharField(
        max_length=50,
        label="Name",
        help_text="What the key is for, so you know which one to revoke, for example “Power BI workforce report”.",
    )
    expires_on = DateField(
        label="Expires on",
        what="Expiry date",
        help_text=f"The key stops working at the end of this day, at most {MAX_KEY_DAYS} days from today. "
        "For example, 31 3 2026.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=DEFAULT_KEY_DAYS)

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError("Expiry date must be today or in the future")
        if value > today + datetime.timedelta(days=MAX_KEY_DAYS):
            raise forms.ValidationError(f"Expiry date must be within {MAX_KEY_DAYS} days of today")
        return value
