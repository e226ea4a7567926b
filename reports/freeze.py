"""The database guard that keeps an issued board report frozen: no UPDATE of the report, no INSERT,
UPDATE or DELETE of its lines (SQLite and PostgreSQL alike), and on PostgreSQL no DELETE of the
report either.

On SQLite a DELETE of an issued report is refused through its lines: Django deletes a report's
lines before the report, and the deferred foreign key refuses a raw DELETE that would orphan them
(a trigger on the report itself would break ``flush``, whose table order is arbitrary).

``install`` is idempotent. Migration 0003 installs the guard; ``ReportsConfig`` re-installs what is
missing after every ``migrate`` (a later migration that rebuilds a table on SQLite drops the
table's triggers with it); the project's ``flush`` lifts it while it empties the database.
"""

MESSAGE = "board report is issued and cannot change"

_ISSUED = "(SELECT issued_at FROM reports_boardreport WHERE id = {row}.report_id) IS NOT NULL"

SQLITE_TRIGGERS = {
    "reports_issued_report_frozen": "BEFORE UPDATE ON reports_boardreport WHEN OLD.issued_at IS NOT NULL",
    "reports_issued_line_insert": "BEFORE INSERT ON reports_boardreportline WHEN " + _ISSUED.format(row="NEW"),
    "reports_issued_line_update": "BEFORE UPDATE ON reports_boardreportline WHEN " + _ISSUED.format(row="OLD"),
    "reports_issued_line_delete": "BEFORE DELETE ON reports_boardreportline WHEN " + _ISSUED.format(row="OLD"),
}

POSTGRES_FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION reports_refuse_issued_report() RETURNS trigger AS $$
       BEGIN
         IF OLD.issued_at IS NOT NULL THEN
           RAISE EXCEPTION '{MESSAGE}';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    f"""CREATE OR REPLACE FUNCTION reports_refuse_issued_line() RETURNS trigger AS $$
       BEGIN
         IF (TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
                SELECT 1 FROM reports_boardreport WHERE id = NEW.report_id AND issued_at IS NOT NULL))
            OR (TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                SELECT 1 FROM reports_boardreport WHERE id = OLD.report_id AND issued_at IS NOT NULL)) THEN
           RAISE EXCEPTION '{MESSAGE}';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
]
POSTGRES_TRIGGERS = {
    "reports_issued_report_frozen": (
        "reports_boardreport",
        "BEFORE UPDATE OR DELETE ON reports_boardreport FOR EACH ROW EXECUTE FUNCTION reports_refuse_issued_report()",
    ),
    "reports_issued_line_frozen": (
        "reports_boardreportline",
        "BEFORE INSERT OR UPDATE OR DELETE ON reports_boardreportline FOR EACH ROW "
        "EXECUTE FUNCTION reports_refuse_issued_line()",
    ),
}
TABLES = {"reports_boardreport", "reports_boardreportline"}


def _tables_exist(connection) -> bool:
    with connection.cursor() as cursor:
        return TABLES <= set(connection.introspection.table_names(cursor))


def install(connection) -> None:
    """Create whatever part of the guard is missing (nothing when the report tables do not exist)."""
    if connection.vendor not in ("sqlite", "postgresql") or not _tables_exist(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name, when in SQLITE_TRIGGERS.items():
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
                )
            return
        for statement in POSTGRES_FUNCTIONS:
            cursor.execute(statement)
        for name, (_table, definition) in POSTGRES_TRIGGERS.items():
            cursor.execute(f"CREATE OR REPLACE TRIGGER {name} {definition}")


def uninstall(connection) -> None:
    """Drop the guard (every version of it): for a migration that must rewrite frozen rows, and for ``flush``."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name};")
            return
        if not _tables_exist(connection):
            return
        for name, (table, _definition) in POSTGRES_TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table};")
        cursor.execute("DROP FUNCTION IF EXISTS reports_refuse_issued_line();")
        cursor.execute("DROP FUNCTION IF EXISTS reports_refuse_issued_report();")
