"""System and region roles: a member of a system (ICS) or a region reads everything of the
organisations below it and changes none of it; the system's own HR lead changes the system's own
responses; a lead of another system gets 404 (``owners.access``, ``actions.access``)."""

import csv
import io
import re

import pytest
from django.urls import reverse

from actions.models import SYSTEM_AUDIENCES, Action, Response, Status
from owners.access import organisation_to_read, subtree
from owners.models import Organisation

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
EDIT_FORMS = ["update-form", "add-item-form", "due-date-details"]


def _signed_in(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _response(organisation, ref=4):
    return Response.objects.get(
        organisation=organisation,
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=1,
        action__ref=ref,
    )


def _post_forms(html):
    """The POST forms of a page, less the header's sign-out."""
    return [a for a in re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', html) if "logout" not in a]


def test_the_demo_tree_is_region_system_trusts(trust, system, region, other_system, other_trust):
    assert trust.parent == system and system.parent == region and other_system.parent == region
    assert other_trust.parent == other_system
    assert [o.ods_code for o in subtree(system)] == ["QUE", "RYV", "ZZ101", "ZZ102"]
    assert [o.ods_code for o in subtree(region)] == ["Y61", "QZZ", "ZZ001", "QUE", "RYV", "ZZ101", "ZZ102"]


def test_a_system_answers_only_the_actions_for_systems_and_a_region_none(system, region):
    audiences = set(Response.objects.filter(organisation=system).values_list("action__audience", flat=True))
    assert audiences and audiences <= set(SYSTEM_AUDIENCES)
    owed = (
        Action.objects.national()
        .active()
        .filter(audience__in=SYSTEM_AUDIENCES, theme__plan__slug="people-plan-2020-21")
    )
    assert set(Response.objects.filter(organisation=system).values_list("action", flat=True)) == set(
        owed.values_list("pk", flat=True)
    )
    assert not Response.objects.filter(organisation=region).exists()


@pytest.mark.parametrize("name", ["organisation_dashboard", "organisation_action_list", "organisation_report_list"])
def test_a_system_lead_reads_a_member_trusts_pages_marked_read_only(client, system_lead, trust, name):
    page = _signed_in(client, system_lead).get(reverse(name, args=[trust.ods_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert trust.name in html and "Read only" in html
    assert _post_forms(html) == []


def test_a_member_trusts_action_list_lists_that_trusts_actions(client, system_lead, trust):
    page = _signed_in(client, system_lead).get(reverse("organisation_action_list", args=["RYV"]))
    shown = {r.organisation_id for r in page.context["page_obj"]}
    assert shown == {trust.pk}
    assert page.context["page_obj"].paginator.count == Response.objects.of(trust).active().count()


def test_a_system_lead_opens_a_member_trusts_action_with_no_edit_controls(client, system_lead, trust):
    response = _response(trust)
    page = _signed_in(client, system_lead).get(reverse("response_detail", args=[response.pk]))
    assert page.status_code == 200 and page.context["can_edit"] is False
    html = page.content.decode()
    assert _post_forms(html) == [] and not any(f'id="{form}"' in html for form in EDIT_FORMS)
    assert "Record a progress update" not in html and "Mark as done" not in html
    assert reverse("organisation_action_list", args=["RYV"]) in html  # the breadcrumb leads back to RYV


@pytest.mark.parametrize("role", ["system_lead", "region_lead"])
def test_leads_change_nothing_of_a_member_trust_403_on_every_write(client, trust, role, request):
    client = _signed_in(client, request.getfixturevalue(role))
    response = _response(trust)
    item = response.checklist.first() or response.checklist.create(text="A step", order=1)
    before = (response.status, response.revision, response.local_due_date, response.updates.count())
    data = {"update-note": "x", "update-status": "complete", "update-revision": response.revision, "done": "true"}
    posts = [
        reverse("response_record_update", args=[response.pk]),
        reverse("response_set_due_date", args=[response.pk]),
        reverse("checklist_add", args=[response.pk]),
        reverse("checklist_set_done", args=[response.pk, item.pk]),
        reverse("checklist_move", args=[response.pk, item.pk]),
        reverse("checklist_edit", args=[response.pk, item.pk]),
    ]
    codes = [(url, client.post(url, data).status_code) for url in posts]
    assert [(url, code) for url, code in codes if code != 403] == []
    assert client.get(reverse("checklist_edit", args=[response.pk, item.pk])).status_code == 403
    response.refresh_from_db()
    assert (response.status, response.revision, response.local_due_date, response.updates.count()) == before


def test_issued_reports_of_member_trusts_are_read_and_never_changed_drafts_are_not_seen(
    client, system_lead, make_report
):
    issued, draft = make_report(title="Issued one", issue=True), make_report(title="Draft one")
    client = _signed_in(client, system_lead)
    page = client.get(reverse("report_detail", args=[issued.pk]))
    assert page.status_code == 200 and not page.context["can_edit"] and not page.context["can_issue"]
    assert client.get(reverse("report_workbook", args=[issued.pk])).status_code == 200
    for name in ["report_edit", "report_issue"]:
        assert client.get(reverse(name, args=[issued.pk])).status_code == 403
    assert client.post(reverse("report_refresh", args=[issued.pk])).status_code == 403
    for name in ["report_detail", "report_workbook", "report_edit"]:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    listing = client.get(reverse("organisation_report_list", args=["RYV"])).content.decode()
    assert "Issued one" in listing and "Draft one" not in listing


def test_a_system_lead_downloads_a_member_trusts_export_with_only_its_rows(client, system_lead, trust):
    download = _signed_in(client, system_lead).get(
        reverse("organisation_action_list_export", args=["RYV"]) + "?format=csv"
    )
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + Response.objects.of(trust).active().count()
    assert {row[rows[0].index("Organisation")] for row in rows[1:]} == {trust.name}


def test_the_systems_own_hr_lead_changes_the_systems_own_responses_only(client, system_hr, system, trust):
    client = _signed_in(client, system_hr)
    own = Response.objects.filter(organisation=system).order_by("pk").first()
    page = client.get(reverse("response_detail", args=[own.pk]))
    assert page.context["can_edit"] is True
    posted = client.post(
        reverse("response_record_update", args=[own.pk]),
        {"update-note": "System workforce plan agreed.", "update-status": "on_track", "update-revision": own.revision},
    )
    assert posted.status_code == 302
    own.refresh_from_db()
    assert own.status == Status.ON_TRACK and own.updates.first().note == "System workforce plan agreed."
    member = _response(trust)
    assert client.get(reverse("response_detail", args=[member.pk])).context["can_edit"] is False
    assert client.post(reverse("response_record_update", args=[member.pk]), {}).status_code == 403


def test_the_region_lead_reads_every_system_of_the_region_and_their_trusts(client, region_lead, other_trust):
    client = _signed_in(client, region_lead)
    for ods in ["RYV", "ZZ101", "ZZ001", "QUE", "QZZ"]:
        assert client.get(reverse("organisation_action_list", args=[ods])).status_code == 200
    for ods in ["Y61", "QUE", "QZZ"]:
        assert client.get(reverse("rollup_trusts", args=[ods])).status_code == 200
    response = Response.objects.filter(organisation=other_trust).first()
    assert client.get(reverse("response_detail", args=[response.pk])).status_code == 200
    assert client.post(reverse("response_record_update", args=[response.pk]), {}).status_code == 403


def test_a_lead_of_another_system_gets_404_for_everything_of_que(client, other_system_lead, trust, make_report):
    client = _signed_in(client, other_system_lead)
    report = make_report(issue=True)
    response = _response(trust)
    urls = [reverse(n, args=[ods]) for n in ["rollup_trusts", "rollup_action", "rollup_exceptions"] for ods in ["QUE"]]
    urls += [reverse("rollup_export", args=["QUE"]), reverse("rollup_trusts", args=["Y61"])]
    for name in [
        "organisation_dashboard",
        "organisation_action_list",
        "organisation_report_list",
        "organisation_action_list_export",
    ]:
        urls += [reverse(name, args=[ods]) for ods in ["RYV", "ZZ101", "QUE"]]
    urls += [reverse("response_detail", args=[response.pk]), reverse("report_detail", args=[report.pk])]
    assert [(url, code) for url in urls if (code := client.get(url).status_code) != 404] == []
    assert client.post(reverse("response_record_update", args=[response.pk]), {}).status_code == 404
    # …and its own system is theirs to read.
    assert client.get(reverse("rollup_trusts", args=["QZZ"])).status_code == 200


@pytest.mark.parametrize("ods", ["QUE", "Y61", "ZZ001", "NOPE"])
def test_a_trust_reads_nothing_above_or_beside_it(client, hr_lead, ods):
    client = _signed_in(client, hr_lead)
    assert client.get(reverse("organisation_dashboard", args=[ods])).status_code == 404
    if Organisation.objects.filter(ods_code=ods).exclude(kind="trust").exists():
        assert client.get(reverse("rollup_trusts", args=[ods])).status_code == 404


def test_a_trust_is_not_a_roll_up(client, system_lead):
    assert _signed_in(client, system_lead).get(reverse("rollup_trusts", args=["RYV"])).status_code == 404


def test_organisation_to_read_is_one_query(system_lead, django_assert_num_queries):
    from owners.access import organisation_for

    organisation_for(system_lead)
    with django_assert_num_queries(1):
        assert organisation_to_read(system_lead, "ZZ102").ods_code == "ZZ102"
