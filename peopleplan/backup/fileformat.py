"""The backup file: JSON Lines, checked end to end.

    {"format": "peopleplan-backup", "format_version": 1, "created_at": …, "migrations": {…}, "models": […]}
    {"model": "owners.organisation", "pk": 1, "fields": {…}}          one line per row, models in dependency order
    {"file": {"model": …, "field": …, "name": …}, "data": "<base64>"}  one line per stored file
    {"end": "peopleplan-backup", "counts": {…}, "many_to_many": {…}, "files": N, "sha256": "…"}

``sha256`` is the digest of every byte before the end line, so a truncated file (no end line, or
half a line) and an edited one (digest differs) are both refused before anything is written.
``counts`` are the rows per model and ``many_to_many`` the links per many-to-many field; a restore
checks them against the rows it read and the rows it wrote. A name ending in ``.gz`` is gzipped.
"""

import datetime
import gzip
import hashlib
import json
import os
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "peopleplan-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup that cannot be written or restored; the message is one line for the user."""


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds (Django's drops them)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def encode(record: dict) -> bytes:
    # Keys sorted: the same rows give the same bytes whichever database wrote them (PostgreSQL's jsonb
    # orders a JSON value's keys its own way).
    return json.dumps(record, cls=_Encoder, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode() + b"\n"


def _open(path: Path, mode: str, *, name: Path | None = None):
    """``path`` opened; gzipped when ``name`` (default: the path itself) ends in ``.gz``."""
    return gzip.open(path, mode) if (name or path).name.endswith(".gz") else open(path, mode)


class Writer:
    """Writes records to ``PATH.partial`` and renames it to ``PATH`` only once the end line is written."""

    def __init__(self, path: Path, header: dict):
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.digest = hashlib.sha256()
        self.counts = Counter()
        self.many_to_many = Counter()
        self.files = 0
        self._stream = _open(self.partial, "wb", name=self.path)
        self._write({"format": FORMAT, "format_version": FORMAT_VERSION, **header})

    def _write(self, record: dict):
        line = encode(record)
        self.digest.update(line)
        self._stream.write(line)

    def row(self, record: dict):
        self.counts[record["model"]] += 1
        self._write(record)

    def file(self, record: dict):
        self.files += 1
        self._write(record)

    def finish(self):
        end = {
            "end": FORMAT,
            "counts": dict(self.counts),
            "many_to_many": dict(self.many_to_many),
            "files": self.files,
            "sha256": self.digest.hexdigest(),
        }
        self._stream.write(encode(end))
        self._stream.close()
        os.replace(self.partial, self.path)

    def abandon(self):
        self._stream.close()
        self.partial.unlink(missing_ok=True)


@contextmanager
def writing(path, header: dict):
    writer = Writer(path, header)
    try:
        yield writer
    except BaseException:
        writer.abandon()
        raise
    writer.finish()


def _lines(path: Path):
    """(line number, bytes) of each line; a damaged gzip stream is reported as a damaged file."""
    try:
        with _open(path, "rb") as stream:
            yield from enumerate(stream, start=1)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (EOFError, OSError, zlib.error) as error:
        raise BackupError(f"{path} is truncated or damaged ({error}); nothing was restored") from None


def _parse(path: Path, number: int, line: bytes) -> dict:
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if not isinstance(record, dict) or not line.endswith(b"\n"):
        raise BackupError(f"{path} is truncated or damaged at line {number}; nothing was restored")
    return record


def read_header(path: Path) -> dict:
    """The first line, checked to be a backup header of a format version this release reads."""
    for number, line in _lines(path):
        header = _parse(path, number, line) if line.startswith(b"{") else {}
        break
    else:
        header = {}
    if header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a People Plan Tracker backup (no {FORMAT} header)")
    version = header.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"{path} is not a People Plan Tracker backup (format version {version!r})")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{path} is backup format version {version}, newer than this release reads ({FORMAT_VERSION}): "
            "restore it with the release that wrote it, or a newer one"
        )
    return header


def verify(path: Path) -> dict:
    """Read the whole file once, writing nothing; returns the end record once digest and counts agree."""
    read_header(path)
    digest, counts, many_to_many, files = hashlib.sha256(), Counter(), Counter(), []
    previous = None
    for number, line in _lines(path):
        if previous is not None:
            digest.update(previous[1])
            _tally(_parse(path, *previous), counts, many_to_many, files)
        previous = (number, line)
    end = _parse(path, *previous)
    if end.get("end") != FORMAT:
        raise BackupError(f"{path} is truncated (it has no end line after line {previous[0]}); nothing was restored")
    if end.get("sha256") != digest.hexdigest():
        raise BackupError(f"{path} has been changed since it was written (checksum mismatch); nothing was restored")
    expected = (end.get("counts"), end.get("many_to_many"), end.get("files"))
    if expected != (dict(counts), dict(many_to_many), len(files)):
        raise BackupError(f"{path}: the rows it holds differ from the counts it declares; nothing was restored")
    return {**end, "file_names": files}


def _tally(record: dict, counts: Counter, many_to_many: Counter, files: list):
    if "model" in record:
        counts[record["model"]] += 1
        for name, value in record.get("m2m", {}).items():
            many_to_many[f"{record['model']}.{name}"] += len(value)
    elif "file" in record:
        files.append(record["file"])


def records(path: Path):
    """The rows and files, in order (after :func:`verify`: the file is known to be whole)."""
    for number, line in _lines(path):
        record = _parse(path, number, line)
        if "model" in record or "file" in record:
            yield record
