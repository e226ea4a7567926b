"""``python manage.py export_progress --output PATH [--format xlsx|csv] [--organisation ODS | --national]
[--plan SLUG] [--report ID]``.

The same files as the web downloads, through the same exporters (``reports.exporters``); ``-`` writes
to standard output. ``--plan SLUG`` exports that plan (the NHS People Plan 2020/21 by default); ``--plan
all`` every plan the organisation responds to, plan by plan (the CSV's Plan column tells them apart).
Another organisation's local plan is not there at all ("No plan with slug …"). A trust's export is its
action list; a system's or a region's is the roll-up of every organisation in it, one file
(``reports.sources.RollUp``); ``--national`` rolls up every organisation.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.models import Plan
from owners.commands import organisation_from_option
from reports.exporters import exporter_for
from reports.models import BoardReport
from reports.sources import DEFAULT_PLAN, FrozenReport, LiveList, RollUp, live_source


class Command(BaseCommand):
    help = "Export an organisation's progress as the board workbook (xlsx) or a flat CSV."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="File to write, or - for standard output.")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument(
            "--organisation",
            help="ODS code of a trust, a system or a region; may be left out when there is one organisation.",
        )
        parser.add_argument(
            "--national", action="store_true", help="Roll up every organisation into one file (the nation)."
        )
        parser.add_argument(
            "--plan",
            default=DEFAULT_PLAN,
            help=f"Plan slug (default: {DEFAULT_PLAN}); 'all' exports every plan the organisation responds to.",
        )
        parser.add_argument(
            "--report", type=int, help="Board report id: export its frozen lines instead of the live list."
        )

    def handle(self, *args, **options):
        source = self._report(options) if options["report"] is not None else self._live(options)
        exporter = exporter_for(source, options["format"])
        if options["output"] == "-":
            if exporter.text:
                for chunk in exporter.chunks(source):
                    self.stdout.write(chunk.decode("utf-8"), ending="")
            else:
                exporter.write(source, sys.stdout.buffer)
            return
        path = Path(options["output"])
        if path.is_dir():
            raise CommandError(
                f"--output {path} is a folder: name a file in it, e.g. {path / exporter.filename(source)}"
            )
        try:
            with open(path, "wb") as stream:
                exporter.write(source, stream, bom=True)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror or error}") from None

    def _live(self, options) -> LiveList | RollUp:
        if options["national"] and options["organisation"]:
            raise CommandError("Give --organisation or --national, not both.")
        organisation = None if options["national"] else organisation_from_option(options["organisation"])
        try:
            return live_source(organisation, options["plan"])
        except Plan.DoesNotExist:
            raise CommandError(f"No plan with slug {options['plan']!r}.") from None

    def _report(self, options) -> FrozenReport:
        reports = BoardReport.objects.select_related("organisation", "issued_by")
        if options["organisation"]:
            reports = reports.filter(organisation__ods_code=options["organisation"])
        try:
            return FrozenReport(reports.get(pk=options["report"]))
        except BoardReport.DoesNotExist:
            raise CommandError(f"No board report with id {options['report']}.") from None
