"""Database guard: an issued board report and its lines never change.

Triggers refuse (on SQLite and PostgreSQL alike) any UPDATE of a report that was
already issued, and any INSERT or UPDATE of a line of an issued report. DELETE is left
to the application (the admin is read-only for issued reports) so that test databases
can still be flushed.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TRIGGER reports_issued_report_frozen BEFORE UPDATE ON reports_boardreport
       WHEN OLD.issued_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'board report is issued and cannot change'); END;""",
    """CREATE TRIGGER reports_issued_line_insert BEFORE INSERT ON reports_boardreportline
       WHEN (SELECT issued_at FROM reports_boardreport WHERE id = NEW.report_id) IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'board report is issued and cannot change'); END;""",
    """CREATE TRIGGER reports_issued_line_update BEFORE UPDATE ON reports_boardreportline
       WHEN (SELECT issued_at FROM reports_boardreport WHERE id = OLD.report_id) IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'board report is issued and cannot change'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_issued_report_frozen;",
    "DROP TRIGGER IF EXISTS reports_issued_line_insert;",
    "DROP TRIGGER IF EXISTS reports_issued_line_update;",
]

POSTGRES_FORWARD = [
    """CREATE FUNCTION reports_refuse_issued_report() RETURNS trigger AS $$
       BEGIN
         IF OLD.issued_at IS NOT NULL THEN
           RAISE EXCEPTION 'board report is issued and cannot change';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER reports_issued_report_frozen BEFORE UPDATE ON reports_boardreport
       FOR EACH ROW EXECUTE FUNCTION reports_refuse_issued_report();""",
    """CREATE FUNCTION reports_refuse_issued_line() RETURNS trigger AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM reports_boardreport WHERE id = NEW.report_id AND issued_at IS NOT NULL)
            OR (TG_OP = 'UPDATE' AND EXISTS (
                SELECT 1 FROM reports_boardreport WHERE id = OLD.report_id AND issued_at IS NOT NULL)) THEN
           RAISE EXCEPTION 'board report is issued and cannot change';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER reports_issued_line_frozen BEFORE INSERT OR UPDATE ON reports_boardreportline
       FOR EACH ROW EXECUTE FUNCTION reports_refuse_issued_line();""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_issued_line_frozen ON reports_boardreportline;",
    "DROP FUNCTION IF EXISTS reports_refuse_issued_line();",
    "DROP TRIGGER IF EXISTS reports_issued_report_frozen ON reports_boardreport;",
    "DROP FUNCTION IF EXISTS reports_refuse_issued_report();",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
