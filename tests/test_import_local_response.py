"""The trust's "v3 FINAL UPDATED" tracker (fixtures/source) read as a revised version of the plan.

Decision (documented in actions.imports.plans.compare): its Equality and diversity 7 exists only as the
demo trust's local action, so a national import skips that row with a warning — it never creates a
second, national E&D 7 and never withdraws the local one.
"""

from pathlib import Path

import pytest

from actions.imports.plans.compare import plan_import_preview
from actions.imports.plans.rows import parse_plan_table
from actions.imports.reading.reader import Row, Table
from actions.models import Plan
from actions.plan_text.source_tables import THEMES, parse_local_response

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "source" / "local-response-ccs-v3.txt"


def v3_table():
    local = parse_local_response(SOURCE.read_text(encoding="utf-8"))
    rows = [
        Row(
            number=row.line,
            cells={
                "Theme": THEMES[row.theme - 1],
                "Ref": str(row.ref),
                "Action": row.text,
                "Who": row.national or row.who,
                "Timeline": row.timeline,
            },
        )
        for row in local.rows
    ]
    return local.version_label, Table(file_name=SOURCE.name, rows=rows)


def test_the_v3_tracker_previews_as_a_version_of_the_national_plan():
    label, table = v3_table()
    assert label == "v3 FINAL UPDATED 2 September 2020"
    parsed = parse_plan_table(table)
    assert parsed.errors == []
    preview = plan_import_preview(
        plan=Plan.objects.get(slug="people-plan-2020-21"), rows=parsed.rows, warnings=parsed.warnings
    )
    assert preview.summary() == "added=0 changed=52 withdrawn=0 unchanged=49"
    messages = [str(w) for w in preview.warnings]
    assert any("Equality and diversity 7 is a local action of RYV only" in m for m in messages)
    assert any('"By3/2" is not a timeline we can read' in m for m in messages)
    # The trust wrote owners' initials in Who, and re-typed a few texts: each shows as old -> new.
    changes = {(d.theme, d.ref, f.field): (f.old, f.new) for d in preview.changed for f in d.fields}
    assert changes[("Health and wellbeing", 1, "who")] == ("Employers", "AP/SC")
    old, new = changes[("Health and wellbeing", 17, "text")]
    assert "staff are able to access" in old and "staff can access" in new
