"""The offline-updates import as an import kind (see ``actions.imports.flow``).

Options: ``organisation`` (the primary key of the organisation whose responses the file updates);
``take`` (when confirming: the keys of the conflicts the person chose to take from the file).
"""

from actions.imports.flow import ImportKind
from actions.imports.reading.text import short
from actions.imports.responses.apply import response_import_apply
from actions.imports.responses.compare import ResponsePreview, read_response_file, response_import_preview
from actions.imports.sentences import response_sentence
from actions.statuses import label
from owners.models import Organisation


class ResponseImport(ImportKind):
    name = "responses"
    file_label = "board workbook or progress file"
    file_hint = "Upload the board workbook (or its CSV) downloaded from the tracker, with your edits."
    nothing_to_do = "Nothing to do: every action already matches this file."

    def read(self, *, data, file_name):
        return read_response_file(data=data, file_name=file_name)

    def preview(self, parsed, *, file_name, options):
        organisation = Organisation.objects.get(pk=options["organisation"])
        return response_import_preview(organisation=organisation, rows=parsed, file_name=file_name)

    def apply(self, preview, *, file_name, options, user):
        return response_import_apply(preview=preview, user=user, take=options.get("take", ()))

    def sentence(self, preview) -> str:
        return response_sentence(preview)

    def done(self, result, preview) -> str:
        return f"Imported {preview.file_name} for {preview.organisation}: {response_sentence(preview, updated=result)}."

    def lines(self, preview: ResponsePreview) -> list[str]:
        """One block per action that will change."""
        lines = []
        for change in preview.changes:
            where = f"row {change.row}" + (f' of sheet "{change.sheet}"' if change.sheet else "")
            lines.append(f"{change.label} ({where}):")
            if change.status:
                lines.append(f"  Status: {label(change.status[0])} -> {label(change.status[1])}")
            if change.note:
                lines.append(f"  New progress update: {short(change.note)}")
            if change.owners:
                lines.append(
                    f"  Local owners: {'/'.join(change.owners[0]) or '(none)'} -> {'/'.join(change.owners[1])}"
                )
            lines += [f"  Additional action added: {short(item)}" for item in change.checklist_added]
            for conflict in change.conflicts:
                lines.append(
                    f"  Conflict, not applied: {conflict.column}: now {short(conflict.now, 40)!r}, "
                    f"file {short(conflict.file, 40)!r} ({conflict.reason})"
                )
        if preview.conflicts:
            lines.append(
                f"{len(preview.conflicts)} conflict(s) not applied: choose them on the Import updates page "
                "(or edit the action in the browser)."
            )
        lines += [f"skipped: {problem.message}" for problem in preview.skipped]
        lines += [f"warning: {problem}" for problem in preview.warnings]
        return lines


RESPONSE_IMPORT = ResponseImport()
