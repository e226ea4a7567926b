"""``python manage.py export_board_paper --report ID --output PATH``: the board paper, Word (``.docx``)
or PDF (``.pdf``) by the output's extension, through the same exporters as the report page's downloads.

Errors are one line (a ``CommandError``): an unknown report, another extension, LibreOffice missing
or failing. Nothing is left at PATH when the paper cannot be made.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.exporters import exporter_for
from reports.exporters.paper.pdf import ConversionFailed
from reports.models import BoardReport
from reports.sources import FrozenReport

FORMATS = {".docx": "docx", ".pdf": "pdf"}


class Command(BaseCommand):
    help = "Write a board report's board paper: Word (.docx) or PDF (.pdf), by the output file's extension."

    def add_arguments(self, parser):
        parser.add_argument("--report", type=int, required=True, help="Board report id.")
        parser.add_argument("--output", required=True, help="File to write: PATH.docx or PATH.pdf.")

    def handle(self, *args, **options):
        output = Path(options["output"])
        format = FORMATS.get(output.suffix.lower())
        if format is None:
            raise CommandError(f"--output must end in .docx or .pdf, not {output.name!r}.")
        try:
            report = BoardReport.objects.select_related("organisation", "issued_by").get(pk=options["report"])
        except BoardReport.DoesNotExist:
            raise CommandError(f"No board report with id {options['report']}.") from None
        source = FrozenReport(report)
        exporter = exporter_for(source, format)
        partial = output.with_name(output.name + ".part")
        try:
            with open(partial, "wb") as stream:
                exporter.write(source, stream)
            partial.replace(output)
        except ConversionFailed as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"board paper written to {output}")
