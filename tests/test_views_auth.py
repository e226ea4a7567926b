"""Signing in and out through Django auth, with the NHS.UK error summary."""

from django.urls import reverse


def test_wrong_password_shows_the_error_summary_and_keeps_the_username(client, hr_lead):
    page = client.post(reverse("login"), {"username": "hr.lead", "password": "wrong"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html and 'href="#id_username"' in html
    assert 'value="hr.lead"' in html


def test_sign_in_then_sign_out(client, hr_lead):
    from peopleplan.demo.users import DEMO_PASSWORD

    signed_in = client.post(reverse("login"), {"username": "hr.lead", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302
