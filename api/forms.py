import datetime

from django import forms
from django.utils import timezone

from .services import MAX_KEY_DAYS

DEFAULT_KEY_DAYS = 90


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=50,
        label="Name",
        help_text="What the key is for, so you know which one to revoke, for example “Power BI workforce report”.",
    )
    expires_on = forms.DateField(
        label="Expires on",
        help_text=f"The key stops working at the end of this day. At most {MAX_KEY_DAYS} days from today.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=DEFAULT_KEY_DAYS)

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError("The expiry date must be today or later.")
        if value > today + datetime.timedelta(days=MAX_KEY_DAYS):
            raise forms.ValidationError(f"The expiry date must be within {MAX_KEY_DAYS} days of today.")
        return value
