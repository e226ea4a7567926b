"""Roles are Django groups with permissions. `ensure_roles()` makes them exist, idempotently."""

from django.contrib.auth.models import Group, Permission

HR_LEAD = "HR lead"
BOARD_SECRETARY = "Board secretary"
PLAN_ADMIN = "Plan admin"
BOARD_MEMBER = "Board member"

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
    ],
    BOARD_SECRETARY: [
        "actions.view_response",
        "actions.view_all_responses",
    ],
    BOARD_MEMBER: [
        "actions.view_response",
        "actions.view_all_responses",
    ],
    PLAN_ADMIN: [
        "actions.view_response",
        "actions.view_all_responses",
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
    ],
}

# Offline updates (actions.importing): HR leads and board secretaries upload the edited board
# workbook. Plan import (admin) needs actions.add_planversion + actions.change_action: Plan admin.
ROLE_PERMISSIONS[HR_LEAD].append("actions.import_responses")
ROLE_PERMISSIONS[BOARD_SECRETARY].append("actions.import_responses")
ROLE_PERMISSIONS[PLAN_ADMIN].append("actions.view_actionchange")

# Other apps add their own permissions to roles here (see reports.roles).
EXTRA_ROLE_PERMISSIONS: dict[str, list[str]] = {}

# Board reports: the secretary creates and issues them; everyone in the organisation reads
# them; the HR lead and the secretary download exports of the live action list.
REPORT_PERMISSIONS = {
    BOARD_SECRETARY: [
        "reports.view_boardreport",
        "reports.add_boardreport",
        "reports.change_boardreport",
        "reports.issue_boardreport",
        "reports.download_export",
    ],
    HR_LEAD: ["reports.view_boardreport", "reports.download_export"],
    BOARD_MEMBER: ["reports.view_boardreport"],
    PLAN_ADMIN: ["reports.view_boardreport"],
}
for _role, _perms in REPORT_PERMISSIONS.items():
    EXTRA_ROLE_PERMISSIONS.setdefault(_role, []).extend(_perms)

# Owner reminders: HR leads get the digest and read the Reminders page; the plan admin sets each
# organisation's reminder day and windows and turns an owner's reminders off or back on (admin).
REMINDER_PERMISSIONS = {
    HR_LEAD: ["reminders.receive_digest", "reminders.view_reminderrun"],
    PLAN_ADMIN: [
        "reminders.view_reminderrun",
        "reminders.add_remindersettings",
        "reminders.change_remindersettings",
        "reminders.view_remindersettings",
        "reminders.add_reminderoptout",
        "reminders.view_reminderoptout",
        "reminders.delete_reminderoptout",
    ],
}
for _role, _perms in REMINDER_PERMISSIONS.items():
    EXTRA_ROLE_PERMISSIONS.setdefault(_role, []).extend(_perms)


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles():
    """Create or refresh the four role groups with exactly their permissions."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = perms + EXTRA_ROLE_PERMISSIONS.get(name, [])
        group.permissions.set([_permission(p) for p in wanted])
        groups[name] = group
    return groups
