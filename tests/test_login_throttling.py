"""Repeated failed sign-ins lock the account for a while, with a clear message."""

import pytest
from django.urls import reverse

from peopleplan.demo.users import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, password):
    return client.post(reverse("login"), {"username": "hr.lead", "password": password}, REMOTE_ADDR="10.0.0.9")


def test_five_failures_lock_the_account_even_for_the_right_password(client, hr_lead):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert b"Sign-in temporarily locked" in locked.content
    right = sign_in(client, DEMO_PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_failure_or_two_still_lets_the_user_in(client, hr_lead):
    sign_in(client, "wrong")
    response = sign_in(client, DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(hr_lead.pk)


def test_a_wrong_password_keeps_the_username_and_says_what_is_wrong(client, hr_lead):
    response = sign_in(client, "wrong")
    assert b"Enter your username and password correctly" in response.content
    assert b'value="hr.lead"' in response.content
