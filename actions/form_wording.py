"""Error messages as the NHS.UK service manual words them, for every form, in one place.

Django's own messages ("This field is required.", "Enter a valid date.", "Ensure this value has
at most 200 characters") tell people nothing about which answer is missing. The service manual
says what to do, naming the thing: "Enter the meeting date", "Choose a status", "Title must be
200 characters or fewer". :class:`WordedForm` gives a form's fields these messages when they would
otherwise show Django's; a field's own ``error_messages`` (or an entry in :data:`REQUIRED`) win.

Every form of the product mixes it in (``actions.forms``, ``reports.forms``, ``api.forms``, the
plan import, the sign-in form).
"""

from django import forms
from django.core import validators
from django.forms.utils import pretty_name

# The message for an empty answer, by field name, where "Enter …"/"Choose …" from the label
# would not read well.
REQUIRED = {
    "title": "Enter a title for the report",
    "meeting": "Enter the meeting, for example Trust Board",
    "meeting_date": "Enter the meeting date",
    "author": "Enter the name of the report's author",
    "executive_sponsor": "Enter the name of the executive sponsor",
    "as_at": "Enter the date the report is as at",
    "purpose": "Choose what the report is for",
    "assurance_level": "Choose an assurance level",
    "status": "Choose a status",
    "note": "Enter a progress note",
    "text": "Enter the additional action",
    "name": "Enter a name for the key",
    "expires_on": "Enter the date the key expires",
    "username": "Enter your username",
    "password": "Enter your password",
    "file": "Select a file to upload",
    "plan": "Choose a plan",
    "label": "Enter a name for this version of the plan",
}

_CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField, forms.BooleanField)


def thing(label) -> str:
    """A label as it reads inside a sentence: "Meeting date" → "meeting date", "ODS code" kept."""
    text = str(label)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def sentence(label) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


def _is_default(field, key) -> bool:
    """True when ``field`` would show Django's own message for ``key``."""
    current = field.error_messages.get(key)
    if current is None:
        return False
    for klass in type(field).__mro__:
        default = getattr(klass, "default_error_messages", {}).get(key)
        if default is not None and str(default) == str(current):
            return True
    return False


def required_message(name: str, field) -> str:
    if name in REQUIRED:
        return REQUIRED[name]
    label = field.label or pretty_name(name)
    if isinstance(field, forms.FileField):
        return f"Select {thing(label)}"
    if isinstance(field, _CHOICE_FIELDS):
        return f"Choose {thing(label)}"
    return f"Enter {thing(label)}"


def word_field(name: str, field) -> None:
    """Replace Django's messages on one field by the service manual's."""
    label = field.label or pretty_name(name)
    if _is_default(field, "required"):
        field.error_messages["required"] = required_message(name, field)
    invalid = {
        forms.EmailField: "Enter an email address in the correct format, like name@example.com",
        forms.URLField: "Enter a link that starts with http:// or https://",
        forms.IntegerField: f"{sentence(label)} must be a whole number",
        forms.SlugField: f"{sentence(label)} must only include lower case letters, numbers and hyphens",
        forms.DateField: f"{sentence(label)} must be a real date",
    }
    for klass, message in invalid.items():
        if isinstance(field, klass) and _is_default(field, "invalid"):
            field.error_messages["invalid"] = message
    for key in ("invalid_choice", "invalid_list"):  # only a tampered or out-of-date form sends these
        if _is_default(field, key):
            field.error_messages[key] = f"{sentence(label)}: choose one of the options listed"
    if isinstance(field, forms.FileField):
        for key, message in {
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read",
            "missing": "Select a file to upload",
        }.items():
            if _is_default(field, key):
                field.error_messages[key] = message
    worded = []
    for validator in field.validators:
        if isinstance(validator, validators.MaxLengthValidator):
            validator = validators.MaxLengthValidator(
                validator.limit_value, f"{sentence(label)} must be %(limit_value)d characters or fewer"
            )
        elif isinstance(validator, validators.MinLengthValidator):
            validator = validators.MinLengthValidator(
                validator.limit_value, f"{sentence(label)} must be %(limit_value)d characters or more"
            )
        worded.append(validator)
    field.validators = worded


class WordedForm:
    """Mix into a form (before ``forms.Form``/``ModelForm``) to give every field NHS.UK error messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            word_field(name, field)

    def add_fields_wording(self):
        """Word fields added after ``__init__`` (forms that build fields on the fly call it)."""
        for name, field in self.fields.items():
            word_field(name, field)
