"""NHS.UK wording and inputs (issue 19, point 8) without a browser: the date field's messages and
boxes, every form's messages, "Error:" page titles, confirming a past local due date, and the
action list's date filters read from the boxes and from an ISO value alike."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.date_input import DateField
from actions.forms import LocalDueDateForm, ProgressUpdateForm
from api.forms import ApiKeyForm
from reports.forms import ReportCreateForm
from tests.pages_helpers import hw_response, own


def _date(day, month, year, name="meeting_date"):
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def _clean(data, *, required=True):
    from django import forms

    from actions.form_wording import WordedForm

    class Form(WordedForm, forms.Form):
        meeting_date = DateField(label="Meeting date", required=required)

    form = Form(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    "typed,message,boxes",
    [
        (("", "", ""), "Enter the meeting date", {"day", "month", "year"}),
        (("28", "", "2026"), "Meeting date must include a month", {"month"}),
        (("", "", "2026"), "Meeting date must include a day and month", {"day", "month"}),
        (("31", "2", "2026"), "Meeting date must be a real date", {"day"}),
        (("1", "13", "2026"), "Meeting date must be a real date", {"month"}),
        (("1", "x", "2026"), "Meeting date must be a real date", {"month"}),
        (("1", "2", "26"), "Year must include 4 numbers", {"year"}),
    ],
)
def test_date_field_words_each_mistake_and_marks_its_box(db, typed, message, boxes):
    form = _clean(_date(*typed))
    assert form.errors["meeting_date"] == [message]
    html = str(form["meeting_date"])
    marked = {part for part in ("day", "month", "year") if f'nhsuk-input--error" id="id_meeting_date-{part}"' in html}
    assert marked == boxes
    # The error summary's link goes to the first box in error.
    first = next(part for part in ("day", "month", "year") if part in boxes)
    assert form["meeting_date"].id_for_label == f"id_meeting_date-{first}"


def test_date_field_reads_the_boxes_an_iso_value_and_keeps_what_was_typed(db):
    assert _clean(_date(" 7", "03", "2027")).cleaned_data["meeting_date"] == datetime.date(2027, 3, 7)
    assert _clean({"meeting_date": "2027-03-07"}).cleaned_data["meeting_date"] == datetime.date(2027, 3, 7)
    assert _clean(_date("", "", ""), required=False).cleaned_data["meeting_date"] is None
    kept = str(_clean(_date("31", "2", "2027"))["meeting_date"])
    assert 'name="meeting_date-day" type="text" inputmode="numeric" value="31"' in kept
    assert 'type="date"' not in kept


def test_no_form_shows_djangos_wording(db, trust):
    forms = [
        ProgressUpdateForm({"update-revision": "1", "update-note": ""}, prefix="update"),
        ReportCreateForm({"plans_shown": "1"}, organisation=trust),
        ApiKeyForm({}),
    ]
    for form in forms:
        assert not form.is_valid()
        messages = [m for errors in form.errors.values() for m in errors]
        assert messages and not [m for m in messages if "This field" in m or "Ensure this" in m or "valid" in m]
    report = forms[1].errors
    assert report["meeting_date"] == ["Enter the meeting date"]
    assert report["title"] == ["Enter a title for the report"]
    assert report["plans"] == ["Choose at least one plan"]
    assert forms[2].errors["expires_on"] == ["Enter the date the key expires"]
    long_title = ReportCreateForm({"title": "x" * 300}, organisation=trust)
    long_title.is_valid()
    assert long_title.errors["title"] == ["Title must be 200 characters or fewer"]


def test_sign_in_error_does_not_quote_django(client, db):
    page = client.post(reverse("login"), {"username": "hr.lead", "password": "wrong"}).content.decode()
    assert "Enter your username and password correctly" in page
    assert "correct username" not in page
    assert "<title>Error: Sign in" in page
    empty = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in empty and "Enter your password" in empty


def test_titles_start_with_error_only_when_the_form_has_errors(client, secretary):
    client.force_login(secretary)
    fresh = client.get(reverse("report_create")).content.decode()
    assert re.search(r"<title>New board report", fresh)
    failed = client.post(reverse("report_create"), {"plans_shown": "1"}).content.decode()
    assert re.search(r"<title>Error: New board report", failed)
    assert "Error: Error:" not in failed


def _post_due(client, response, day, month, year, **extra):
    response.refresh_from_db()
    data = {"due-revision": response.revision, **_date(day, month, year, "due-local_due_date"), **extra}
    return client.post(reverse("response_set_due_date", args=[response.pk]), data)


def test_a_past_local_due_date_is_saved_only_once_confirmed(client, hr_lead, trust):
    response = hw_response(trust, ref=3)
    own(response, hr_lead)
    client.force_login(hr_lead)
    asked = _post_due(client, response, 1, 3, 2021)
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Yes, the due date is in the past" in page and 'id="past-due-warning"' in page
    assert "<title>Error:" in page
    response.refresh_from_db()
    assert response.local_due_date != datetime.date(2021, 3, 1)
    confirmed = _post_due(client, response, 1, 3, 2021, **{"due-confirm_past": "on"})
    assert confirmed.status_code == 302
    response.refresh_from_db()
    assert response.local_due_date == datetime.date(2021, 3, 1)
    # The date already set, saved again, and a future date need no confirmation.
    assert _post_due(client, response, 1, 3, 2021).status_code == 302
    future = timezone.localdate() + datetime.timedelta(days=30)
    assert _post_due(client, response, future.day, future.month, future.year).status_code == 302


def test_the_past_date_rule_lives_in_the_form_not_the_page(db):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    data = {"due-revision": "1", **_date(yesterday.day, yesterday.month, yesterday.year, "due-local_due_date")}
    form = LocalDueDateForm(data, prefix="due", current=None)
    assert not form.is_valid() and form.needs_confirmation
    assert form.errors["confirm_past"][0].startswith("Local due date is in the past")
    assert LocalDueDateForm({**data, "due-confirm_past": "on"}, prefix="due", current=None).is_valid()
    assert LocalDueDateForm(data, prefix="due", current=yesterday).is_valid()


def test_action_list_date_filters_read_boxes_and_iso_values_alike(client, hr_lead):
    client.force_login(hr_lead)
    iso = client.get(reverse("action_list"), {"due_before": "2020-12-31"})
    boxes = client.get(reverse("action_list"), _date("31", "12", "2020", "due_before"))
    assert iso.status_code == boxes.status_code == 200
    listed = {r.pk for r in iso.context["page_obj"]}
    assert listed == {r.pk for r in boxes.context["page_obj"]}
    assert listed  # the demo has actions due by the end of 2020
    export = client.get(reverse("action_list_export"), {"due_before": "2020-12-31", "format": "csv"})
    assert export.status_code == 200
