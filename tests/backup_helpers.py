"""Reading and re-writing backup files in tests (see peopleplan/backup/fileformat.py for the format)."""

import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path


def read_lines(path: Path) -> list[bytes]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as stream:
        return stream.read().splitlines(keepends=True)


def object_lines(path: Path) -> list[bytes]:
    """The rows and files of a backup, without its header and end line (which say when and where it was written)."""
    return read_lines(path)[1:-1]


def rewrite_backup(path: Path, out: Path, *, header=None, records=None, end=None) -> Path:
    """A copy of a backup with ``header(dict)`` / ``records(list)`` applied, its counts and checksum made to agree.

    ``end(dict)``, applied last, may make them disagree again.
    """
    lines = read_lines(path)
    first, body = json.loads(lines[0]), [json.loads(line) for line in lines[1:-1]]
    first = header(first) if header else first
    body = records(body) if records else body
    encoded = [
        json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for record in [first, *body]
    ]
    last = json.loads(lines[-1])
    last["counts"] = dict(Counter(record["model"] for record in body if "model" in record))
    last["sha256"] = hashlib.sha256(b"".join(encoded)).hexdigest()
    last = end(last) if end else last
    out.write_bytes(b"".join(encoded) + json.dumps(last).encode() + b"\n")
    return out
