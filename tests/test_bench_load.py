"""The load clients find the progress-update form on the action page and sign in with a real session."""

import pytest

from tests.bench.forms import find_update_form
from tests.bench.load import session_cookie
from tests.bench.scale_data import generate, hr_lead_username

PAGE = """<html><body>
<form method="get" action="/actions/"><input name="q"></form>
<form method="post" action="update/" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="hidden" name="revision" value="4">
  <select name="status"><option value="on_track">On track</option></select>
  <textarea name="note"></textarea>
</form>
<form method="post" action="/checklist/"><input name="text"></form>
</body></html>"""


def test_update_form_is_the_post_form_with_note_and_status_and_keeps_hidden_fields():
    form = find_update_form(PAGE, "/actions/12/")
    assert form == {
        "action": "/actions/12/update/",
        "hidden": {"csrfmiddlewaretoken": "tok", "revision": "4"},
        "note": "note",
        "status": "status",
    }


def test_the_update_form_is_found_under_a_django_form_prefix():
    page = PAGE.replace('name="note"', 'name="update-note"').replace('name="status"', 'name="update-status"')
    form = find_update_form(page, "/actions/12/")
    assert (form["note"], form["status"]) == ("update-note", "update-status")


def test_a_page_without_the_form_gives_none():
    assert find_update_form("<form method='post'><input name='text'></form>", "/x/") is None


def test_session_made_in_the_database_signs_the_client_in(db, client, settings):
    generate(organisations=1, updates_per_response=1, local_actions=0)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=hr_lead_username(1))
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie(user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_bare_view_is_only_in_the_bench_urlconf(client, hr_lead):
    client.force_login(hr_lead)
    assert client.post("/bench/bare/", {"pk": 1}).status_code == 404


@pytest.mark.urls("tests.bench.urls")
def test_bare_view_does_one_update(client, hr_lead, trust, django_assert_num_queries):
    from actions.models import Response

    client.force_login(hr_lead)
    response = Response.objects.filter(organisation=trust).first()
    before = response.modified_at
    # session, user, the UPDATE
    with django_assert_num_queries(3):
        answer = client.post("/bench/bare/", {"pk": response.pk})
    assert answer.content == b"1"
    response.refresh_from_db()
    assert response.modified_at > before
