"""An uploaded file kept between preview and confirm, so the user never uploads it twice.

The bytes go to a private temporary directory under a random token
(``secrets.token_urlsafe``); the session holds which tokens are this user's, with the
file name and the options chosen. A token that is not in the user's own session is
unknown (404). Files older than :data:`MAX_AGE` are swept on every new upload; a
confirmed or cancelled import deletes its file at once. The directory is the optional setting
``IMPORT_UPLOAD_DIR`` (default: ``peopleplan-imports`` in the system temporary directory); with
several application servers it must be shared storage.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "pending_imports"
MAX_AGE = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def upload_dir() -> Path:
    directory = Path(getattr(settings, "IMPORT_UPLOAD_DIR", "") or Path(tempfile.gettempdir()) / "peopleplan-imports")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _sweep(directory: Path):
    cutoff = time.time() - MAX_AGE
    for path in directory.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def store_upload(request, *, kind: str, data: bytes, file_name: str, options: dict | None = None) -> str:
    """Keep ``data`` for this user's session; returns the token naming it."""
    directory = upload_dir()
    _sweep(directory)
    token = secrets.token_urlsafe(24)
    path = directory / f"{token}.upload"
    path.touch(mode=0o600)
    path.write_bytes(data)
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"kind": kind, "file_name": file_name, "user": request.user.pk, "options": options or {}}
    request.session[SESSION_KEY] = pending
    return token


def load_upload(request, *, kind: str, token: str) -> tuple[dict, bytes] | None:
    """The stored upload's details and bytes, or None when it is not this user's (or has expired)."""
    if not _TOKEN.match(token or ""):
        return None
    meta = request.session.get(SESSION_KEY, {}).get(token)
    if not meta or meta["kind"] != kind or meta["user"] != request.user.pk:
        return None
    try:
        return meta, (upload_dir() / f"{token}.upload").read_bytes()
    except OSError:
        return None


def discard_upload(request, *, token: str):
    pending = request.session.get(SESSION_KEY, {})
    if token in pending:
        del pending[token]
        request.session[SESSION_KEY] = pending
    if _TOKEN.match(token or ""):
        (upload_dir() / f"{token}.upload").unlink(missing_ok=True)
