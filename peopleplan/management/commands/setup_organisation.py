"""python manage.py setup_organisation --ods-code ODS --name NAME --admin-username USER --admin-email EMAIL"""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from owners.commands import organisation_from_option
from owners.models import Organisation
from peopleplan.setup import organisation_setup

PASSWORD_VARIABLE = "SETUP_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Set up an organisation on a deployment without the demo: the organisation, a response to every "
        "action of every plan loaded, and its first administrator (a plan administrator of that organisation). "
        f"The password is asked for, or read from ${PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ods-code", required=True, help="The organisation's ODS code, e.g. RGT.")
        parser.add_argument("--name", required=True, help="Its full name.")
        parser.add_argument("--kind", default=Organisation.Kind.TRUST, choices=Organisation.Kind.values)
        parser.add_argument("--parent", help="ODS code of the system (or region) it belongs to.")
        parser.add_argument("--admin-username", required=True, help="The first administrator's username.")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="", help='Their full name, e.g. "Jo Bloggs".')

    def handle(self, *args, **options):
        parent = organisation_from_option(options["parent"]) if options["parent"] else None
        first, _, last = options["admin_name"].strip().partition(" ")
        try:
            done = organisation_setup(
                name=options["name"],
                ods_code=options["ods_code"],
                kind=options["kind"],
                parent=parent,
                admin_username=options["admin_username"],
                admin_email=options["admin_email"],
                admin_password=self.password(options),
                admin_first_name=first,
                admin_last_name=last,
            )
        except ValidationError as error:
            messages = [m for field in error.message_dict.values() for m in field]
            raise CommandError(" ".join(messages) + " Nothing was set up.") from None
        self.stdout.write(
            f"organisation {done.organisation.ods_code} ({done.organisation.name}): responses={done.responses}; "
            f"administrator {done.administrator.username} can sign in at /accounts/login/ and /admin/"
        )

    def password(self, options) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            return password
        if not options.get("interactive", True) or not os.isatty(0):
            raise CommandError(f"Set ${PASSWORD_VARIABLE} or run the command in a terminal to type the password.")
        first = getpass.getpass(f"Password for {options['admin_username']}: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ. Nothing was set up.")
        return first
