"""Organisation isolation: nothing of the other trust (ZZ001) reaches a user of the demo trust (RYV).

ZZ001 gets a local action, a checklist item, a progress note, an owner and a board report,
each carrying a word no RYV row has. Pages, search, exports, reports and admin lists of RYV
users must not show those words; ZZ001's objects are 404 to them (admin: "not found").
Each test also has a positive control, so it cannot pass by showing nothing at all.
"""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions import services
from actions.models import Action, AdditionalAction, ProgressUpdate, Response, Theme
from owners.models import Membership, Owner
from tests.import_helpers import export_rows, write_csv

pytestmark = pytest.mark.django_db
# The full texts (a search box echoes the single word searched for, which is not a leak).
WORDS = [
    "Zanzibarquux local action",
    "Quokkafrond checklist item",
    "Wibbleplonk progress note",
    "Xylophant Owner",
    "Gribblewick report",
]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def zz(other_trust, other_hr, make_report):
    """ZZ001's own data, each piece carrying one of WORDS."""
    theme = Theme.objects.filter(plan__slug="people-plan-2020-21").order_by("number").first()
    action = Action.objects.create(theme=theme, ref=901, text="Zanzibarquux local action", organisation=other_trust)
    response = Response.objects.create(organisation=other_trust, action=action)
    item = services.checklist_item_add(response=response, user=other_hr, text="Quokkafrond checklist item")
    update = services.response_record_update(
        response=response, user=other_hr, status="at_risk", note="Wibbleplonk progress note"
    )
    owner = Owner.objects.create(organisation=other_trust, initials="XO", name="Xylophant Owner")
    report = make_report(organisation=other_trust, title="Gribblewick report")
    return {"action": action, "response": response, "item": item, "update": update, "owner": owner, "report": report}


def _signed_in(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _assert_none_of_the_words(text):
    leaked = [w for w in WORDS if w in text]
    assert not leaked, f"Another organisation's data leaked: {leaked}"


@pytest.mark.parametrize(
    "name,query",
    [
        ("dashboard", ""),
        ("action_list", ""),
        ("action_list", "?q=Zanzibarquux"),
        ("action_list", "?q=Quokkafrond"),
        ("my_actions", ""),
        ("owner_list", ""),
        ("report_list", ""),
    ],
)
def test_pages_and_search_show_nothing_of_another_organisation(client, zz, hr_lead, name, query):
    page = _signed_in(client, hr_lead).get(reverse(name) + query)
    assert page.status_code == 200
    _assert_none_of_the_words(page.content.decode())


def test_search_finds_the_other_organisations_own_rows_for_its_own_users(client, zz, other_hr):
    page = _signed_in(client, other_hr).get(reverse("action_list") + "?q=Quokkafrond")
    assert "Zanzibarquux local action" in page.content.decode()


def test_dashboard_counts_only_the_users_organisation(client, zz, hr_lead, trust):
    page = _signed_in(client, hr_lead).get(reverse("dashboard"))
    assert page.context["grand_total"] == Response.objects.filter(organisation=trust).count()


@pytest.mark.parametrize("role", ["hr_lead", "secretary", "board_member", "plan_admin"])
def test_another_organisations_objects_are_404_for_every_page_and_edit(client, zz, role, request):
    client = _signed_in(client, request.getfixturevalue(role))
    pk, item_pk, report_pk = zz["response"].pk, zz["item"].pk, zz["report"].pk
    gets = [
        reverse("response_detail", args=[pk]),
        reverse("checklist_edit", args=[pk, item_pk]),
        reverse("report_detail", args=[report_pk]),
        reverse("report_workbook", args=[report_pk]),
        reverse("report_edit", args=[report_pk]),
        reverse("report_issue", args=[report_pk]),
    ]
    posts = [
        reverse("response_record_update", args=[pk]),
        reverse("response_set_due_date", args=[pk]),
        reverse("checklist_add", args=[pk]),
        reverse("checklist_set_done", args=[pk, item_pk]),
        reverse("checklist_move", args=[pk, item_pk]),
        reverse("checklist_edit", args=[pk, item_pk]),
        reverse("report_refresh", args=[report_pk]),
        reverse("report_issue", args=[report_pk]),
    ]
    got = [(url, client.get(url).status_code) for url in gets]
    got += [
        (
            url,
            client.post(
                url,
                {
                    "update-note": "x",
                    "update-status": "complete",
                    "update-revision": "1",
                    "done": "true",
                    "direction": "up",
                    "text": "x",
                },
            ).status_code,
        )
        for url in posts
    ]
    assert [g for g in got if g[1] != 404] == []
    zz["response"].refresh_from_db()
    assert zz["response"].status == "at_risk" and zz["response"].checklist.count() == 1
    assert not zz["report"].__class__.objects.get(pk=report_pk).is_issued


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_live_export_holds_only_the_users_organisation(client, zz, hr_lead, fmt):
    download = _signed_in(client, hr_lead).get(reverse("action_list_export") + f"?format={fmt}")
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        text = " ".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    else:
        text = data.decode("utf-8-sig")
    _assert_none_of_the_words(text)
    assert "Health and wellbeing" in text  # positive control: the user's own rows are there


def test_the_export_command_and_report_workbook_hold_only_the_named_organisation(client, zz, hr_lead, make_report):
    rows = export_rows("RYV")
    assert len(rows) > 1
    _assert_none_of_the_words(str(rows))
    assert "Zanzibarquux local action" in str(export_rows("ZZ001"))  # positive control
    report = make_report()
    download = _signed_in(client, hr_lead).get(reverse("report_workbook", args=[report.pk]) + "?format=csv")
    _assert_none_of_the_words(b"".join(download.streaming_content).decode("utf-8-sig"))


def test_the_offline_upload_of_another_organisations_rows_changes_nothing(client, zz, hr_lead, tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    rows = export_rows("ZZ001")
    header = rows[0]
    target = next(r for r in rows[1:] if "Zanzibarquux" in r[header.index("Action")])
    target[header.index("Status")] = "Complete"
    path = write_csv(tmp_path / "zz.csv", rows)
    client = _signed_in(client, hr_lead)
    with path.open("rb") as upload:
        uploaded = client.post(reverse("import_responses"), {"file": upload})
    if uploaded.status_code == 302:
        preview = client.get(uploaded["Location"])
        assert preview.status_code == 400
        confirm = client.post(uploaded["Location"], {"confirm": "1"})
        assert confirm.status_code == 400
    else:
        assert uploaded.status_code == 400
    zz["response"].refresh_from_db()
    assert zz["response"].status == "at_risk"


ADMIN_LISTS = [
    "actions_response",
    "actions_progressupdate",
    "actions_additionalaction",
    "actions_action",
    "actions_actionchange",
    "owners_owner",
    "owners_membership",
    "owners_organisation",
    "reports_boardreport",
    "auth_user",
]


@pytest.mark.parametrize("model", ADMIN_LISTS)
def test_admin_lists_show_the_plan_admin_only_their_organisation(client, zz, plan_admin, model):
    client = _signed_in(client, plan_admin)
    page = client.get(reverse(f"admin:{model}_changelist"))
    if page.status_code == 403:  # the role may not read this model at all
        return
    text = page.content.decode()
    _assert_none_of_the_words(text)
    assert "Demo Other Community Trust" not in text and "other.hr" not in text
    # Searching for the other trust's words finds nothing either.
    for word in WORDS:
        found = client.get(reverse(f"admin:{model}_changelist") + f"?q={word.split()[0]}").content.decode()
        _assert_none_of_the_words(found)


def test_superusers_see_every_organisation_in_the_admin(client, zz):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    page = _signed_in(client, admin).get(reverse("admin:actions_response_changelist") + "?q=Zanzibarquux")
    assert "Zanzibarquux" in page.content.decode()


@pytest.mark.parametrize(
    "key,view,expected",
    [
        # A change page of a row outside the admin's queryset redirects to the admin index
        # ("doesn't exist") — or 403 where the role may not read the model at all; a history page
        # answers 404. Either way none of the row is shown.
        ("response", "change", 302),
        ("response", "history", 404),
        ("update", "change", 403),
        ("update", "history", 404),
        ("item", "change", 403),
        ("owner", "change", 302),
        ("owner", "history", 404),
        ("report", "change", 302),
        ("report", "history", 404),
        ("action", "change", 302),
        ("action", "history", 404),
    ],
)
def test_another_organisations_admin_objects_are_not_found(client, zz, plan_admin, key, view, expected):
    obj = zz[key]
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])
    page = _signed_in(client, plan_admin).get(url)
    assert page.status_code == expected
    if expected == 302:
        assert page["Location"] == reverse("admin:index")
    _assert_none_of_the_words(page.content.decode())


def test_another_organisations_history_versions_are_not_found(client, zz, plan_admin):
    record = zz["response"].history.latest()
    url = reverse("admin:actions_response_simple_history", args=[zz["response"].pk, record.history_id])
    assert _signed_in(client, plan_admin).get(url).status_code == 404


def test_admin_foreign_key_choices_offer_only_the_users_organisation(client, zz, plan_admin, trust):
    page = _signed_in(client, plan_admin).get(reverse("admin:owners_owner_add"))
    choices = page.context["adminform"].form.fields["organisation"].queryset
    assert list(choices) == [trust]
    page = client.get(reverse("admin:owners_membership_add"))
    users = page.context["adminform"].form.fields["user"].queryset
    assert not users.filter(username="other.hr").exists() and users.filter(username="hr.lead").exists()


def test_admin_autocomplete_finds_nothing_of_another_organisation(client, zz, plan_admin):
    url = reverse("admin:autocomplete") + "?term=Xylophant&app_label=actions&model_name=responseowner&field_name=owner"
    page = _signed_in(client, plan_admin).get(url)
    assert page.status_code == 200 and page.json()["results"] == []


def test_a_plan_admin_cannot_make_anyone_a_superuser_or_staff(client, plan_admin, hr_lead):
    url = reverse("admin:auth_user_change", args=[hr_lead.pk])
    client = _signed_in(client, plan_admin)
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    data = {
        "username": hr_lead.username,
        "first_name": "Alex",
        "last_name": "Harper",
        "email": hr_lead.email,
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": list(hr_lead.groups.values_list("pk", flat=True)),
        "user_permissions": ["1"],
    }
    page = client.post(url, data)
    assert page.status_code == 302, page.content.decode()[:2000]
    hr_lead.refresh_from_db()
    assert not hr_lead.is_superuser and not hr_lead.is_staff and not hr_lead.user_permissions.exists()
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_users_a_plan_admin_adds_join_their_organisation(client, plan_admin, trust):
    page = _signed_in(client, plan_admin).post(
        reverse("admin:auth_user_add"),
        {
            "username": "new.starter",
            "password1": "a-long-Passw0rd!",
            "password2": "a-long-Passw0rd!",
            "usable_password": "true",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    assert Membership.objects.get(user__username="new.starter").organisation == trust


def test_progress_and_checklist_of_another_organisation_are_untouched_by_admin_posts(client, zz, plan_admin):
    url = reverse("admin:actions_response_change", args=[zz["response"].pk])
    _signed_in(client, plan_admin).post(url, {"status": "complete"})
    assert Response.objects.get(pk=zz["response"].pk).status == "at_risk"
    assert ProgressUpdate.objects.filter(response=zz["response"]).count() == 1
    assert AdditionalAction.objects.filter(response=zz["response"]).count() == 1


# --- Local plans: another organisation's own plan is not there at all ------------------------------------

# ZZ001's own plan carries these words; RYV's own WDES/WRES plans carry the second list.
ZZ_PLAN_WORDS = ["Frobnitz strategy plan", "Quibbleton theme", "Snorklewhistle objective", "Plinkerdoo step"]
RYV_PLAN_WORDS = [
    "WDES action plan 2023/24",
    "WRES action plan 2023/24",
    "Inclusive Leadership and Management",
    "Cultural Intelligence Training programme",
    "Position as of end July 2023",
]


@pytest.fixture
def zz_plan(other_trust, other_hr, tmp_path):
    """ZZ001's own local plan, made through `import_plan --organisation ZZ001`, with a checklist item."""
    from django.core.management import call_command

    path = write_csv(
        tmp_path / "zz-plan.csv",
        [["Theme", "Ref", "Action", "Who", "Timeline"], ["Quibbleton theme", 1, "Snorklewhistle objective", "", ""]],
    )
    call_command(
        "import_plan", str(path), "--plan", "zz-frobnitz", "--plan-name", "Frobnitz strategy plan",
        "--label", "v1", "--organisation", "ZZ001", stdout=io.StringIO(),
    )  # fmt: skip
    response = Response.objects.get(organisation=other_trust, action__theme__plan__slug="zz-frobnitz")
    services.checklist_item_add(response=response, user=other_hr, text="Plinkerdoo step")
    return response


def _none_of(words, text):
    leaked = [w for w in words if w in text]
    assert not leaked, f"Another organisation's local plan leaked: {leaked}"


LOCAL_PLAN_PAGES = [
    ("dashboard", {}),
    ("action_list", {}),
    ("action_list", {"q": "Snorklewhistle"}),
    ("action_list", {"q": "Cultural Intelligence"}),
    ("action_list", {"q": "Plinkerdoo"}),
    ("my_actions", {}),
    ("owner_list", {}),
    ("report_list", {}),
]


@pytest.mark.parametrize("name,query", LOCAL_PLAN_PAGES)
def test_pages_and_search_show_nothing_of_another_organisations_local_plan(
    client, zz_plan, hr_lead, other_hr, name, query
):
    mine = _signed_in(client, hr_lead).get(reverse(name), query)
    assert mine.status_code == 200
    _none_of(ZZ_PLAN_WORDS, mine.content.decode())
    theirs = _signed_in(client, other_hr).get(reverse(name), query)
    assert theirs.status_code == 200
    _none_of(RYV_PLAN_WORDS, theirs.content.decode())


def test_search_finds_a_local_plan_for_its_own_organisation(client, zz_plan, hr_lead, other_hr):
    page = _signed_in(client, other_hr).get(reverse("action_list"), {"q": "Plinkerdoo"})
    assert list(page.context["page_obj"]) == [zz_plan]
    page = _signed_in(client, hr_lead).get(reverse("action_list"), {"q": "Cultural Intelligence Training"})
    assert page.context["page_obj"].paginator.count == 1


def test_counts_hold_only_the_organisations_own_plans(client, zz_plan, hr_lead, other_hr, trust, other_trust):
    other = _signed_in(client, other_hr).get(reverse("dashboard"))
    assert other.context["grand_total"] == 101 + 1  # the People Plan and its own local plan, not RYV's
    assert [p["plan"]["slug"] for p in other.context["panels"]] == ["people-plan-2020-21", "zz-frobnitz"]
    mine = _signed_in(client, hr_lead).get(reverse("dashboard"))
    assert mine.context["grand_total"] == Response.objects.filter(organisation=trust).count() == 136


@pytest.mark.parametrize("role", ["hr_lead", "secretary", "board_member", "plan_admin"])
def test_another_organisations_local_plan_is_404_everywhere(client, zz_plan, role, request):
    client = _signed_in(client, request.getfixturevalue(role))
    item = zz_plan.checklist.get()
    gets = [
        reverse("response_detail", args=[zz_plan.pk]),
        reverse("checklist_edit", args=[zz_plan.pk, item.pk]),
        reverse("action_list") + "?plan=zz-frobnitz",
        reverse("my_actions") + "?plan=zz-frobnitz",
    ]
    posts = [reverse("response_record_update", args=[zz_plan.pk]), reverse("checklist_add", args=[zz_plan.pk])]
    got = [(url, client.get(url).status_code) for url in gets]
    got += [(url, client.post(url, {"update-note": "x", "update-status": "complete", "text": "x"}).status_code)
            for url in posts]  # fmt: skip
    assert [g for g in got if g[1] != 404] == []
    assert Response.objects.get(pk=zz_plan.pk).status == "not_started" and zz_plan.checklist.count() == 1


def test_the_trusts_own_plans_are_404_for_another_trust(client, other_hr, trust):
    wdes = Response.objects.filter(organisation=trust, action__theme__plan__slug="ryv-wdes-2023-24").first()
    client = _signed_in(client, other_hr)
    for url in (
        reverse("response_detail", args=[wdes.pk]),
        reverse("action_list") + "?plan=ryv-wdes-2023-24",
        reverse("my_actions") + "?plan=ryv-wres-2023-24",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_hold_no_local_plan_of_another_organisation(client, zz_plan, hr_lead, other_hr, fmt):
    for user, words in ((hr_lead, ZZ_PLAN_WORDS), (other_hr, RYV_PLAN_WORDS)):
        download = _signed_in(client, user).get(reverse("action_list_export"), {"format": fmt})
        data = b"".join(download.streaming_content)
        if fmt == "xlsx":
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row)
            text += " ".join(book.sheetnames)
        else:
            text = data.decode("utf-8-sig")
        _none_of(words, text)
        assert "Health and wellbeing" in text  # positive control


def test_the_export_command_never_exports_another_organisations_local_plan(zz_plan):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    for ods, slug in (("RYV", "zz-frobnitz"), ("ZZ001", "ryv-wdes-2023-24")):
        with pytest.raises(CommandError, match="No plan with slug"):
            call_command("export_progress", "--output", "-", "--organisation", ods, "--plan", slug)
    out = io.StringIO()
    call_command(
        "export_progress", "--output", "-", "--format", "csv", "--organisation", "RYV", "--plan", "all", stdout=out
    )
    _none_of(ZZ_PLAN_WORDS, out.getvalue())
    out = io.StringIO()
    call_command(
        "export_progress", "--output", "-", "--format", "csv", "--organisation", "ZZ001", "--plan", "all", stdout=out
    )
    _none_of(RYV_PLAN_WORDS, out.getvalue())
    assert "Snorklewhistle objective" in out.getvalue()  # positive control


@pytest.mark.parametrize(
    "model", ["actions_plan", "actions_planversion", "actions_theme", "actions_action", "actions_actionchange",
              "actions_response"],
)  # fmt: skip
def test_admin_lists_and_filters_show_no_local_plan_of_another_organisation(client, zz_plan, plan_admin, model):
    page = _signed_in(client, plan_admin).get(reverse(f"admin:{model}_changelist"))
    assert page.status_code == 200
    _none_of(ZZ_PLAN_WORDS + ["zz-frobnitz"], page.content.decode())


@pytest.mark.parametrize("model", ["plan", "theme"])
def test_another_organisations_local_plan_is_not_found_in_the_admin(client, zz_plan, plan_admin, model):
    theme = zz_plan.action.theme
    obj = theme.plan if model == "plan" else theme
    page = _signed_in(client, plan_admin).get(reverse(f"admin:actions_{model}_change", args=[obj.pk]))
    assert page.status_code == 302 and page["Location"] == reverse("admin:index")


# --- Systems and regions: a roll-up holds its own tree and nothing else ---------------------
# ZZ001 (with the words above) sits in the demo system QZZ of the region Y61; RYV in QUE of Y61.


def _rollup_urls(ods):
    hw4 = Action.objects.get(theme__plan__slug="people-plan-2020-21", theme__number=1, ref=4, organisation__isnull=True)
    return [
        reverse("rollup_trusts", args=[ods]),
        reverse("rollup_trusts", args=[ods]) + "?sort=-overdue",
        reverse("rollup_action", args=[ods]) + f"?action={hw4.pk}",
        reverse("rollup_exceptions", args=[ods]),
        reverse("rollup_exceptions", args=[ods]) + "?organisation=ZZ001",
    ]


def _download_text(download):
    data = b"".join(download.streaming_content)
    if data[:2] == b"PK":
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    return data.decode("utf-8-sig")


def test_a_systems_roll_up_pages_show_nothing_of_another_system(client, zz, system_lead):
    client = _signed_in(client, system_lead)
    for url in _rollup_urls("QUE"):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        _assert_none_of_the_words(text)
        assert "Demo Other Community Trust" not in text
        assert "Cambridgeshire Community Services NHS Trust" in text  # positive control


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_systems_roll_up_export_holds_only_its_own_tree_and_the_regions_holds_both(
    client, zz, system_lead, region_lead, fmt
):
    url = reverse("rollup_export", args=["QUE"]) + f"?format={fmt}"
    text = _download_text(_signed_in(client, system_lead).get(url))
    _assert_none_of_the_words(text)
    assert "Demo Other Community Trust" not in text and "Cambridgeshire Community Services NHS Trust" in text
    region = _download_text(
        _signed_in(client, region_lead).get(reverse("rollup_export", args=["Y61"]) + f"?format={fmt}")
    )
    assert "Zanzibarquux local action" in region and "Wibbleplonk progress note" in region  # positive control
    assert "Cambridgeshire Community Services NHS Trust" in region


def test_the_export_command_of_a_system_holds_only_its_tree(zz):
    rows = export_rows("QUE")
    assert len(rows) > 300
    _assert_none_of_the_words(str(rows))
    assert "Zanzibarquux local action" in str(export_rows("Y61"))  # positive control


def test_the_region_counts_the_other_systems_trust_in_the_other_systems_row(client, zz, region_lead, other_trust):
    page = _signed_in(client, region_lead).get(reverse("rollup_trusts", args=["Y61"]))
    row = next(r for r in page.context["rows"] if r.organisation.ods_code == "QZZ")
    below = Response.objects.filter(organisation__ods_code__in=["QZZ", "ZZ001"]).active()
    assert row.total == below.count() and below.filter(pk=zz["response"].pk).exists()


@pytest.mark.parametrize("role", ["other_system_lead", "hr_lead", "other_hr"])
def test_roll_ups_of_que_do_not_exist_for_anyone_outside_it(client, zz, role, request):
    client = _signed_in(client, request.getfixturevalue(role))
    urls = _rollup_urls("QUE") + [
        reverse("rollup_export", args=["QUE"]),
        reverse("rollup_export", args=["QUE"]) + "?format=csv",
    ]
    assert [(url, code) for url in urls if (code := client.get(url).status_code) != 404] == []


@pytest.mark.parametrize("name", ["organisation_dashboard", "organisation_action_list", "organisation_report_list"])
def test_a_member_trusts_pages_read_from_above_show_nothing_of_another_trust(client, zz, system_lead, name):
    page = _signed_in(client, system_lead).get(reverse(name, args=["RYV"]))
    assert page.status_code == 200
    _assert_none_of_the_words(page.content.decode())
    assert _signed_in(client, system_lead).get(reverse(name, args=["ZZ001"])).status_code == 404
