"""AIModelConfig.request_parameters: which request parameters each model takes (catalog.parameters).

Existing databases get the seeded models' parameters (seed/request_parameters.json). Only rows
whose request_parameters are still empty are filled, so re-running never overwrites an edit.
"""

from django.db import migrations, models
from django.db.models import F


def fill_seeded(apps, schema_editor):
    from modelbank.catalog.seed import seeded_request_parameters

    AIModelConfig = apps.get_model("catalog", "AIModelConfig")
    filled = 0
    for model_name, parameters in seeded_request_parameters().items():
        filled += AIModelConfig.objects.filter(model_name=model_name, request_parameters={}).update(
            request_parameters=parameters)
    if filled:
        # .update() sends no post_save: bump the catalog's stamp so running processes reload.
        ConfigStamp = apps.get_model("common", "ConfigStamp")
        stamp, _ = ConfigStamp.objects.get_or_create(name="catalog")
        ConfigStamp.objects.filter(pk=stamp.pk).update(version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_seed_image_tier_names"), ("common", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="aimodelconfig",
            name="request_parameters",
            field=models.JSONField(
                blank=True, default=dict,
                help_text='What the model takes (see catalog.parameters), e.g. {"max_tokens_param": '
                          '"max_completion_tokens", "temperature": false} or {"style": {"values": ["vivid", '
                          '"natural"], "map": {"photorealistic": "natural"}}, "quality": {"values": ["standard", '
                          '"hd"]}, "max_images_per_request": 1}. Absent parameters are not sent.',
            ),
        ),
        migrations.RunPython(fill_seeded, migrations.RunPython.noop),
    ]
