"""Roles are Django groups with permissions over every app, named here once. `ensure_roles()` makes them
exist, idempotently.

What a role may do is its permissions; WHERE is its membership (``owners.access``): every role
changes only its own organisation, and a member of a system (ICS) or region also reads the
organisations below it. A system lead and a region lead are read-only roles whose membership is
a system or a region; the system's own responses are changed by the system's own HR lead."""

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


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles():
    """Create or refresh the role groups with exactly their permissions."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in perms])
        groups[name] = group
    return groups
