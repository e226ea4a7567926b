"""Hostile text is shown inert on every page that shows it; evidence links are http(s) only.

Spreadsheet neutralisation of `=`, `+`, `-`, `@`, tab and carriage return is tested with the
exports (tests/test_export_action_list.py, tests/test_workbook.py).
"""

import pytest
from django.urls import reverse

from actions.models import ProgressUpdate
from tests.hostile_helpers import ESCAPED, HOSTILE, IMG, SCRIPT, plant_hostile_text
from tests.import_helpers import export_rows, write_csv

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def hostile(trust, hr_lead, secretary):
    return plant_hostile_text(trust=trust, hr_lead=hr_lead, secretary=secretary)


def assert_inert(html, *, expect=HOSTILE):
    for raw in HOSTILE:
        assert raw not in html, f"raw {raw} in the page"
    for raw in expect:
        assert ESCAPED[raw] in html, f"escaped {raw} missing: the page does not show the text at all"
    lowered = html.lower().replace(" ", "")
    assert 'href="javascript:' not in lowered and 'src="javascript:' not in lowered


def _pages(hostile):
    pk, item, report = hostile["response"].pk, hostile["item"].pk, hostile["report"].pk
    return [
        ("hr_lead", reverse("response_detail", args=[pk]), HOSTILE),  # action, note, checklist, owner
        ("hr_lead", reverse("checklist_edit", args=[pk, item]), [SCRIPT]),
        ("hr_lead", reverse("action_list") + "?q=Local", HOSTILE),
        ("hr_lead", reverse("my_actions"), HOSTILE),
        ("hr_lead", reverse("owner_list"), [IMG]),
        ("hr_lead", reverse("dashboard"), HOSTILE),  # latest updates and overdue list
        ("secretary", reverse("report_detail", args=[report]), HOSTILE),  # rationale, lines
        ("secretary", reverse("report_edit", args=[report]), HOSTILE),
        ("secretary", reverse("report_issue", args=[report]), [SCRIPT]),
        ("secretary", reverse("report_list"), [SCRIPT]),
        ("plan_admin", reverse("admin:actions_action_change", args=[hostile["action"].pk]), HOSTILE),
        ("plan_admin", reverse("admin:owners_owner_changelist"), [IMG]),
        ("plan_admin", reverse("admin:actions_action_changelist") + "?q=Local", [SCRIPT]),
    ]


def test_every_page_shows_hostile_text_escaped(client, hostile, request):
    for role, url, expect in _pages(hostile):
        client.force_login(request.getfixturevalue(role), backend=MODEL_BACKEND)
        page = client.get(url)
        assert page.status_code == 200, url
        try:
            assert_inert(page.content.decode(), expect=expect)
        except AssertionError as error:
            raise AssertionError(f"{url} as {role}: {error}") from None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>x</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
    ],
)
def test_the_progress_form_refuses_evidence_links_that_are_not_http_or_https(client, hostile, hr_lead, url):
    response = hostile["response"]
    before = ProgressUpdate.objects.count()
    client.force_login(hr_lead, backend=MODEL_BACKEND)
    page = client.post(
        reverse("response_record_update", args=[response.pk]),
        {
            "update-status": "on_track",
            "update-note": "With evidence",
            "update-evidence_url": url,
            "update-revision": _revision(response),
        },
    )
    assert page.status_code == 200 and ProgressUpdate.objects.count() == before
    assert_inert(page.content.decode(), expect=[])


def test_an_https_evidence_link_is_accepted_and_linked(client, hostile, hr_lead):
    response = hostile["response"]
    client.force_login(hr_lead, backend=MODEL_BACKEND)
    page = client.post(
        reverse("response_record_update", args=[response.pk]),
        {
            "update-status": "on_track",
            "update-note": "With evidence",
            "update-evidence_url": "https://example.org/evidence?a=1&b=<2>",
            "update-revision": _revision(response),
        },
    )
    assert page.status_code == 302
    html = client.get(page["Location"]).content.decode()
    assert 'href="https://example.org/evidence?a=1&amp;b=&lt;2&gt;"' in html


def test_the_evidence_service_refuses_javascript_links(hostile, hr_lead):
    from django.core.exceptions import ValidationError

    from actions import services

    with pytest.raises(ValidationError):
        services.response_record_update(
            response=hostile["response"], user=hr_lead, status="on_track", note="x", evidence_url="javascript:alert(1)"
        )


def test_imported_cells_are_shown_inert_in_the_preview_and_after_import(client, hostile, hr_lead, tmp_path, settings):
    """Imported HTML is reduced to plain text (tags dropped, entities decoded: actions.imports.reading.text);
    whatever text results is then escaped like any other. The offline-updates file has no evidence column."""
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    rows = export_rows()
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("Ref")] == "950")
    row[header.index("Latest update")] = "Imported &lt;script&gt;alert(1)&lt;/script&gt; <b>bold</b>"
    row[header.index("Additional actions")] += f"\nImported step {IMG}"
    client.force_login(hr_lead, backend=MODEL_BACKEND)
    with write_csv(tmp_path / "hostile.csv", rows).open("rb") as upload:
        uploaded = client.post(reverse("import_responses"), {"file": upload})
    assert uploaded.status_code == 302
    preview = client.get(uploaded["Location"])
    assert preview.status_code == 200
    html = preview.content.decode()
    assert_inert(html, expect=[SCRIPT])
    assert "Imported &lt;script&gt;alert(1)&lt;/script&gt; bold" in html and "Imported step</li>" in html
    assert client.post(uploaded["Location"], {"confirm": "1"}).status_code == 302
    detail = client.get(reverse("response_detail", args=[hostile["response"].pk])).content.decode()
    assert_inert(detail)
    assert "Imported &lt;script&gt;alert(1)&lt;/script&gt; bold" in detail and "Imported step" in detail


def _revision(response):
    response.refresh_from_db()
    return str(response.revision)
