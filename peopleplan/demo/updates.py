"""A few illustrative progress updates so the demo's dashboard shows every BRAG colour.

They are added once (only to responses that have no updates yet) through the same
service an HR lead's form uses.
"""

import datetime

from django.utils import timezone

from actions.models import Response, Status
from actions.services import response_record_update

PEOPLE_PLAN = "people-plan-2020-21"

# People Plan (theme number, ref, [(days ago, status, note), ...])
ILLUSTRATIVE = [
    (
        1,
        10,
        [
            (
                120,
                Status.ON_TRACK,
                "Exec lead agreed; non-executive wellbeing guardian being discussed with the chair.",
            ),
            (45, Status.COMPLETE, "Wellbeing guardian appointed and announced in the staff bulletin."),
        ],
    ),
    (1, 19, [(60, Status.ON_TRACK, "Health and wellbeing conversation added to the appraisal paperwork.")]),
    (1, 5, [(75, Status.AT_RISK, "Home working policy review delayed by the DSE assessment backlog.")]),
    (3, 1, [(30, Status.OFF_TRACK, "Workforce analysis by place not yet started: data lead vacancy.")]),
    (2, 1, [(20, Status.ON_TRACK, "Flexible working statement now on every job advert.")]),
    (1, 4, [(10, Status.AT_RISK, "Risk assessments for new starters: 70% completed at induction.")]),
]


def add_illustrative_updates(*, organisation, user) -> int:
    today = timezone.localdate()
    added = 0
    for theme, ref, updates in ILLUSTRATIVE:
        response = Response.objects.filter(
            organisation=organisation,
            action__theme__plan__slug=PEOPLE_PLAN,
            action__theme__number=theme,
            action__ref=ref,
            action__organisation__isnull=True,
        ).first()
        if response is None or response.updates.exists():
            continue
        for days_ago, status, note in updates:
            response_record_update(
                response=response,
                user=user,
                status=status,
                note=note,
                date=today - datetime.timedelta(days=days_ago),
            )
            added += 1
    return added
