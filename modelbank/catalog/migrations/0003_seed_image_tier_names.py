"""docs/requirements.md §1 names the three seeded image tiers "Basic", "Quality" and "Premium".

Only rows that still carry the name the first seed gave them are renamed: a name an admin
chose since is theirs and stays. Reversible the same way.
"""

from django.db import migrations
from django.db.models import F

RENAMES = [  # (model_name, old seeded display_name, new display_name)
    ("runware:97@1", "Runware 97", "Basic"),
    ("dall-e-3", "DALL-E 3", "Quality"),
    ("google:4@2", "Google Imagen 4 (via Runware)", "Premium"),
]


def _rename(apps, pairs):
    AIModelConfig = apps.get_model("catalog", "AIModelConfig")
    renamed = 0
    for model_name, old, new in pairs:
        renamed += AIModelConfig.objects.filter(model_name=model_name, display_name=old).update(display_name=new)
    if renamed:
        # .update() sends no post_save: bump the catalog's stamp (registry.STAMP) so running
        # processes reload their copy.
        ConfigStamp = apps.get_model("common", "ConfigStamp")
        stamp, _ = ConfigStamp.objects.get_or_create(name="catalog")
        ConfigStamp.objects.filter(pk=stamp.pk).update(version=F("version") + 1)


def forwards(apps, schema_editor):
    _rename(apps, RENAMES)


def backwards(apps, schema_editor):
    _rename(apps, [(name, new, old) for name, old, new in RENAMES])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_seed_catalog"), ("common", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
