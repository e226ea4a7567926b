"""Permission matrix: every URL of the URLconf × every role × GET and POST, against ONE table.

The table below (``APP``) lists, per URL name, per method, per role, the exact outcome:
a status code, or ``LOGIN`` (302 to the sign-in page), ``ADMIN_LOGIN`` (302 to the admin's
sign-in page), ``ELSEWHERE`` (302 somewhere else). The Django admin's URLs are covered by
rules (``tests/permission_matrix_admin.py``, documented there); a URL name that neither the
table nor a rule covers fails ``test_every_url_has_a_table_entry``.

Objects in URLs belong to the demo trust (RYV) — so the other trust's HR lead gets 404. An
organisation in a URL is RYV (``/organisations/<ODS>/…``, a member trust read from above) or its
system QUE (``/rollups/<ODS>/…``). The system lead of QUE and the region lead of Y61 read RYV's
work and change none of it (403); the lead of the region's other system (QZZ) gets 404 for all
of it. The board report in the URLs is a DRAFT, which only its own organisation sees (404 to the
leads; issued reports are read from above: ``tests/test_system_roles.py``).
POSTs carry an empty body; the test client skips the CSRF check, as Django's test client does.

Matrix size: 9 roles × 180 URL patterns × 2 methods = 3240 requests (printed by
``test_matrix_size``; the count of patterns grows with the URLconf).

The read-only API (``api:`` URLs) answers for itself: 401 without credentials (never a redirect),
405 for every unsafe method, 404 for another organisation's objects. Its URLs are also requested
with API keys of every scope (``KEY_SCOPES``, table ``API_KEYS``): a key of the demo trust and of
its system read the trust's objects; a key of the other trust or of the other system find none of
them (404); an expired, revoked or malformed key is 401. Every other URL treats a key as no
credentials at all (the anonymous outcome), which ``test_a_key_opens_nothing_but_the_api`` checks.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import api_helpers
from . import permission_matrix_admin as admin_rules
from .permission_matrix_admin import ADMIN_LOGIN, ELSEWHERE, LOGIN

ROLES = [
    "anonymous",
    "hr_lead",
    "plan_admin",
    "board_member",
    "other_hr",
    "system_lead",
    "region_lead",
    "other_system_lead",
    "secretary",
]
LEADS_READ = {"system_lead": 200, "region_lead": 200, "other_system_lead": 404}
LEADS_NOT_FOUND = {"system_lead": 404, "region_lead": 404, "other_system_lead": 404}
METHODS = ["GET", "POST"]
FAKE_TOKEN = "not-an-upload-of-this-session"


def roles(default, **overrides):
    """{role: outcome}: ``default`` for every signed-in role, anonymous → LOGIN, then overrides."""
    table = {role: default for role in ROLES}
    table["anonymous"] = LOGIN
    table.update(overrides)
    return table


# A page of an RYV object: its members read it, and so do its system's and region's leads.
ORG_READERS = roles(200, other_hr=404, other_system_lead=404)
# An edit of an RYV response: the HR lead only; the leads read it but may not change it.
HR_EDITS = roles(403, hr_lead=200, other_hr=404, other_system_lead=404)
# The draft board report: RYV's own members only (drafts are not shared up the tree), and of them only
# those who prepare it (secretary, HR lead): a board member reads issued reports only (issue 19).
DRAFT = {"system_lead": 404, "region_lead": 404, "other_system_lead": 404, "board_member": 404, "plan_admin": 404}
NOT_ALLOWED = roles(405)  # require_POST / require_safe refuse the method
# A GET on a form's POST-only address goes to the page the form is on (peopleplan.errors.GET_GOES_TO).
TO_THE_FORM = roles(ELSEWHERE)
# A roll-up of QUE: its lead and its region's lead; nobody of a trust or of another system.
ROLLUP_READERS = roles(404, system_lead=200, region_lead=200)

# The API: no credentials is 401 (not the sign-in page); signed in, an unsafe method is 405.
API_LIST = {"GET": roles(200, anonymous=401), "POST": roles(405, anonymous=401)}
API_RYV = {"GET": roles(200, anonymous=401, other_hr=404, other_system_lead=404), "POST": roles(405, anonymous=401)}
# The feed is the live export: signed-in people need reports.download_export (as the page's download).
API_FEED = {
    "GET": roles(403, anonymous=401, hr_lead=200, secretary=200, other_hr=404, **LEADS_READ),
    "POST": roles(405, anonymous=401),
}

APP = {
    "login": {"GET": roles(200, anonymous=200), "POST": roles(200, anonymous=200)},
    "logout": {"GET": TO_THE_FORM, "POST": roles(LOGIN)},  # LOGOUT_REDIRECT_URL is the sign-in page
    # Read pages scoped to the user's own organisation (the other trust sees its own).
    # Read pages answer GET only (require_safe): a POST is 405 for every signed-in user.
    "dashboard": {"GET": roles(200), "POST": NOT_ALLOWED},
    "action_list": {"GET": roles(200), "POST": NOT_ALLOWED},
    "my_actions": {"GET": roles(200), "POST": NOT_ALLOWED},
    "owner_list": {"GET": roles(200), "POST": NOT_ALLOWED},
    "response_detail": {"GET": ORG_READERS, "POST": NOT_ALLOWED},
    # Edits: POST only; an empty form re-renders the page (200) or redirects (302).
    "response_record_update": {"GET": TO_THE_FORM, "POST": HR_EDITS},
    "response_set_due_date": {"GET": TO_THE_FORM, "POST": HR_EDITS},
    "checklist_add": {"GET": TO_THE_FORM, "POST": HR_EDITS},
    "checklist_set_done": {
        "GET": TO_THE_FORM,
        "POST": roles(403, hr_lead=ELSEWHERE, other_hr=404, other_system_lead=404),
    },
    "checklist_move": {"GET": TO_THE_FORM, "POST": roles(403, hr_lead=ELSEWHERE, other_hr=404, other_system_lead=404)},
    "checklist_edit": {"GET": HR_EDITS, "POST": HR_EDITS},
    # Board reports (a draft of RYV): the secretary writes, every member reads.
    "report_list": {"GET": roles(200), "POST": NOT_ALLOWED},
    "report_create": {"GET": roles(403, secretary=200), "POST": roles(403, secretary=200)},
    "report_detail": {"GET": {**ORG_READERS, **DRAFT}, "POST": NOT_ALLOWED},
    "report_edit": {
        "GET": roles(403, secretary=200, other_hr=404, **DRAFT),
        "POST": roles(403, secretary=200, other_hr=404, **DRAFT),
    },
    "report_refresh": {"GET": TO_THE_FORM, "POST": roles(403, secretary=ELSEWHERE, other_hr=404, **DRAFT)},
    # The secretary comes last, so this POST (which issues the draft) runs after the others.
    "report_issue": {
        "GET": roles(403, secretary=200, other_hr=404, **DRAFT),
        "POST": roles(403, secretary=ELSEWHERE, other_hr=404, **DRAFT),
    },
    "report_workbook": {"GET": {**ORG_READERS, **DRAFT}, "POST": NOT_ALLOWED},
    "report_paper": {"GET": {**ORG_READERS, **DRAFT}, "POST": NOT_ALLOWED},  # the Word paper (no ?format=pdf)
    # The live export: HR leads (either trust, each their own), the secretary and the leads (their own).
    "action_list_export": {
        "GET": roles(
            403, hr_lead=200, secretary=200, other_hr=200, system_lead=200, region_lead=200, other_system_lead=200
        ),
        "POST": NOT_ALLOWED,
    },
    # RYV's pages read from above (/organisations/RYV/…): its own members, its system's and region's leads.
    "organisation_dashboard": {"GET": ORG_READERS, "POST": NOT_ALLOWED},
    "organisation_action_list": {"GET": ORG_READERS, "POST": NOT_ALLOWED},
    "organisation_report_list": {"GET": ORG_READERS, "POST": NOT_ALLOWED},
    "organisation_action_list_export": {
        "GET": roles(403, hr_lead=200, secretary=200, other_hr=404, **LEADS_READ),
        "POST": NOT_ALLOWED,
    },
    # QUE's roll-up pages and their one-file export.
    "rollup_trusts": {"GET": ROLLUP_READERS, "POST": NOT_ALLOWED},
    "rollup_action": {"GET": ROLLUP_READERS, "POST": NOT_ALLOWED},
    "rollup_exceptions": {"GET": ROLLUP_READERS, "POST": NOT_ALLOWED},
    "rollup_export": {"GET": ROLLUP_READERS, "POST": NOT_ALLOWED},
    # Offline updates: import_responses permission (HR lead, secretary); an empty upload is a 400.
    "import_responses": {
        "GET": roles(403, hr_lead=200, secretary=200, other_hr=200),
        "POST": roles(403, hr_lead=400, secretary=400, other_hr=400),
    },
    # The token is not one of the user's own uploads: 404 for those allowed to import.
    "import_responses_preview": {
        "GET": roles(403, hr_lead=404, secretary=404, other_hr=404),
        "POST": roles(403, hr_lead=404, secretary=404, other_hr=404),
    },
    # Reminders: HR leads (each their own organisation's) and the plan admin read the page.
    "reminders": {"GET": roles(403, hr_lead=200, other_hr=200, plan_admin=200), "POST": NOT_ALLOWED},
    # The opt-out link needs no sign-in (its signed token is the permission): a token that is not
    # one of ours is a 400 for everyone, signed in or not.
    "reminder_opt_out": {"GET": roles(400, anonymous=400), "POST": roles(400, anonymous=400)},
    # Single sign-on: no tenant is configured in the tests, so each tenant's two views are 404 for all.
    "microsoft_login": {"GET": roles(404, anonymous=404), "POST": roles(404, anonymous=404)},
    "microsoft_callback": {"GET": roles(404, anonymous=404), "POST": roles(404, anonymous=404)},
    # A member has access: off to the dashboard. (The page itself is for members of nothing.)
    "no_access": {"GET": roles(ELSEWHERE), "POST": NOT_ALLOWED},
    # Your account (every signed-in person, their own); change password (an empty POST re-shows the form);
    # sign out everywhere ends the person's sessions and lands on the sign-in page.
    "account": {"GET": roles(200), "POST": NOT_ALLOWED},
    "sign_out_everywhere": {"GET": NOT_ALLOWED, "POST": roles(LOGIN)},
    # The other system's lead has no usable password (SSO only): the GET explains, a POST is 403.
    "password_change": {"GET": roles(200), "POST": roles(200, other_system_lead=403)},
    "password_change_done": {"GET": roles(200), "POST": NOT_ALLOWED},
    # Forgotten password: open to everyone; the link in the URL is not a real one, so "no longer works".
    "password_reset": {"GET": roles(200, anonymous=200), "POST": roles(200, anonymous=200)},
    "password_reset_done": {"GET": roles(200, anonymous=200), "POST": roles(405, anonymous=405)},
    "password_reset_confirm": {"GET": roles(200, anonymous=200), "POST": roles(200, anonymous=200)},
    "password_reset_complete": {"GET": roles(200, anonymous=200), "POST": roles(405, anonymous=405)},
    # API keys: the organisation's administrator (Plan admin role); an empty POST re-shows the form.
    "api_keys": {"GET": roles(403, plan_admin=200), "POST": roles(403, plan_admin=200)},
    # Revoking a key of RYV: the plan admin's POST revokes it (then nobody else may anyway).
    # Another organisation's key: not found, as for every other object of another organisation.
    "api_key_revoke": {
        "GET": roles(403, plan_admin=200, other_hr=404, **LEADS_NOT_FOUND),
        "POST": roles(403, plan_admin=ELSEWHERE, other_hr=404, **LEADS_NOT_FOUND),
    },
    # The read-only API.
    "api:root": API_LIST,
    "api:schema": API_LIST,
    "api:docs": {"GET": roles(200), "POST": roles(405)},  # a person's page: anonymous → sign-in page
    "api:plan-list": API_LIST,
    "api:plan-detail": API_LIST,  # national: every signed-in user
    "api:theme-list": API_LIST,
    "api:theme-detail": API_LIST,
    "api:action-list": API_LIST,
    "api:action-detail": API_RYV,  # a local action of RYV
    "api:organisation-list": API_LIST,
    "api:organisation-detail": API_RYV,
    "api:response-list": API_LIST,
    "api:response-detail": API_RYV,
    "api:update-list": API_LIST,
    "api:update-detail": API_RYV,
    "api:report-list": API_LIST,
    "api:report-detail": API_RYV,  # an issued report of RYV
    "api:report-lines": API_RYV,
    "api:feed-csv": API_FEED,
    "api:feed-json": API_FEED,
}

# API keys of each scope (made in ``matrix_objects``).
KEY_SCOPES = ["trust_key", "system_key", "other_trust_key", "other_system_key", "expired", "revoked", "malformed"]
VALID_KEYS = KEY_SCOPES[:4]


def scopes(default, **overrides):
    """{key scope: outcome}: ``default`` for the four usable keys, 401 for the unusable ones."""
    table = {scope: (default if scope in VALID_KEYS else 401) for scope in KEY_SCOPES}
    table.update(overrides)
    return table


KEY_LIST = {"GET": scopes(200), "POST": scopes(405)}
KEY_RYV = {"GET": scopes(200, other_trust_key=404, other_system_key=404), "POST": scopes(405)}
API_KEYS = {key: KEY_RYV for key, table in APP.items() if table in (API_RYV, API_FEED)}
API_KEYS |= {key: KEY_LIST for key, table in APP.items() if table is API_LIST}
# The docs are a page for people: a key is no one, so to the sign-in page.
API_KEYS["api:docs"] = {"GET": {scope: LOGIN for scope in KEY_SCOPES}, "POST": {scope: LOGIN for scope in KEY_SCOPES}}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = admin_rules.unnamed_key(route)
            yield key, route


def all_urls():
    return sorted(set(_walk(get_resolver().url_patterns)))


ALL_URLS = all_urls()


def test_every_url_has_a_table_entry():
    from django.contrib import admin

    models = [m._meta.label_lower for m in admin.site._registry]
    uncovered = []
    for key, _route in ALL_URLS:
        if key.startswith("admin:"):
            if not (
                key
                in (
                    "admin:index",
                    "admin:login",
                    "admin:logout",
                    "admin:password_change",
                    "admin:password_change_done",
                    "admin:autocomplete",
                    "admin:jsi18n",
                    "admin:view_on_site",
                    "admin:app_list",
                    "admin:auth_user_password_change",
                    "admin:<catch-all>",
                )
                or key.startswith("admin:<id>:")
                or admin_rules._model_kind(key, models)[0]
            ):
                uncovered.append(key)
        elif key not in APP:
            uncovered.append(key)
    assert not uncovered, f"URLs with no expected outcome in the permission matrix: {uncovered}"


def test_matrix_size(capsys):
    size = len(ROLES) * len(ALL_URLS) * len(METHODS)
    with capsys.disabled():
        print(f"\nPermission matrix: {len(ROLES)} roles × {len(ALL_URLS)} URLs × {len(METHODS)} methods = {size}")
    # And the table names no URL that no longer exists.
    assert set(APP) <= {key for key, _ in ALL_URLS}


@pytest.fixture
def matrix_objects(trust, hr_lead, make_report):
    """One object of the demo trust (or the national plan) per kind of URL parameter."""
    from django.contrib.auth.models import Group

    from actions import services
    from actions.models import Action, ActionChange, AdditionalAction, Plan, PlanVersion, ProgressUpdate, Theme
    from owners.models import Membership, Organisation, Owner
    from reminders.models import ReminderOptOut, ReminderSettings
    from reports.models import BafRisk, PaperTemplate, StrategicObjective

    item = AdditionalAction.objects.filter(response__organisation=trust).order_by("pk").first()
    response = item.response
    services.checklist_item_set_done(item=item, user=hr_lead, done=item.done)  # gives it a history row
    services.response_record_update(response=response, user=hr_lead, status=response.status, note="Matrix note.")
    report = make_report()
    change = ActionChange.objects.order_by("pk").first()
    cache.clear()  # API rate-limit counts start afresh
    system_of = api_helpers.systems()
    keys = {
        "trust_key": api_helpers.new_key(trust),
        "system_key": api_helpers.new_key(system_of["QUE"]),
        "other_trust_key": api_helpers.new_key(Organisation.objects.get(ods_code="ZZ001")),
        "other_system_key": api_helpers.new_key(system_of["QZZ"]),
        "expired": api_helpers.expired_key(trust),
        "revoked": api_helpers.revoked_key(trust),
        "malformed": "not-a-key",
    }
    return {
        "response": response,
        "item": item,
        "report": report,
        "keys": keys,
        "api": {
            "api:plan-detail": {"pk": Plan.objects.first().pk},
            "api:theme-detail": {"pk": Theme.objects.first().pk},
            "api:action-detail": {"pk": Action.objects.filter(organisation=trust).first().pk},
            "api:organisation-detail": {"ods_code": trust.ods_code},
            "api:response-detail": {"pk": response.pk},
            "api:update-detail": {"pk": ProgressUpdate.objects.filter(response=response).first().pk},
            "api:report-detail": {"pk": make_report(title="Issued for the matrix", issue=True).pk},
            "api:feed-csv": {"ods_code": trust.ods_code},
            "api:feed-json": {"ods_code": trust.ods_code},
            "api_key_revoke": {"prefix": api_helpers.new_key(trust, name="Matrix").partition(".")[0]},
        },
        "admin": {
            "auth.group": Group.objects.order_by("pk").first(),
            "auth.user": hr_lead,
            "owners.organisation": trust,
            "owners.owner": Owner.objects.filter(organisation=trust).first(),
            "owners.membership": Membership.objects.get(user=hr_lead),
            "actions.plan": Plan.objects.first(),
            "actions.planversion": PlanVersion.objects.first(),
            "actions.actionchange": change,
            "actions.theme": Theme.objects.first(),
            "actions.action": Action.objects.filter(organisation__isnull=True).first(),
            "actions.response": response,
            "actions.progressupdate": ProgressUpdate.objects.filter(response=response).first(),
            "actions.additionalaction": item,
            "reports.boardreport": report,
            "reminders.remindersettings": ReminderSettings.objects.create(organisation=trust),
            "reminders.reminderoptout": ReminderOptOut.objects.create(
                owner=Owner.objects.get(organisation=trust, initials="AP")
            ),
            "reports.strategicobjective": StrategicObjective.objects.filter(organisation=trust).first(),
            "reports.bafrisk": BafRisk.objects.create(organisation=trust, title="Matrix risk"),
            "reports.papertemplate": PaperTemplate.objects.create(organisation=trust, filename="t.docx", content=b""),
        },
        "_org": Organisation,
    }


def _url(key, route, objs, models):
    if key == "api:report-lines":
        return reverse(key, kwargs=objs["api"]["api:report-detail"])
    if key in objs.get("api", {}):
        return reverse(key, kwargs=objs["api"][key])
    if key.startswith("microsoft_"):
        return reverse(key, kwargs={"provider_id": "no-such-tenant"})
    if not key.startswith("admin:"):
        kwargs = {}
        if "<str:ods>" in route:
            kwargs["ods"] = "QUE" if route.startswith("rollups/") else "RYV"
        if "<int:pk>" in route:
            kwargs["pk"] = (objs["report"] if route.startswith("reports/") else objs["response"]).pk
        if "<int:item_pk>" in route:
            kwargs["item_pk"] = objs["item"].pk
        if "<str:token>" in route:
            kwargs["token"] = FAKE_TOKEN
        if "<uidb64>" in route:
            kwargs.update(uidb64="MQ", token=FAKE_TOKEN)
        return reverse(key, kwargs=kwargs)
    if key == "admin:<catch-all>":
        return "/admin/no-such-page/"
    if key.startswith("admin:<id>:"):
        app_model = key.split(":")[2]
        label = app_model.replace("_", ".", 1)
        obj = objs["admin"].get(label)
        return f"/admin/{app_model.replace('_', '/', 1)}/{obj.pk if obj else 999999}/"
    if key == "admin:app_list":
        return reverse(key, kwargs={"app_label": "actions"})
    if key == "admin:view_on_site":
        ct = ContentType.objects.get_for_model(objs["response"])
        return reverse(key, args=[ct.pk, objs["response"].pk])
    if key == "admin:auth_user_password_change":
        return reverse(key, args=[objs["admin"]["auth.user"].pk])
    label, kind = admin_rules._model_kind(key, models)
    if kind in ("change", "delete", "history"):
        obj = objs["admin"].get(label)
        return reverse(key, args=[obj.pk if obj else 999999])
    if kind == "simple_history":
        obj = objs["admin"][label]
        return reverse(key, args=[obj.pk, obj.history.latest().history_id])
    if kind == "import_preview":
        return reverse(key, kwargs={"token": FAKE_TOKEN})
    return reverse(key)


def _outcome(response):
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith("/admin/login/"):
        return ADMIN_LOGIN
    if location.startswith(reverse("login")):
        return LOGIN
    return ELSEWHERE


@pytest.mark.parametrize("key,route", ALL_URLS, ids=[k for k, _ in ALL_URLS])
def test_permission_matrix(key, route, client, matrix_objects, request):
    from django.contrib import admin

    models = [m._meta.label_lower for m in admin.site._registry]
    missing = {label for label in models if matrix_objects["admin"].get(label) is None}
    url = _url(key, route, matrix_objects, models)
    wrong = []
    for role in ROLES:
        user = None if role == "anonymous" else request.getfixturevalue(role)
        for method in METHODS:
            client.logout()
            if user is not None:
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            if key.startswith("admin:"):
                expected = admin_rules.admin_expected(key, route, method, role, user, models, missing)
            else:
                expected = APP[key][method][role]
            response = client.get(url) if method == "GET" else client.post(url, {})
            got = _outcome(response)
            if getattr(response, "streaming", False):
                # Drain streamed downloads now, not in a later test's garbage collection. (Not
                # response.close(): it sends request_finished, which closes the test's connection.)
                for _chunk in response.streaming_content:
                    pass
            if got != expected:
                wrong.append(f"{method} {url} as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


# The same table holds for an action of the trust's own local plan (its WDES 2023/24 plan): its members
# read it, the HR lead edits it, the other trust's HR lead gets 404 — as for any RYV response.
RESPONSE_KEYS = [
    "response_detail",
    "response_record_update",
    "response_set_due_date",
    "checklist_add",
    "checklist_set_done",
    "checklist_move",
    "checklist_edit",
]


@pytest.fixture
def local_plan_objects(trust, hr_lead):
    from actions import services
    from actions.models import AdditionalAction

    item = (
        AdditionalAction.objects.filter(
            response__organisation=trust, response__action__theme__plan__slug="ryv-wdes-2023-24"
        )
        .order_by("pk")
        .first()
    )
    services.checklist_item_set_done(item=item, user=hr_lead, done=item.done)
    return {"response": item.response, "item": item, "report": None}


@pytest.mark.parametrize("key", RESPONSE_KEYS)
def test_permission_matrix_for_an_action_of_a_local_plan(key, client, local_plan_objects, request):
    route = dict(ALL_URLS)[key]
    url = _url(key, route, local_plan_objects, [])
    assert local_plan_objects["response"].action.theme.plan.is_local
    wrong = []
    for role in ROLES:
        user = None if role == "anonymous" else request.getfixturevalue(role)
        for method in METHODS:
            client.logout()
            if user is not None:
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            response = client.get(url) if method == "GET" else client.post(url, {})
            got, expected = _outcome(response), APP[key][method][role]
            if got != expected:
                wrong.append(f"{method} {url} as {role}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


API_URLS = [(key, route) for key, route in ALL_URLS if key.startswith("api:")]


def test_every_api_url_has_a_key_scope_entry():
    assert {key for key, _ in API_URLS} == set(API_KEYS)


def _drain(response):
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass


@pytest.mark.parametrize("key,route", API_URLS, ids=[k for k, _ in API_URLS])
def test_api_key_matrix(key, route, matrix_objects):
    """Every API URL × every key scope × GET and POST, against ``API_KEYS``."""
    url = _url(key, route, matrix_objects, [])
    wrong = []
    for scope in KEY_SCOPES:
        client = Client(HTTP_AUTHORIZATION=f"Api-Key {matrix_objects['keys'][scope]}")
        for method in METHODS:
            response = client.get(url) if method == "GET" else client.post(url, {})
            _drain(response)
            expected, got = API_KEYS[key][method][scope], _outcome(response)
            if got != expected:
                wrong.append(f"{method} {url} with {scope}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_key_opens_nothing_but_the_api(matrix_objects):
    """Outside the API a key is no credential at all: every page answers as to an anonymous visitor."""
    from django.contrib import admin

    models = [m._meta.label_lower for m in admin.site._registry]
    missing = {label for label in models if matrix_objects["admin"].get(label) is None}
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {matrix_objects['keys']['trust_key']}")
    wrong = []
    for key, route in ALL_URLS:
        if key.startswith("api:"):
            continue
        url = _url(key, route, matrix_objects, models)
        for method in METHODS:
            if key.startswith("admin:"):
                expected = admin_rules.admin_expected(key, route, method, "anonymous", None, models, missing)
            else:
                expected = APP[key][method]["anonymous"]
            response = client.get(url) if method == "GET" else client.post(url, {})
            _drain(response)
            if _outcome(response) != expected:
                wrong.append(f"{method} {url}: expected {expected}, got {_outcome(response)}")
    assert not wrong, "\n".join(wrong)
