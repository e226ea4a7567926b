"""``python -m tests.bench.generate --organisations N --updates-per-response K``: synthetic trusts in the
database that ``DATABASE_URL`` names (see :func:`tests.bench.scale_data.main`)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peopleplan.settings")
django.setup()

from tests.bench.scale_data import main  # noqa: E402

sys.exit(main())
