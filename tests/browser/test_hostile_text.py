"""Hostile text in a real browser: pages showing scripts, img onerror and javascript: links fire
no dialog and run no script (the CSP is bypassed here, so escaping alone must hold)."""

import pytest


@pytest.fixture
def hostile(demo_transactional):
    from django.contrib.auth import get_user_model

    from owners.models import Organisation
    from tests.hostile_helpers import plant_hostile_text

    users = get_user_model().objects
    return plant_hostile_text(
        trust=Organisation.objects.get(ods_code="RYV"),
        hr_lead=users.get(username="hr.lead"),
        secretary=users.get(username="secretary"),
    )


def test_pages_with_hostile_text_fire_no_dialog_and_run_no_script(page, login, live_server, hostile):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, "hr.lead")
    pk = hostile["response"].pk
    for path in [
        f"/actions/{pk}/",
        f"/actions/{pk}/checklist/{hostile['item'].pk}/edit/",
        "/actions/?q=Local",
        "/actions/mine/",
        "/owners/",
        "/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        # The hostile text is on the page, as visible text.
        body = page.locator("body").inner_text()
        if "/checklist/" in path:  # the edit form holds it in its textarea
            body = page.locator("textarea").first.input_value()
        assert "<script>alert(1)</script>" in body or "<img src=x onerror=alert(1)>" in body, path
        assert page.locator("img[src='x']").count() == 0, path
    page.goto(f"{live_server.url}/actions/{pk}/")
    assert page.get_by_text("Note <img src=x onerror=alert(1)>", exact=False).count() >= 1
    # A javascript: evidence link is refused by the form, so no such link ever renders.
    page.get_by_label("Progress note").fill("Evidence attempt")
    page.get_by_label("Link to evidence (optional)").fill("javascript:alert(1)")
    page.get_by_role("button", name="Record update").click()
    page.wait_for_load_state("load")
    assert page.locator("a[href^='javascript']").count() == 0
    login(page, "secretary")
    page.goto(f"{live_server.url}/reports/{hostile['report'].pk}/")
    page.wait_for_load_state("load")
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
