import sys

from django.core.management.base import BaseCommand, CommandError

from actions.models import Plan
from owners.models import Organisation
from reports.exporters.base import iter_csv, write_csv
from reports.exporters.progress import COLUMNS, progress_rows


class Command(BaseCommand):
    help = "Export an organisation's progress as the board workbook (xlsx) or a flat CSV."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="File to write, or - for standard output.")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--organisation", help="ODS code; may be left out when there is one organisation.")
        parser.add_argument("--plan", default="people-plan-2020-21", help="Plan slug.")
        parser.add_argument(
            "--report", type=int, help="Board report id: export its frozen lines instead of the live list."
        )

    def handle(self, *args, **options):
        if options["report"] is not None:
            return self._export_report(options)
        organisation = self._organisation(options["organisation"])
        try:
            plan = Plan.objects.get(slug=options["plan"])
        except Plan.DoesNotExist:
            raise CommandError(f"No plan with slug {options['plan']!r}.") from None
        if options["format"] == "csv":
            self._write_csv(options["output"], organisation, plan)
        else:
            self._write_xlsx(options["output"], organisation, plan, options)

    def _export_report(self, options):
        from reports.exporters.progress import report_lines, rows
        from reports.models import BoardReport

        reports = BoardReport.objects.select_related("organisation", "plan", "issued_by")
        if options["organisation"]:
            reports = reports.filter(organisation__ods_code=options["organisation"])
        try:
            report = reports.get(pk=options["report"])
        except BoardReport.DoesNotExist:
            raise CommandError(f"No board report with id {options['report']}.") from None
        output = options["output"]
        if options["format"] == "csv":
            lines = rows(report_lines(report))
            if output == "-":
                for line in iter_csv(COLUMNS, lines):
                    self.stdout.write(line, ending="")
                return
            with open(output, "w", encoding="utf-8-sig", newline="") as stream:
                write_csv(stream, COLUMNS, lines)
            return
        from reports.exporters.workbook import write_workbook

        if output == "-":
            write_workbook(sys.stdout.buffer, organisation=report.organisation, report=report)
            return
        with open(output, "wb") as stream:
            write_workbook(stream, organisation=report.organisation, report=report)

    def _organisation(self, ods):
        if ods:
            try:
                return Organisation.objects.get(ods_code=ods)
            except Organisation.DoesNotExist:
                raise CommandError(f"No organisation with ODS code {ods!r}.") from None
        with_responses = Organisation.objects.filter(responses__isnull=False).distinct()
        if with_responses.count() != 1:
            codes = ", ".join(with_responses.values_list("ods_code", flat=True)) or "none"
            raise CommandError(f"Name the organisation with --organisation ODS (organisations with responses: {codes}).")
        return with_responses.get()

    def _write_csv(self, output, organisation, plan):
        rows = progress_rows(organisation=organisation, plan=plan)
        if output == "-":
            for line in iter_csv(COLUMNS, rows):
                self.stdout.write(line, ending="")
            return
        # utf-8-sig so Excel on Windows reads the £ and – correctly.
        with open(output, "w", encoding="utf-8-sig", newline="") as stream:
            write_csv(stream, COLUMNS, rows)

    def _write_xlsx(self, output, organisation, plan, options):
        from reports.exporters.workbook import write_workbook

        if output == "-":
            write_workbook(sys.stdout.buffer, organisation=organisation, plan=plan)
            return
        with open(output, "wb") as stream:
            write_workbook(stream, organisation=organisation, plan=plan)
