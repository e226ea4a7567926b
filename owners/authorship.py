"""What a user has written: people who wrote anything are deactivated, never deleted.

Deleting a user would blank their name on everything they wrote (a progress update's author, the
history's "who", a board report's author and issuer). ``written_by`` counts those rows across every
app, found through the models' own foreign keys to the user (the fields in ``AUTHOR_FIELDS``), so
this base layer needs to know nothing of the apps above it.
"""

from django.apps import apps
from django.conf import settings

# Foreign keys to a user that record who wrote, made, issued, imported or last changed a row.
AUTHOR_FIELDS = {"author", "created_by", "issued_by", "imported_by", "modified_by", "history_user"}


def _author_fields():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.name in AUTHOR_FIELDS
                and field.many_to_one
                and field.concrete
                and field.related_model is user_model
            ):
                yield model, field


def written_by(user) -> list[tuple[str, int]]:
    """``[(what, count), ...]`` of the rows ``user`` wrote (empty: nothing depends on their name)."""
    counts: dict[str, int] = {}
    for model, field in _author_fields():
        count = model._default_manager.filter(**{field.name: user}).count()
        if count:
            what = (
                f"change(s) recorded in the history of {model._meta.verbose_name_plural.replace('historical ', '')}"
                if field.name == "history_user"
                else f"{model._meta.verbose_name_plural} ({field.verbose_name})"
            )
            counts[what] = counts.get(what, 0) + count
    return sorted(counts.items())


def describe(user) -> str:
    """One sentence naming what the user wrote."""
    return "; ".join(f"{count} {what}" for what, count in written_by(user))
