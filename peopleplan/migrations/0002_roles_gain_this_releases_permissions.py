"""Existing roles gain the permissions this release's features need, and nothing else.

``create_missing_roles`` (post_migrate) creates a missing role with its full permissions but never
changes an existing one (an administrator's edits to a role stay). A database whose roles were made
by an earlier release (by ``load_demo`` then) would otherwise never get the reminders, board-paper and
API-key permissions of ``peopleplan.roles.ROLE_PERMISSIONS``: this migration adds exactly those
(frozen here, as a migration must be), to the roles that exist, once. On a new database there are no
roles yet when it runs, and it does nothing; post_migrate then creates them whole.
"""

from django.db import migrations

# (app_label, model, codename, name) of each permission added to an existing role by this release.
ADDED = {
    "HR lead": [
        ("reminders", "reminderrun", "receive_digest", "Receives the organisation's reminder digest by e-mail"),
        ("reminders", "reminderrun", "view_reminderrun", "Can view reminder run"),
    ],
    "Plan admin": [
        ("api", "organisationapikey", "add_organisationapikey", "Can add API key"),
        ("api", "organisationapikey", "change_organisationapikey", "Can change API key"),
        ("api", "organisationapikey", "view_organisationapikey", "Can view API key"),
        ("reminders", "reminderoptout", "add_reminderoptout", "Can add reminder opt-out"),
        ("reminders", "reminderoptout", "delete_reminderoptout", "Can delete reminder opt-out"),
        ("reminders", "reminderoptout", "view_reminderoptout", "Can view reminder opt-out"),
        ("reminders", "reminderrun", "view_reminderrun", "Can view reminder run"),
        ("reminders", "remindersettings", "add_remindersettings", "Can add reminder settings"),
        ("reminders", "remindersettings", "change_remindersettings", "Can change reminder settings"),
        ("reminders", "remindersettings", "view_remindersettings", "Can view reminder settings"),
        ("reports", "bafrisk", "add_bafrisk", "Can add BAF risk"),
        ("reports", "bafrisk", "change_bafrisk", "Can change BAF risk"),
        ("reports", "bafrisk", "view_bafrisk", "Can view BAF risk"),
        ("reports", "papertemplate", "add_papertemplate", "Can add board paper template"),
        ("reports", "papertemplate", "change_papertemplate", "Can change board paper template"),
        ("reports", "papertemplate", "view_papertemplate", "Can view board paper template"),
        ("reports", "strategicobjective", "add_strategicobjective", "Can add strategic objective"),
        ("reports", "strategicobjective", "change_strategicobjective", "Can change strategic objective"),
        ("reports", "strategicobjective", "view_strategicobjective", "Can view strategic objective"),
    ],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for group in Group.objects.using(db).filter(name__in=ADDED):
        for app_label, model, codename, name in ADDED[group.name]:
            content_type, _ = ContentType.objects.using(db).get_or_create(app_label=app_label, model=model)
            permission, _ = Permission.objects.using(db).get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("peopleplan", "0001_lasting_demo_marker"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("api", "0002_cache_table"),
        ("reminders", "0001_initial"),
        ("reports", "0008_hardening_line_revision"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
