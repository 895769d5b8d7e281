from django.db import migrations


def seed(apps, schema_editor):
    from modelbank.catalog.seed import apply_catalog_seed

    apply_catalog_seed(apps.get_model("catalog", "IntegrationProvider"), apps.get_model("catalog", "AIModelConfig"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
