"""The roll-up pages: trusts side by side, one action across the system, exceptions — and the same
one level up for a region. Every figure is the member's own (its dashboard's, its action list's)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import selectors as action_selectors
from actions.models import Action, Audience, ProgressUpdate, Response, Status
from actions.statuses import percent_complete
from owners.models import Organisation
from rollups import selectors

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _get(client, user, url):
    client.force_login(user, backend=MODEL_BACKEND)
    page = client.get(url)
    assert page.status_code == 200
    return page


def _own_dashboard_counts(organisation):
    counts = {value: 0 for value in Status.values}
    for theme in action_selectors.dashboard_theme_status_counts(organisation=organisation):
        for value, n in theme["counts"].items():
            counts[value] += n
    return counts


def test_trusts_side_by_side_show_each_trusts_own_figures(client, system_lead, system):
    page = _get(client, system_lead, reverse("rollup_trusts", args=["QUE"]))
    rows = page.context["rows"]
    assert [row.organisation.ods_code for row in rows] == ["QUE", "RYV", "ZZ101", "ZZ102"]
    assert rows[0].own and not any(row.own for row in rows[1:])
    for row in rows:
        organisation = row.organisation
        assert row.counts == _own_dashboard_counts(organisation), organisation
        assert row.overdue == action_selectors.overdue_responses(organisation=organisation)[0]
        latest = ProgressUpdate.objects.filter(response__organisation=organisation, date__lte=timezone.localdate())
        assert row.last_updated == max(latest.values_list("date", flat=True), default=None)
        assert row.percent_complete == percent_complete(row.counts)
    html = page.content.decode()
    for row in rows:  # figures in the table: the text alternative to the bars
        assert f"{row.overdue}</span></td>" in html
    assert html.count('class="app-chart__bar app-rollup-bar"') == len(rows)


def test_rows_click_through_to_each_trusts_read_only_action_list(client, system_lead):
    page = _get(client, system_lead, reverse("rollup_trusts", args=["QUE"]))
    urls = {row.organisation.ods_code: row.url for row in page.context["rows"]}
    assert urls == {
        "QUE": reverse("action_list"),  # the system lead's own organisation
        "RYV": reverse("organisation_action_list", args=["RYV"]),
        "ZZ101": reverse("organisation_action_list", args=["ZZ101"]),
        "ZZ102": reverse("organisation_action_list", args=["ZZ102"]),
    }


@pytest.mark.parametrize(
    "sort,key,reverse_order",
    [
        ("overdue", lambda r: r.overdue, False),
        ("-overdue", lambda r: r.overdue, True),
        ("-complete", lambda r: r.percent_complete or 0, True),
        ("total", lambda r: r.total, False),
        ("-updated", lambda r: r.last_updated or datetime.date.min, True),
    ],
)
def test_the_members_sort_and_the_systems_own_row_stays_first(client, system_lead, sort, key, reverse_order):
    page = _get(client, system_lead, reverse("rollup_trusts", args=["QUE"]) + f"?sort={sort}")
    rows = page.context["rows"]
    assert rows[0].own
    members = [key(row) for row in rows[1:]]
    assert members == sorted(members, reverse=reverse_order)
    header = next(c for c in page.context["columns"] if c["key"] == sort.lstrip("-"))
    assert header["aria_sort"] == ("descending" if reverse_order else "ascending")


def test_a_theme_narrows_every_row_to_that_theme(client, system_lead):
    theme = Action.objects.get(
        theme__plan__slug="people-plan-2020-21", theme__number=1, ref=4, organisation__isnull=True
    ).theme
    page = _get(client, system_lead, reverse("rollup_trusts", args=["QUE"]) + f"?theme={theme.pk}")
    for row in page.context["rows"]:
        dashboard = action_selectors.dashboard_theme_status_counts(organisation=row.organisation)
        own = next((t for t in dashboard if t["id"] == theme.pk), None)
        assert row.total == (own["total"] if own else 0)


def test_a_region_shows_its_systems_side_by_side_each_with_everything_below_it(client, region_lead):
    page = _get(client, region_lead, reverse("rollup_trusts", args=["Y61"]))
    rows = page.context["rows"]
    assert [row.organisation.ods_code for row in rows] == ["QZZ", "QUE"]  # the region has no actions of its own
    for row in rows:
        below = Organisation.objects.filter(pk=row.organisation.pk) | row.organisation.children.all()
        assert row.total == Response.objects.filter(organisation__in=below).active().count()
        assert row.url == reverse("rollup_trusts", args=[row.organisation.ods_code])
    assert "Systems side by side" in page.content.decode()


def test_one_action_across_the_system_shows_every_trusts_status_owners_due_and_latest_update(client, system_lead):
    action = Action.objects.get(
        theme__plan__slug="people-plan-2020-21", theme__number=1, ref=4, organisation__isnull=True
    )
    page = _get(client, system_lead, reverse("rollup_action", args=["QUE"]) + f"?action={action.pk}")
    rows = page.context["rows"]
    assert [organisation.ods_code for organisation, _ in rows] == ["RYV", "ZZ101", "ZZ102"]  # employers only
    html = page.content.decode()
    for organisation, response in rows:
        own = Response.objects.get(organisation=organisation, action=action)
        assert response.pk == own.pk and response.status == own.status
        assert [ro.owner.initials for ro in response.owner_list] == list(
            own.response_owners.order_by("-is_lead", "order", "pk").values_list("owner__initials", flat=True)
        )
        assert reverse("response_detail", args=[own.pk]) in html
    assert "Health and wellbeing 4" in html


def test_one_action_for_systems_includes_the_systems_own_response(client, system_lead, system):
    action = Response.objects.filter(organisation=system, action__audience=Audience.SYSTEM).first().action
    page = _get(client, system_lead, reverse("rollup_action", args=["QUE"]) + f"?action={action.pk}")
    assert [organisation.ods_code for organisation, _ in page.context["rows"]] == ["QUE", "RYV", "ZZ101", "ZZ102"]


def test_one_action_page_without_a_choice_offers_the_picker(client, system_lead):
    page = _get(client, system_lead, reverse("rollup_action", args=["QUE"]) + "?action=nonsense")
    assert page.context["action"] is None and page.context["rows"] == []
    assert len(page.context["choices"]) == Action.objects.national().active().count()


def test_exceptions_count_overdue_off_track_and_stale_by_organisation(client, system_lead, system):
    on = timezone.localdate()
    page = _get(client, system_lead, reverse("rollup_exceptions", args=["QUE"]))
    counts = {row["organisation"].ods_code: row for row in page.context["counts"]}
    assert set(counts) == {"QUE", "RYV", "ZZ101", "ZZ102"}
    for ods, row in counts.items():
        responses = Response.objects.filter(organisation__ods_code=ods).active().with_due(on)
        assert row["overdue"] == responses.filter(is_overdue=True).count()
        assert row["off_track"] == responses.filter(status=Status.OFF_TRACK).count()
        cutoff = on - datetime.timedelta(days=90)
        stale = [
            r
            for r in responses.exclude(status__in=Status.closed())
            if not r.updates.filter(date__gt=cutoff, date__lte=on).exists()
        ]
        assert row["stale"] == len(stale)
    assert page.context["page_obj"].paginator.count == sum(row["any"] for row in counts.values())


def test_exceptions_filter_by_kind_and_organisation(client, system_lead):
    url = reverse("rollup_exceptions", args=["QUE"]) + "?kind=off_track&organisation=ZZ101"
    page = _get(client, system_lead, url)
    listed = list(page.context["page_obj"])
    assert listed and {(r.organisation.ods_code, r.status) for r in listed} == {("ZZ101", Status.OFF_TRACK)}
    assert (
        page.context["page_obj"].paginator.count
        == Response.objects.filter(organisation__ods_code="ZZ101", status=Status.OFF_TRACK).active().count()
    )


def test_exceptions_are_listed_by_organisation_in_tree_order(client, system_lead, system):
    tree = selectors.tree(system)
    listed = [r.organisation.ods_code for r in selectors.exception_list(tree)]
    assert listed == sorted(listed, key=["QUE", "RYV", "ZZ101", "ZZ102"].index)


def test_user_text_is_never_html_on_the_roll_up_pages(client, system_lead, trust, hr_lead):
    from actions.services import response_record_update

    response = Response.objects.get(
        organisation=trust, action__theme__plan__slug="people-plan-2020-21", action__theme__number=1, action__ref=4
    )
    response_record_update(response=response, user=hr_lead, status="off_track", note="<script>alert(1)</script><b>x")
    html = _get(
        client, system_lead, reverse("rollup_action", args=["QUE"]) + f"?action={response.action_id}"
    ).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x" in html
