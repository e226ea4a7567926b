"""A system's roll-up, downloaded by the system's own HR lead and imported back (issue 15, point 1:
"every workbook and CSV it exports … and (once it exists) a system"). The system's own rows are
its to update; its member trusts' rows are read, not imported (a system never writes a trust's
work), and one warning says so."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from actions.models import Response
from tests.import_helpers import snapshot

from .test_round_trip import download


def run_as(tmp_path, data, name, username, *args):
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_responses", str(path), "--user", username, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_systems_roll_up_comes_back_unedited_with_nothing_to_do(client, system, system_hr, tmp_path, fmt):
    data = download(client, system_hr, f"/rollups/{system.ods_code}/export/?format={fmt}")
    before = snapshot()
    lines = run_as(tmp_path, data, f"rollup.{fmt}", "ics.hr", "--organisation", system.ods_code)
    assert lines[0] == f"updated=0 unchanged={Response.objects.of(system).active().count()}"
    warning = next(line for line in lines if "read, not imported" in line)
    assert "Cambridgeshire Community Services NHS Trust" in warning
    assert lines[-1] == "Nothing to do: every action already matches this file."
    assert snapshot() == before


def test_an_edited_roll_up_changes_the_systems_own_row_and_never_a_members(client, system, trust, system_hr, tmp_path):
    data = download(client, system_hr, f"/rollups/{system.ods_code}/export/?format=csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    at = {name: header.index(name) for name in ("Organisation", "Theme", "Ref", "Status")}
    own = next(row for row in rows[1:] if row[at["Organisation"]] == system.name)
    member = next(row for row in rows[1:] if row[at["Organisation"]] == trust.name)
    own[at["Status"]] = "At risk" if own[at["Status"]] != "At risk" else "On track"
    member[at["Status"]] = "Off track" if member[at["Status"]] != "Off track" else "On track"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    trusts_before = sorted(Response.objects.filter(organisation=trust).values_list("pk", "status", "revision"))

    lines = run_as(tmp_path, out.getvalue().encode("utf-8-sig"), "rollup.csv", "ics.hr", "--organisation", "QUE")

    assert lines[0].startswith("updated=1 ")
    changed = Response.objects.get(
        organisation=system, action__theme__name=own[at["Theme"]], action__ref=int(own[at["Ref"]])
    )
    assert changed.get_status_display() == own[at["Status"]]
    assert sorted(Response.objects.filter(organisation=trust).values_list("pk", "status", "revision")) == trusts_before


def test_a_trust_still_refuses_another_organisations_rows(client, system, system_hr, tmp_path):
    data = download(client, system_hr, f"/rollups/{system.ods_code}/export/?format=csv")
    path = tmp_path / "rollup.csv"
    path.write_bytes(data)
    err = io.StringIO()
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_responses", str(path), "--user", "hr.lead", "--organisation", "RYV", stderr=err)
    assert f'this row is for "{system.name}", not Cambridgeshire Community Services NHS Trust' in err.getvalue()
    assert snapshot() == before
