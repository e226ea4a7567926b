"""The NHS.UK date input: day, month and year boxes, for every date a person types.

Browsers' own date pickers show dates in the browser's locale (mm/dd/yyyy in an en-GB Chromium
set to US English) and cannot be read out well; the NHS.UK design system asks for three boxes
instead (https://service-manual.nhs.uk/design-system/components/date-input). :class:`DateField`
reads them and words its errors as the service manual does ("Meeting date must include a month",
"Meeting date must be a real date"), and :class:`DateInput` marks the box that is wrong.

A request that sends the date as one ISO value (``name=2026-03-31``: links, scripts, older
clients) is still read.
"""

import datetime

from django import forms
from django.utils.html import format_html, format_html_join

PARTS = ("day", "month", "year")
_WIDTHS = {"day": 2, "month": 2, "year": 4}


def _part_names(parts) -> str:
    """["day", "month"] → "a day and month" (the service manual's wording)."""
    words = list(parts)
    if len(words) == 1:
        return f"a {words[0]}"
    return "a " + ", ".join(words[:-1]) + " and " + words[-1]


class DateInput(forms.Widget):
    """Three boxes (day, month, year) named ``<name>-day`` etc., with the NHS.UK classes.

    ``error_parts``: the boxes to show in the error state (set by :class:`DateField` while it
    cleans); when the field has an error none of them explains, every box is shown in error."""

    is_date_input = True  # templates wrap it in a fieldset with a legend instead of a label

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.error_parts = set()

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.error_parts = set()
        return copy

    def value_from_datadict(self, data, files, name):
        keys = [f"{name}-{part}" for part in PARTS]
        if any(key in data for key in keys):
            return {part: data.get(f"{name}-{part}", "") for part in PARTS}
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)

    def format_value(self, value):
        if isinstance(value, dict):
            return {part: str(value.get(part) or "") for part in PARTS}
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return {"day": "", "month": "", "year": ""}
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return {part: "" for part in PARTS}

    def id_for_label(self, id_):
        """The box an error summary links to: the first in error, else the day."""
        first = next((part for part in PARTS if part in self.error_parts), "day")
        return f"{id_}-{first}" if id_ else ""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id", f"id_{name}")
        values = self.format_value(value)
        all_in_error = attrs.get("aria-invalid") == "true" and not self.error_parts
        boxes = []
        for part in PARTS:
            css = f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{_WIDTHS[part]}"
            if all_in_error or part in self.error_parts:
                css += " nhsuk-input--error"
            boxes.append((base_id, part, part.capitalize(), css, name, values[part]))
        items = format_html_join(
            "\n",
            '<div class="nhsuk-date-input__item"><div class="nhsuk-form-group">'
            '<label class="nhsuk-label nhsuk-date-input__label" for="{0}-{1}">{2}</label>'
            '<input class="{3}" id="{0}-{1}" name="{4}-{1}" type="text" inputmode="numeric" value="{5}">'
            "</div></div>",
            boxes,
        )
        return format_html('<div class="nhsuk-date-input" id="{}">{}</div>', base_id, items)


class DateField(forms.Field):
    """A date typed as day, month and year, with the NHS.UK error messages.

    ``what``: how the messages name the date ("Meeting date"); the field's label otherwise."""

    widget = DateInput

    def __init__(self, *, what="", **kwargs):
        super().__init__(**kwargs)
        self.what = what

    def _name(self) -> str:
        name = str(self.what or self.label or "Date")
        return name[0].upper() + name[1:]

    def _fail(self, message: str, parts=()):
        self.widget.error_parts = set(parts)
        raise forms.ValidationError(message, code="invalid")

    def to_python(self, value):
        self.widget.error_parts = set()
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                self._fail(f"{self._name()} must be a real date")
        typed = {part: str(value.get(part) or "").strip() for part in PARTS}
        missing = [part for part in PARTS if not typed[part]]
        if len(missing) == len(PARTS):
            return None
        if missing:
            self._fail(f"{self._name()} must include {_part_names(missing)}", missing)
        not_numbers = [part for part in PARTS if not typed[part].isdigit()]
        if not_numbers:
            self._fail(f"{self._name()} must be a real date", not_numbers)
        if len(typed["year"]) != 4:
            self._fail("Year must include 4 numbers", ["year"])
        day, month, year = (int(typed[part]) for part in PARTS)
        if not 1 <= month <= 12:
            self._fail(f"{self._name()} must be a real date", ["month"])
        try:
            return datetime.date(year, month, day)
        except ValueError:
            self._fail(f"{self._name()} must be a real date", ["day"])

    def validate(self, value):
        if value is None and self.required:
            self.widget.error_parts = set(PARTS)
        super().validate(value)

    def has_changed(self, initial, data):
        kept = set(self.widget.error_parts)
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True
        finally:
            self.widget.error_parts = kept
