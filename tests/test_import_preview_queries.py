"""The offline-updates preview makes a fixed number of queries, whatever the number of actions, notes
and checklist items (pinned at two data sizes). The queries:

1. the organisation's active responses, annotated (latest update, due date);
2. their owners (prefetch);
3. their checklist items (prefetch);
4. the statuses each response has had (its history);
5. the notes in their progress logs;
6. the checklist texts they have had (history);
7. the owner links they have had (history), replayed into the owner lists each response has had;
8. the owner links of today that have no history (made in bulk), the start of that replay;
9. the organisation's owners.
"""

import io

import pytest

from actions import services
from actions.imports.responses.compare import read_response_file, response_import_preview
from actions.models import Action, Plan, Response, Theme
from reports.exporters import exporter_for
from reports.sources import LiveList
from tests.test_round_trip import edit_csv

pytestmark = pytest.mark.django_db
QUERIES = 9


def preview_queries(trust, django_assert_num_queries):
    stream = io.BytesIO()
    source = LiveList(trust, plan=Plan.objects.get(slug="people-plan-2020-21"))
    exporter_for(source, "csv").write(source, stream, bom=True)
    data = edit_csv(stream.getvalue(), {("Recruitment", 1): {"Status": "Complete", "Latest update": "Done."}})
    rows = read_response_file(data=data, file_name="board.csv")
    with django_assert_num_queries(QUERIES):
        preview = response_import_preview(organisation=trust, rows=rows, file_name="board.csv")
    return preview


def test_the_preview_makes_the_same_queries_for_102_or_302_actions(trust, hr_lead, django_assert_num_queries):
    small = preview_queries(trust, django_assert_num_queries)
    theme = Theme.objects.get(plan__slug="people-plan-2020-21", number=3)
    for ref in range(100, 300):
        response = Response.objects.create(
            organisation=trust,
            action=Action.objects.create(theme=theme, ref=ref, text=f"Local {ref}", organisation=trust),
        )
        services.checklist_item_add(response=response, user=hr_lead, text=f"Step for {ref}")
        services.response_record_update(response=response, user=hr_lead, status="on_track", note=f"Note {ref}")
    large = preview_queries(trust, django_assert_num_queries)
    assert (small.summary(), large.summary()) == ("updated=1 unchanged=101", "updated=1 unchanged=301")
