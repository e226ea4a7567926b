"""An uploaded file kept between preview and confirm, so the user never uploads it twice.

The bytes are kept in the database (``actions.pending.PendingUpload``), which every application
server sees: a preview made through one server is confirmed through another. Each kept file has a
random token (``secrets.token_urlsafe``) and belongs to the user who uploaded it; another user's
token, an expired one or a made-up one is unknown (404).

Limits: a file is at most ``limits.MAX_BYTES``; a user keeps at most :data:`PER_USER` files (a new
upload removes their oldest); a kept file expires :data:`MAX_AGE` seconds after upload. Expired
files are removed on every new upload and by ``manage.py sweep_uploads``; a confirmed or cancelled
import removes its file at once.

:class:`DatabaseTmpStorage` is django-import-export's temporary storage
(``IMPORT_EXPORT_TMP_STORAGE_CLASS``) on the same table, so its admin import works alike.
"""

import datetime
import re
import secrets

from django.db import transaction
from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from actions.imports.reading.limits import MAX_BYTES
from actions.pending import PendingUpload

MAX_AGE = 2 * 60 * 60
PER_USER = 3
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def sweep_expired(now=None) -> int:
    """Remove every kept file past its expiry; returns how many."""
    deleted, _ = PendingUpload.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


@transaction.atomic
def keep(*, user, kind: str, data: bytes, file_name: str, options: dict | None = None) -> str:
    """Keep ``data`` for ``user`` (None for django-import-export's storage); returns its token."""
    if len(data) > MAX_BYTES:
        raise ValueError(f"an upload of {len(data):,} bytes is over the {MAX_BYTES:,} byte limit")
    now = timezone.now()
    sweep_expired(now)
    if user is not None:
        older = PendingUpload.objects.filter(user=user).order_by("-created_at", "-pk").values_list("pk", flat=True)
        PendingUpload.objects.filter(pk__in=list(older[PER_USER - 1 :])).delete()
    token = _new_token()
    PendingUpload.objects.create(
        token=token,
        user=user,
        kind=kind,
        file_name=file_name[:260],
        options=options or {},
        data=data,
        size=len(data),
        expires_at=now + datetime.timedelta(seconds=MAX_AGE),
    )
    return token


def store_upload(request, *, kind: str, data: bytes, file_name: str, options: dict | None = None) -> str:
    """Keep ``data`` for the signed-in user; returns the token naming it."""
    return keep(user=request.user, kind=kind, data=data, file_name=file_name, options=options)


def load_upload(request, *, kind: str, token: str) -> tuple[dict, bytes] | None:
    """The kept upload's details and bytes, or None when it is not this user's (or has expired)."""
    if not _TOKEN.match(token or ""):
        return None
    upload = PendingUpload.objects.filter(
        token=token, kind=kind, user=request.user, expires_at__gt=timezone.now()
    ).first()
    if upload is None:
        return None
    meta = {"kind": upload.kind, "file_name": upload.file_name, "user": upload.user_id, "options": upload.options}
    return meta, bytes(upload.data)


def discard_upload(request, *, token: str) -> None:
    if _TOKEN.match(token or ""):
        PendingUpload.objects.filter(token=token, user=request.user).delete()


class DatabaseTmpStorage(BaseStorage):
    """django-import-export's temporary file, kept in the database like our own uploads."""

    KIND = "import_export"

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        self.name = keep(user=None, kind=self.KIND, data=data, file_name="")

    def read(self):
        upload = PendingUpload.objects.filter(
            token=self.name or "", kind=self.KIND, expires_at__gt=timezone.now()
        ).first()
        if upload is None:
            raise FileNotFoundError("This import has expired: upload the file again.")
        data = bytes(upload.data)
        return data if "b" in (self.read_mode or "") else data.decode(self.encoding or "utf-8-sig")

    def remove(self):
        PendingUpload.objects.filter(token=self.name or "", kind=self.KIND).delete()
