"""The opt-out link's token: signed (``SECRET_KEY``), time-stamped, naming one reminder and its owner.

The token carries the reminder's and the owner's ids; the signature makes either impossible to
change, the time stamp makes it expire after ``MAX_AGE``, and the reminder's
``opt_out_used_at`` makes it work once.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "reminders.opt-out"
MAX_AGE = datetime.timedelta(days=60)


class InvalidToken(Exception):
    """Not a token we signed (or one that was changed)."""


class ExpiredToken(Exception):
    """A token we signed, older than MAX_AGE."""


def make_token(reminder) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"r": reminder.pk, "o": reminder.owner_id})


def read_token(token: str) -> tuple[int, int]:
    """(reminder id, owner id), or InvalidToken / ExpiredToken."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ExpiredToken from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken from exc
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("o"), int):
        raise InvalidToken
    return data["r"], data["o"]


def opt_out_url(reminder) -> str:
    base = settings.SITE_URL.rstrip("/")
    return f"{base}{reverse('reminder_opt_out', args=[make_token(reminder)])}"
