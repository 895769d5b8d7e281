"""The database itself refuses UPDATE and DELETE on the ledger and the usage logs, so no
code path, admin action or hand-typed SQL can rewrite history. (TRUNCATE, an owner's
deliberate act, is left alone so test databases can still be flushed.)"""

from django.db import migrations

TABLES = ("credits_credittransaction", "credits_creditusagelog")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION credits_refuse_ledger_edit() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused; write a correcting row instead', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _pg_statements(table):
    return [f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION credits_refuse_ledger_edit();"]


def _sqlite_statements(table):
    return [f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: {op} refused'); END;"
            for op in ("UPDATE", "DELETE")]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        statements = [s for t in TABLES for s in _pg_statements(t)]
    elif vendor == "sqlite":
        statements = [s for t in TABLES for s in _sqlite_statements(t)]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op};")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS credits_refuse_ledger_edit();")


class Migration(migrations.Migration):
    dependencies = [("credits", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
