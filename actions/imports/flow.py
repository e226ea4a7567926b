"""One import flow for every way in: upload → validate → preview → confirm → apply.

An *import kind* (``actions.imports.plans.kind.PlanImport``,
``actions.imports.responses.kind.ResponseImport``) says how to read a file, compare it with the
database (a preview that writes nothing) and apply the preview. The admin's plan import, the HR
lead's *Import updates* page and the ``import_plan`` / ``import_responses`` commands all go
through these functions, so they validate and apply alike.

A preview has ``errors``, ``warnings``, ``has_changes`` and ``summary()``; its errors name sheet,
row and column (``actions.imports.reading.problems.Problem``).
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404
from django.utils import timezone

from actions.imports.reading.problems import ImportFileError, Problem
from actions.imports.reading.reader import MAX_BYTES
from actions.imports.uploads import discard_upload, load_upload, store_upload


class ImportKind:
    """How one kind of import reads, previews and applies a file (subclasses fill these in)."""

    name = ""
    file_label = "file of this kind"  # "board-2024.xlsx is not a plan file: …"
    file_hint = ""  # what such a file looks like, said after the refusal
    nothing_to_do = "Nothing to do."

    def read(self, *, data: bytes, file_name: str):
        """The file's validated content; raises ``ImportFileError`` when it cannot be read at all."""
        raise NotImplementedError

    def preview(self, parsed, *, file_name: str, options: dict):
        raise NotImplementedError

    def apply(self, preview, *, file_name: str, options: dict, user):
        """Apply the preview (all or nothing); raises ``ImportFileError``. Returns what was made."""
        raise NotImplementedError

    def lines(self, preview) -> list[str]:
        """The preview as plain text lines (for the commands)."""
        raise NotImplementedError

    def done(self, result, preview) -> str:
        """One sentence saying what ``apply`` did."""
        raise NotImplementedError

    def sentence(self, preview) -> str:
        """What the preview would do, in words (``actions.imports.sentences``)."""
        raise NotImplementedError


@dataclass
class Outcome:
    preview: object = None
    problems: list[Problem] = field(default_factory=list)
    result: object = None  # what apply returned; None when nothing was applied

    @property
    def warnings(self) -> list[Problem]:
        return list(getattr(self.preview, "warnings", []) or [])


def check(kind: ImportKind, *, data: bytes, file_name: str, options: dict) -> Outcome:
    """Validate and preview. Writes nothing."""
    try:
        parsed = kind.read(data=data, file_name=file_name)
        preview = kind.preview(parsed, file_name=file_name, options=options)
    except ImportFileError as error:
        return Outcome(problems=error.problems)
    return Outcome(preview=preview, problems=list(preview.errors))


def apply(kind: ImportKind, outcome: Outcome, *, file_name: str, options: dict, user) -> Outcome:
    """Apply a checked outcome that has no problems and something to do."""
    if outcome.problems or not outcome.preview.has_changes:
        return outcome
    try:
        result = kind.apply(outcome.preview, file_name=file_name, options=options, user=user)
    except ImportFileError as error:
        return Outcome(preview=outcome.preview, problems=error.problems)
    return Outcome(preview=outcome.preview, result=result)


def refusal(kind: ImportKind, file_name: str, problems: list[Problem]) -> str:
    """Why a file could not be read at all, naming it: "board-2024.xlsx is not a plan file: it has
    no "Who" or "Timeline" column"; "notes.xlsx cannot be read: …"."""
    messages_ = [p.message for p in problems]
    missing = [m.split('"')[1] for m in messages_ if m.startswith("missing required column")]
    if missing:
        names = ", ".join(f'"{c}"' for c in missing[:-1]) + (" or " if len(missing) > 1 else "") + f'"{missing[-1]}"'
        what = f'its sheet "{problems[0].sheet}"' if problems[0].sheet else "it"
        return f"{file_name} is not a {kind.file_label}: {what} has no {names} column. {kind.file_hint}".strip()
    first = messages_[0] if messages_ else "it cannot be read"
    if first.startswith(("no header row found", "none of the columns")):
        return f"{file_name} is not a {kind.file_label}: {first}. {kind.file_hint}".strip()
    if first.startswith("unreadable file: "):
        return f"{file_name} cannot be read: {first.removeprefix('unreadable file: ')}"
    return f"{file_name} cannot be imported: {first}"


# --- In the browser: the uploaded file is kept between preview and confirm ----------------


def receive(request, kind: ImportKind, upload, *, options: dict) -> tuple[str | None, list[Problem], str]:
    """Take an uploaded file: (token of the kept file, problems, a message for the file field).

    The file must be readable (``kind.read``) before it is kept; row errors are shown by the preview.
    """
    if upload is None:
        return None, [], "Select a file to import"
    if upload.size > MAX_BYTES:
        return None, [], f"The selected file is larger than the {MAX_BYTES // 1024 // 1024} MB limit"
    data = upload.read()
    try:
        kind.read(data=data, file_name=upload.name)
    except ImportFileError as error:
        return None, error.problems, refusal(kind, upload.name, error.problems)
    token = store_upload(request, kind=kind.name, data=data, file_name=upload.name, options=options)
    return token, [], ""


class AlreadyApplied(Exception):
    """The upload behind this preview was imported already (the browser's Back, or a second click):
    ``record`` has its file name, the sentence saying what it did, when, and where its result is."""

    def __init__(self, record: dict):
        self.record = record
        super().__init__(f"{record['file_name']} was imported already")


APPLIED = "imports_applied"  # session key: token → what that import did (the last few)
APPLIED_KEPT = 10


def remember_applied(request, kind: ImportKind, token: str, *, file_name: str, sentence: str, url: str) -> None:
    """Note in the session that this upload was imported, so its preview URL says so instead of 404."""
    records, now = dict(request.session.get(APPLIED, {})), timezone.localtime()
    records[token] = {
        "kind": kind.name,
        "file_name": file_name,
        "sentence": sentence,
        "url": url,
        "at": f"{now:%H:%M} on {now.day} {now:%B %Y}",
    }
    request.session[APPLIED] = dict(list(records.items())[-APPLIED_KEPT:])


def applied(request, kind: ImportKind, token: str) -> dict | None:
    record = request.session.get(APPLIED, {}).get(token)
    return record if record and record.get("kind") == kind.name else None


def pending(request, kind: ImportKind, token: str, *, expect: dict | None = None) -> tuple[dict, bytes]:
    """The kept upload of this user's session (and, with ``expect``, these options), or 404.
    An upload this session already imported raises ``AlreadyApplied``."""
    stored = load_upload(request, kind=kind.name, token=token)
    if stored is None and (record := applied(request, kind, token)) is not None:
        raise AlreadyApplied(record)
    if stored is None or any(stored[0]["options"].get(k) != v for k, v in (expect or {}).items()):
        raise Http404("This upload has expired or is not yours: upload the file again.")
    return stored


def confirm(request, kind: ImportKind, token: str, meta: dict, data: bytes, *, apply_now: bool) -> Outcome:
    """Preview a kept upload again (it is re-validated), and apply it when confirmed."""
    options, file_name = meta["options"], meta["file_name"]
    outcome = check(kind, data=data, file_name=file_name, options=options)
    if apply_now:
        outcome = apply(kind, outcome, file_name=file_name, options=options, user=request.user)
        if outcome.result is not None:
            discard_upload(request, token=token)
    return outcome


def cancel(request, token: str, meta: dict) -> None:
    """Forget a kept upload, and tell the user nothing was changed."""
    discard_upload(request, token=token)
    messages.info(request, f"Import of {meta['file_name']} cancelled: nothing was changed.")
