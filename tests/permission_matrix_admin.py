"""Expected outcomes for the Django admin's URLs, by rule (used by test_permission_matrix).

Rules, per role:
- Anonymous: the login page 200; the admin site's own pages (index, app index, logout,
  password change, jsi18n, autocomplete, view-on-site, catch-all) 302 → admin login; the
  model admins' pages meet LoginRequiredMiddleware first: 302 → the site's sign-in page.
- Every non-staff role (HR lead, board secretary, board member, the other trust's HR lead, the
  system, region and other system's leads):
  every admin URL 302 → admin login, except the login page itself (200, GET and an empty POST
  that fails) and logout (302 elsewhere).
- Plan admin (staff, not superuser), per the permissions of the Plan admin role
  (``peopleplan.roles``) and the ModelAdmin's own refusals (action changes and board reports are
  never added in the admin):
  changelist / change page / history / history version: 200 with view or change permission,
  else 403 (a change POST needs change permission: 200 with the form's errors, else 403);
  add: 200 with add permission (GET, and an empty POST that fails validation), else 403;
  delete: 403 (the role has no delete permission);
  ``<id>/`` (old-style change URL): 302 elsewhere (to the change page);
  a model with no row to put in the URL (axes' logs, action changes): change 302 elsewhere
  (admin index) when allowed, else 403; history 302 elsewhere (Django answers before checking
  permissions), or 404 for the organisation-scoped admins;
  the django-import-export process_import: GET 302 elsewhere (to the import form);
  *Set up an organisation* (``owners_organisation_setup``): 403 (superusers only);
  *Add a person* (``auth_user_add_person``): 200 (GET) / 400 (an empty POST: the form's errors) with
  auth.add_user, owners.add_membership, owners.add_owner and owners.change_owner, else 403;
  import/export (django-import-export): export 200 with view permission, import 200 with
  add or change permission, else 403; the plan-version import is the project's own: 200 with
  add_planversion + change_action;
  national rows (point 4 of the hardening issue): plans, themes and the plan's own actions change
  only through a plan-version import by a superuser — for the plan admin their change page is
  read-only (GET 200), a change POST is 403, adding a plan or theme is 403 (a local action may be
  added), and both imports that write them (the plan-version import, django-import-export's plan
  import) are 403; the fields of each change form are held one by one in test_admin_fields;
  site pages: logout GET 302 elsewhere (to the admin index), index 200, app index 200 (filled with
  "actions"), a user's password form 200
  with auth.change_user, login 302 elsewhere (GET; already signed in) / 200 (POST),
  password change 200, done 200 (GET) / 405 (POST), autocomplete 403 without its query
  parameters (GET) / 405 (POST), jsi18n 200 / 405, view-on-site 404 (no model has a public
  URL), the catch-all 404.
Every object in the URLs belongs to the demo trust (RYV) or the national plan.
"""

import re

from owners.admin_scoping import SCOPES

LOGIN = ("302", "login")
ADMIN_LOGIN = ("302", "admin_login")
ELSEWHERE = ("302", "elsewhere")

NON_STAFF = [
    "anonymous",
    "hr_lead",
    "secretary",
    "board_member",
    "other_hr",
    "system_lead",
    "region_lead",
    "other_system_lead",
]

# Model admin URL kinds: the suffix of the URL name → rule.
KINDS = [
    "changelist",
    "add",
    "change",
    "delete",
    "history",
    "simple_history",
    "import",
    "process_import",
    "export",
    "import_preview",
    "setup",
    "add_person",
]

# Admin refusals beyond the role's permissions.
NEVER_ADD = {"actions.actionchange", "reports.boardreport"}
# National rows: read-only for everyone but a superuser (the matrix's objects of these are national).
NATIONAL = {"actions.plan", "actions.theme", "actions.action"}
SUPERUSER_ADDS = {"actions.planversion"}  # a version is recorded by the import, the superuser's
ADDS_LOCAL = {"actions.action"}  # an organisation's admin may add its own local actions
SUPERUSER_IMPORTS = {"actions.plan"}  # the plan-version import: the plan admin for its own local plans only


def _model_kind(name, models):
    """('app_label.model', kind) for a model admin URL name like admin:actions_response_change."""
    short = name.split(":", 1)[1]
    for label in models:
        prefix = label.replace(".", "_") + "_"
        if short.startswith(prefix) and short[len(prefix) :] in KINDS:
            return label, short[len(prefix) :]
    return None, None


def _can(user, label, action):
    app, model = label.split(".")
    return user.has_perm(f"{app}.{action}_{model}")


def plan_admin_expected(name, route, method, user, models, missing=()):
    """Expected outcome for the plan admin on one admin URL (see the module docstring).

    ``missing``: models with no row to put in the URL (axes' logs): their change and history
    pages redirect to the admin index when the role may read them at all."""
    site = {
        "admin:index": 200,
        "admin:login": ELSEWHERE if method == "GET" else 200,
        "admin:logout": ELSEWHERE if method == "GET" else LOGIN,  # GET: to the admin index; POST: LOGOUT_REDIRECT_URL
        "admin:password_change": 200,
        "admin:password_change_done": 200 if method == "GET" else 405,
        "admin:autocomplete": 403 if method == "GET" else 405,
        "admin:jsi18n": 200 if method == "GET" else 405,
        "admin:view_on_site": 404,
        "admin:app_list": 200,  # filled with the "actions" app, which the role reads
        "admin:auth_user_password_change": 200 if _can(user, "auth.user", "change") else 403,
    }
    if name in site:
        return site[name]
    if name == "admin:<catch-all>":
        return 404
    if name.startswith("admin:<id>"):
        return ELSEWHERE
    label, kind = _model_kind(name, models)
    assert label, f"No admin rule covers {name} ({route})"
    view = _can(user, label, "view") or _can(user, label, "change")
    if label in missing and kind == "history":
        # No row: Django redirects to the admin index before checking permissions; the
        # organisation-scoped admins answer 404 (owners.admin_scoping).
        return 404 if label in SCOPES else ELSEWHERE
    if label in missing and kind == "change":
        allowed = view if method == "GET" else _can(user, label, "change")
        return ELSEWHERE if allowed else 403
    if kind in ("changelist", "history", "simple_history"):
        return 200 if view else 403
    if kind == "change":
        if method == "GET":
            return 200 if view else 403
        return 200 if _can(user, label, "change") and label not in NATIONAL else 403
    if kind == "add":
        refused = NEVER_ADD | (NATIONAL - ADDS_LOCAL) | SUPERUSER_ADDS
        return 200 if _can(user, label, "add") and label not in refused else 403
    if kind == "delete":
        return 200 if _can(user, label, "delete") else 403
    if kind == "export":
        return 200 if view else 403
    if kind == "process_import" and method == "GET":
        return ELSEWHERE  # a GET on the import's confirm step goes to the import form (peopleplan.errors)
    if label in SUPERUSER_IMPORTS and kind in ("import", "process_import", "import_preview"):
        return 403
    if kind in ("import", "process_import"):
        return 200 if (_can(user, label, "add") or _can(user, label, "change")) else 403
    if kind == "import_preview":
        return 404  # the token is not in the plan admin's session
    if kind == "setup":
        return 403  # setting up an organisation and its administrator is a superuser's job
    if kind == "add_person":  # *Add a person* (peopleplan.admin): the organisation's admin adds its people
        allowed = all(
            _can(user, *p)
            for p in (
                ("auth.user", "add"),
                ("owners.membership", "add"),
                ("owners.owner", "add"),
                ("owners.owner", "change"),
            )
        )
        if not allowed:
            return 403
        return 200 if method == "GET" else 400  # an empty POST: the form's errors
    raise AssertionError(name)


def admin_expected(name, route, method, role, user, models, missing=()):
    if role == "plan_admin":
        return plan_admin_expected(name, route, method, user, models, missing)
    if name == "admin:login":
        return 200
    if role == "anonymous":
        # The admin site's own views are exempt from LoginRequiredMiddleware and send to the
        # admin's sign-in page; the model admins' views meet the middleware first.
        site_view = not (
            name.startswith("admin:<id>") or _model_kind(name, models)[0] or name == "admin:auth_user_password_change"
        )
        return ADMIN_LOGIN if site_view else LOGIN
    if name == "admin:logout":
        return ELSEWHERE
    return ADMIN_LOGIN


def unnamed_key(route):
    """A stable table key for the admin's unnamed patterns."""
    if route.endswith("(?P<url>.*)$"):
        return "admin:<catch-all>"
    match = re.match(r"admin/(\w+)/(\w+)/<path:object_id>/$", route)
    if match:
        return f"admin:<id>:{match.group(1)}_{match.group(2)}"
    raise AssertionError(f"Unnamed URL pattern {route} has no table key")
