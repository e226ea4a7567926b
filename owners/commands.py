"""What the project's management commands share about organisations: naming one by its ODS code."""

from django.core.management.base import CommandError

from .models import Organisation


def organisation_from_option(ods: str | None) -> Organisation:
    """The organisation an ``--organisation ODS`` option names; without one, the only organisation that
    has responses. Anything else is a one-line ``CommandError``."""
    if ods:
        try:
            return Organisation.objects.get(ods_code=ods)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation with ODS code {ods!r}.") from None
    with_responses = Organisation.objects.filter(responses__isnull=False).distinct()
    if with_responses.count() != 1:
        codes = ", ".join(with_responses.values_list("ods_code", flat=True)) or "none"
        raise CommandError(f"Name the organisation with --organisation ODS (organisations with responses: {codes}).")
    return with_responses.get()
