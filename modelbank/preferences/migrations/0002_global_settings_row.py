from django.db import migrations


def create_row(apps, schema_editor):
    apps.get_model("preferences", "GlobalIntegrationSettings").objects.get_or_create(singleton=True)


class Migration(migrations.Migration):
    dependencies = [("preferences", "0001_initial")]
    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
