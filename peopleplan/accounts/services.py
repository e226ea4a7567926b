"""Accounts: ending a person's sessions everywhere, and the limits on password-reset e-mails.

Sessions live in the shared session store (``SESSION_ENGINE``: the database by default), never on one
app server's disk, so signing out everywhere reaches every app server.
"""

import hashlib
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.utils import timezone

log = logging.getLogger(__name__)

# At most this many reset e-mails per address, and reset requests per client address, per hour.
RESET_EMAILS_PER_ADDRESS = 3
RESET_REQUESTS_PER_CLIENT = 20
RESET_WINDOW_SECONDS = 60 * 60


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def sessions_end_for_user(*, user, keep_session_key: str | None = None) -> int:
    """Delete every session of ``user`` in the session store except ``keep_session_key``; how many went.

    Works for the stores that keep sessions in a model (``db``, ``cached_db``): each is deleted through
    the store, which also drops the cached copy. Any session it cannot find (a store without a model)
    still ends at its next request once the password changes (Django checks the session auth hash).
    """
    store = _session_store()
    if not hasattr(store, "get_model_class"):
        log.warning("Session store %s cannot list sessions: only a password change ends them", settings.SESSION_ENGINE)
        return 0
    model = store.get_model_class()
    wanted = str(user.pk)
    ended = 0
    for key, data in (
        model.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data").iterator()
    ):
        if key == keep_session_key:
            continue
        decoded = store().decode(data)
        if str(decoded.get(SESSION_KEY)) == wanted:
            store(session_key=key).delete()
            ended += 1
    return ended


def sign_out_everywhere(*, user, request) -> int:
    """End every session of ``user``, this one included (the caller signs it out); how many ended.

    A person with no usable password also gets a new unusable one, so any session the store could not
    list fails Django's session auth hash check at its next request.
    """
    if not user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    ended = sessions_end_for_user(user=user, keep_session_key=request.session.session_key)
    log.info("Signed out everywhere: user %s, %d other session(s) ended", user.pk, ended)
    return ended


def after_password_change(*, user, request) -> int:
    """Keep this session signed in under the new password; end every other session of ``user``."""
    from django.contrib.auth import update_session_auth_hash

    update_session_auth_hash(request, user)
    return sessions_end_for_user(user=user, keep_session_key=request.session.session_key)


def _count(key: str) -> int:
    """Add one to a counter in the shared cache that lives RESET_WINDOW_SECONDS; its new value."""
    if cache.add(key, 1, RESET_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return 1


def password_reset_allowed(*, email: str, client: str) -> bool:
    """Whether a reset e-mail may go to ``email`` for a request from ``client`` (counted either way).

    The page says the same whatever the answer, so it tells nobody whether an address has an account.
    """
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    per_client = _count(f"password-reset:client:{client}")
    per_address = _count(f"password-reset:address:{digest}")
    allowed = per_client <= RESET_REQUESTS_PER_CLIENT and per_address <= RESET_EMAILS_PER_ADDRESS
    if not allowed:
        log.warning("Password reset e-mail held back: too many requests (client %s)", client)
    return allowed
