"""Owners still linked to a user who has since moved to another organisation are unlinked (with a history
row), as moving a user now does (owners.services.membership_set): their administrator can save them again."""

from django.db import migrations
from django.utils import timezone

REASON = "The user left the organisation"


def unlink(apps, schema_editor):
    Owner = apps.get_model("owners", "Owner")
    HistoricalOwner = apps.get_model("owners", "HistoricalOwner")
    Membership = apps.get_model("owners", "Membership")
    home = dict(Membership.objects.values_list("user_id", "organisation_id"))
    now = timezone.now()
    for owner in Owner.objects.filter(user__isnull=False):
        if home.get(owner.user_id) == owner.organisation_id:
            continue
        owner.user_id = None
        owner.save(update_fields=["user"])
        HistoricalOwner.objects.create(
            id=owner.pk,
            organisation_id=owner.organisation_id,
            initials=owner.initials,
            name=owner.name,
            role=owner.role,
            email=owner.email,
            is_group=owner.is_group,
            user_id=None,
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
        )


class Migration(migrations.Migration):
    dependencies = [("owners", "0001_initial")]

    operations = [migrations.RunPython(unlink, migrations.RunPython.noop)]
