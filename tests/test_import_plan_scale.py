"""A plan import makes a fixed number of statements whatever its size, and 5,000 actions import quickly."""

import io
import re
import time
from itertools import groupby

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.imports.plans.apply import plan_import_apply
from actions.imports.plans.compare import plan_import_preview
from actions.imports.plans.rows import read_plan_file
from actions.models import Action, Plan, Response
from actions.services import ensure_responses, responding_organisations
from owners.models import Organisation
from tests.import_helpers import write_csv

pytestmark = pytest.mark.django_db
THEMES = ["Health and wellbeing", "Flexible working", "Recruitment", "Retaining staff"]
TIMELINES = ["", "By March 2022", "From April 2021", "2021/22"]


def synthetic_rows(count, *, revision=False):
    """``count`` actions over four themes; the revision changes every 10th, drops every 10th (+5), adds 10%."""
    header = ["Theme", "Ref", "Action", "Who", "Timeline"]
    rows = []
    for n in range(count):
        if revision and n % 10 == 5:
            continue
        text = f"Synthetic action {n}" + (" (revised)" if revision and n % 10 == 0 else "")
        rows.append([THEMES[n % 4], n // 4 + 1, text, "Employers", TIMELINES[n % 4]])
    if revision:
        rows += [
            [THEMES[n % 4], n // 4 + 1, f"New action {n}", "Systems", ""] for n in range(count, count + count // 10)
        ]
    return [header] + rows


def import_file(plan, path, label, slug):
    parsed = read_plan_file(data=path.read_bytes(), file_name=path.name)
    preview = plan_import_preview(plan=plan, rows=parsed.rows, plan_slug=slug, plan_name=slug, errors=parsed.errors)
    return plan_import_apply(preview=preview, label=label, file_name=path.name, user=None)


def revision_queries(tmp_path, count):
    """Queries of importing a revision (10% changed, 10% withdrawn, 10% added) of a ``count``-action plan."""
    slug = f"synthetic-{count}"
    import_file(None, write_csv(tmp_path / f"v1-{count}.csv", synthetic_rows(count)), "v1", slug)
    plan = Plan.objects.get(slug=slug)
    for organisation in Organisation.objects.filter(ods_code__in=["RYV", "ZZ001"]):
        ensure_responses(organisation=organisation, plan=plan)
    path = write_csv(tmp_path / f"v2-{count}.csv", synthetic_rows(count, revision=True))
    with CaptureQueriesContext(connection) as captured:
        version = import_file(plan, path, "v2", slug)
    assert (version.added, version.changed, version.withdrawn) == (count // 10, count // 10, count // 10)
    # A national plan's new actions reach every trust and system (the demo tree's too).
    assert Response.objects.filter(action__added_in=version).count() == responding_organisations().count() * (
        count // 10
    )
    return [q["sql"] for q in captured.captured_queries]


def statements(queries):
    """Queries with the batches of one bulk write counted once (SQLite caps a statement at 999 parameters)."""
    kinds = (re.sub(r'"s\d+_x\d+"', "SAVEPOINT", q[:80].split(" VALUES")[0].split(" SET ")[0]) for q in queries)
    return [kind for kind, _ in groupby(kinds)]


def test_applying_a_revision_makes_the_same_statements_for_300_or_3000_actions(tmp_path):
    small, large = revision_queries(tmp_path, 300), revision_queries(tmp_path, 3000)
    # Preview: themes; national actions; local-only keys. Apply (one transaction): savepoint; the plan
    # (FOR UPDATE on PostgreSQL); themes, national actions and local-only keys again (re-validation); the label
    # check; the version and its history row; the plan's themes; added actions and their history rows; changed
    # and withdrawn actions (one bulk UPDATE) and their history rows; the ActionChange rows; organisations
    # responding to the plan; their responses to the added actions and history rows; release savepoint.
    assert len(statements(small)) == 21
    assert statements(large) == statements(small)
    if connection.vendor == "postgresql":  # no parameter cap: every bulk write is one statement
        assert len(large) == len(small)


def test_a_5000_action_plan_imports_in_seconds(tmp_path):
    path = write_csv(tmp_path / "plan-5000.csv", synthetic_rows(5000))
    started = time.perf_counter()
    out = io.StringIO()
    call_command("import_plan", str(path), "--label", "synthetic 5000", "--plan", "synthetic-5000", stdout=out)
    seconds = time.perf_counter() - started
    print(f"import_plan of 5,000 actions: {seconds:.2f} s")
    assert out.getvalue().splitlines()[0] == "added=5000 changed=0 withdrawn=0 unchanged=0"
    assert Action.objects.filter(theme__plan__slug="synthetic-5000").count() == 5000
    assert seconds < 60
