"""Roles are Django groups with permissions over every app, named here once.

Every ``migrate`` creates a role that does not exist yet, with exactly these permissions
(``create_missing_roles``, run after migrations by ``PeoplePlanConfig``), so a production
database has its roles without the demo. An existing role is never changed afterwards: an
administrator's edits to a role stay. A change to an existing role's permissions ships as a
data migration that adds or removes exactly that permission (as
``peopleplan/migrations/0002_roles_gain_this_releases_permissions`` does for this release's
reminders, board-paper and API-key permissions).

What a role may do is its permissions; WHERE is its membership (``owners.access``): every role
changes only its own organisation, and a member of a system (ICS) or region also reads the
organisations below it. A system lead and a region lead are read-only roles whose membership is
a system or a region; the system's own responses are changed by the system's own HR lead.
"""

from django.contrib.auth.models import Group, Permission

HR_LEAD = "HR lead"
BOARD_SECRETARY = "Board secretary"
PLAN_ADMIN = "Plan admin"
BOARD_MEMBER = "Board member"
SYSTEM_LEAD = "System lead"
REGION_LEAD = "Region lead"

# Read everything of the organisations below their own (dashboards, action lists, action pages,
# issued board reports) and download exports, the roll-ups included; change nothing.
_LEAD_READS = [
    "actions.view_response",
    "actions.view_all_responses",
    "reports.view_boardreport",
    "reports.download_export",
]

# codename lists per role, as "app_label.codename".
ROLE_PERMISSIONS = {
    HR_LEAD: [
        "actions.view_response",
        "actions.change_response",
        "actions.view_all_responses",
        "actions.add_progressupdate",
        "actions.add_additionalaction",
        "actions.change_additionalaction",
        "actions.delete_additionalaction",
        # Offline updates: upload the edited board workbook (actions.imports).
        "actions.import_responses",
        # Read board reports; download exports of the live action list.
        "reports.view_boardreport",
        "reports.download_export",
        # Owner reminders: the HR lead gets the digest and reads the Reminders page.
        "reminders.receive_digest",
        "reminders.view_reminderrun",
    ],
    BOARD_SECRETARY: [
        "actions.view_response",
        "actions.view_all_responses",
        "actions.import_responses",
        # Board reports: create, edit and issue them; download exports of the live action list.
        "reports.view_boardreport",
        "reports.add_boardreport",
        "reports.change_boardreport",
        "reports.issue_boardreport",
        "reports.download_export",
    ],
    BOARD_MEMBER: [
        "actions.view_response",
        "actions.view_all_responses",
        "reports.view_boardreport",
    ],
    # The ICS people lead (membership: the system) and the region lead (membership: the region).
    SYSTEM_LEAD: _LEAD_READS,
    REGION_LEAD: _LEAD_READS,
    PLAN_ADMIN: [
        "actions.view_response",
        "actions.view_all_responses",
        "reports.view_boardreport",
        # Plan import (admin) needs add_planversion + change_action; what each version changed.
        "actions.view_actionchange",
        # Owner reminders: set each organisation's reminder day and windows, turn an owner's reminders off or on.
        "reminders.view_reminderrun",
        "reminders.add_remindersettings",
        "reminders.change_remindersettings",
        "reminders.view_remindersettings",
        "reminders.add_reminderoptout",
        "reminders.view_reminderoptout",
        "reminders.delete_reminderoptout",
        "actions.add_plan",
        "actions.change_plan",
        "actions.view_plan",
        "actions.add_planversion",
        "actions.view_planversion",
        "actions.add_theme",
        "actions.change_theme",
        "actions.view_theme",
        "actions.add_action",
        "actions.change_action",
        "actions.view_action",
        "owners.add_owner",
        "owners.change_owner",
        "owners.view_owner",
        "owners.add_organisation",
        "owners.change_organisation",
        "owners.view_organisation",
        "owners.add_membership",
        "owners.change_membership",
        "owners.view_membership",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        # Board papers: the organisation's strategic objectives, BAF risks and Word template (admin).
        "reports.add_strategicobjective",
        "reports.change_strategicobjective",
        "reports.view_strategicobjective",
        "reports.add_bafrisk",
        "reports.change_bafrisk",
        "reports.view_bafrisk",
        "reports.add_papertemplate",
        "reports.change_papertemplate",
        "reports.view_papertemplate",
        # The organisation's API keys (api.views.keys): list, create, revoke.
        "api.view_organisationapikey",
        "api.add_organisationapikey",
        "api.change_organisationapikey",
    ],
}


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles():
    """The role groups by name; a missing one is created with exactly its permissions. Existing
    groups are left as they are."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set([_permission(p) for p in perms])
        groups[name] = group
    return groups


def create_missing_roles(sender=None, using="default", apps=None, **kwargs):
    """``post_migrate``: make every app's permissions exist, then any missing role group."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_roles()
