"""Issue 9: usage beyond a hold that was not charged, and usage estimated because the provider
reported none, become columns; the daily rollup keeps money as whole nano-dollars (SQLite
stores decimals as floats, so sums added in SQL drifted), copied exactly from the old columns.

On SQLite, adding a NOT NULL column rebuilds the table, which drops its triggers: the usage
log's append-only triggers (0002) are put back at the end.
"""

# Only table names are formatted into the SQL; it takes no values.
# ruff: noqa: S608

from django.db import migrations, models

DAILY = "credits_creditusagedaily"
USAGE_LOG = "credits_creditusagelog"
COPY_MONEY = (f"UPDATE {DAILY} SET revenue_nanousd = CAST(ROUND(revenue_usd * 1000000000) AS BIGINT), "
              f"cost_nanousd = CAST(ROUND(cost_usd * 1000000000) AS BIGINT)")
COPY_MONEY_BACK = (f"UPDATE {DAILY} SET revenue_usd = revenue_nanousd / 1000000000.0, "
                   f"cost_usd = cost_nanousd / 1000000000.0")


def reinstall_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL keeps a table's triggers through ALTER TABLE
    for op in ("UPDATE", "DELETE"):
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {USAGE_LOG}_no_{op.lower()} BEFORE {op} ON {USAGE_LOG} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {USAGE_LOG}: {op} refused'); END;"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("credits", "0003_seed_credit_costs"),
    ]

    operations = [
        # Undone last when the migration is reversed, so the triggers come back then too.
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_triggers),
        migrations.AddField(
            model_name="creditusagelog",
            name="uncharged_credits",
            field=models.BigIntegerField(default=0, db_default=0, help_text="Credits the call used beyond its hold that the available balance could not cover"),
        ),
        migrations.AddField(
            model_name="creditusagelog",
            name="usage_estimated",
            field=models.BooleanField(default=False, db_default=False, help_text="The provider reported no usage: the tokens are estimated from the text lengths"),
        ),
        migrations.AddConstraint(
            model_name="creditusagelog",
            constraint=models.CheckConstraint(condition=models.Q(("uncharged_credits__gte", 0)), name="credit_usage_uncharged_non_negative"),
        ),
        migrations.AddField(
            model_name="creditusagedaily",
            name="uncharged_credits",
            field=models.BigIntegerField(default=0, db_default=0),
        ),
        migrations.AddField(
            model_name="creditusagedaily",
            name="revenue_nanousd",
            field=models.BigIntegerField(default=0, db_default=0, help_text="Σ credits × price per credit, in 10⁻⁹ USD"),
        ),
        migrations.AddField(
            model_name="creditusagedaily",
            name="cost_nanousd",
            field=models.BigIntegerField(default=0, db_default=0, help_text="Σ provider cost, in 10⁻⁹ USD"),
        ),
        migrations.RunSQL(COPY_MONEY, COPY_MONEY_BACK),
        migrations.RemoveField(model_name="creditusagedaily", name="revenue_usd"),
        migrations.RemoveField(model_name="creditusagedaily", name="cost_usd"),
        migrations.RunPython(reinstall_sqlite_triggers, reinstall_sqlite_triggers),
    ]
