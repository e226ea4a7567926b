"""Board report services: a draft follows the action list; an issued report never changes."""

import datetime

import pytest
from django.db import DatabaseError, transaction

from actions.models import Response, Status
from actions.services import response_record_update
from reports import services
from reports.lines import report_lines
from reports.models import BoardReport, BoardReportLine, ReportIssued

pytestmark = pytest.mark.django_db


def response(trust, theme, ref):
    return Response.objects.get(
        organisation=trust, action__theme__name=theme, action__ref=ref, action__organisation__isnull=True
    )


def line(report, theme, ref):
    return report.lines.get(theme_name=theme, ref=ref)


def test_a_new_report_copies_every_line_of_the_action_list(make_report, trust):
    report = make_report()
    assert report.lines.count() == 102  # 101 national actions + the trust's own action
    hw4 = line(report, "Health and wellbeing", 4)
    assert (hw4.owners, hw4.status) == ("BW/AP/AH/SC", response(trust, "Health and wellbeing", 4).status)
    assert line(report, "Health and wellbeing", 5).checklist.startswith("Review and refresh Home working policy")
    assert not report.is_issued


def test_overdue_is_judged_against_the_as_at_date(make_report, trust):
    # Equality and diversity 1 is due by October 2020.
    before = make_report(as_at=datetime.date(2020, 10, 1))
    after = make_report(as_at=datetime.date(2020, 11, 1))
    status = line(after, "Equality and diversity", 1).status
    assert status not in Status.closed()
    assert line(before, "Equality and diversity", 1).overdue is False
    assert line(after, "Equality and diversity", 1).overdue is True


def test_refreshing_a_draft_picks_up_new_updates(make_report, trust, hr_lead, secretary):
    report = make_report()
    response_record_update(
        response=response(trust, "Flexible working", 1),
        user=hr_lead,
        status=Status.OFF_TRACK,
        note="Policy stalled at JCNP.",
        date=datetime.date(2026, 1, 10),
    )
    assert line(report, "Flexible working", 1).status != Status.OFF_TRACK
    services.report_refresh(report=report, user=secretary)
    refreshed = line(report, "Flexible working", 1)
    assert (refreshed.status, refreshed.latest_update_note) == (Status.OFF_TRACK, "Policy stalled at JCNP.")


def test_issuing_freezes_the_report_against_later_edits(make_report, trust, hr_lead, secretary):
    report = make_report(issue=True)
    assert report.issued_at and report.issued_by == secretary
    response_record_update(
        response=response(trust, "Flexible working", 1),
        user=hr_lead,
        status=Status.COMPLETE,
        note="Done.",
        date=datetime.date(2026, 1, 20),
    )
    frozen = {(line.theme, line.ref): line for line in report_lines(report)}
    assert frozen[("Flexible working", 1)].status != Status.COMPLETE
    assert frozen[("Flexible working", 1)].latest_update != "Done."


def test_an_issued_report_refuses_refresh_edit_and_reissue(make_report, secretary):
    report = make_report(issue=True)
    with pytest.raises(ReportIssued):
        services.report_refresh(report=report, user=secretary)
    with pytest.raises(ReportIssued):
        services.report_update(report=report, user=secretary, title="Changed")
    with pytest.raises(ReportIssued):
        services.report_issue(report=report, user=secretary)
    report.refresh_from_db()
    assert report.title == "People Plan progress"


def test_the_models_refuse_to_save_an_issued_report_or_its_lines(make_report):
    report = make_report(issue=True)
    report.title = "Rewritten"
    with pytest.raises(ReportIssued):
        report.save()
    first = report.lines.first()
    first.status = Status.COMPLETE
    with pytest.raises(ReportIssued):
        first.save()


def test_the_database_refuses_bulk_updates_of_an_issued_report(make_report):
    report = make_report(issue=True)
    with pytest.raises(DatabaseError), transaction.atomic():
        BoardReportLine.objects.filter(report=report).update(status=Status.COMPLETE)
    with pytest.raises(DatabaseError), transaction.atomic():
        BoardReport.objects.filter(pk=report.pk).update(title="Rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        BoardReportLine.objects.bulk_create(
            [
                BoardReportLine(
                    report=report,
                    theme_number=1,
                    theme_name="X",
                    ref=99,
                    action_text="smuggled",
                    status=Status.ON_TRACK,
                )
            ]
        )
    assert not report.lines.filter(action_text="smuggled").exists()
    assert BoardReport.objects.get(pk=report.pk).title == "People Plan progress"


def test_drafts_may_still_be_edited(make_report, secretary):
    report = make_report()
    services.report_update(report=report, user=secretary, title="Bi-annual People Plan update", agenda_item="14")
    report.refresh_from_db()
    assert (report.title, report.agenda_item) == ("Bi-annual People Plan update", "14")


def test_history_records_who_issued(make_report, secretary):
    report = make_report(issue=True)
    assert report.history.first().issued_by == secretary
