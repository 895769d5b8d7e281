"""docs/requirements.md §1: the seeded image tiers are named "Basic", "Quality" and "Premium", on new
databases (the seed) and on existing ones (a data migration that keeps an admin's own names)."""

import importlib

import pytest
from django.apps import apps

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.registry import STAMP, ModelRegistry
from modelbank.common.versioned_cache import read_stamp

pytestmark = pytest.mark.django_db
TIERS = {"runware:97@1": "Basic", "dall-e-3": "Quality", "google:4@2": "Premium"}
migration = importlib.import_module("modelbank.catalog.migrations.0003_seed_image_tier_names")


def _names() -> dict[str, str]:
    return dict(AIModelConfig.objects.filter(model_name__in=TIERS).values_list("model_name", "display_name"))


def test_a_new_database_names_the_tiers_as_seed_000(api_client):
    assert _names() == TIERS
    images = api_client.get("/api/v1/system/ai-models/").json()["image_models"]
    assert [(m["display_name"], m["quality_tier"]) for m in images] == [
        ("Basic", "basic"), ("Quality", "quality"), ("Premium", "premium")]
    assert ModelRegistry.get_model("dall-e-3").choice_label == "Quality (dall-e-3) - $0.04/image"


def test_the_migration_renames_old_seeded_names_and_keeps_an_admins_name():
    # given a database seeded before: two tiers still carry the old seed's names, one was renamed by an admin
    AIModelConfig.objects.filter(model_name="runware:97@1").update(display_name="Runware 97")
    AIModelConfig.objects.filter(model_name="dall-e-3").update(display_name="DALL-E 3")
    AIModelConfig.objects.filter(model_name="google:4@2").update(display_name="Our best images")
    stamp = read_stamp(STAMP)
    # when
    migration.forwards(apps, None)
    # then
    assert _names() == {"runware:97@1": "Basic", "dall-e-3": "Quality", "google:4@2": "Our best images"}
    assert read_stamp(STAMP) > stamp, "running processes must reload the renamed catalog"
    assert ModelRegistry.get_model("runware:97@1").display_name == "Basic"


def test_the_migration_reverses_only_its_own_names():
    AIModelConfig.objects.filter(model_name="google:4@2").update(display_name="Our best images")
    migration.backwards(apps, None)
    assert _names() == {"runware:97@1": "Runware 97", "dall-e-3": "DALL-E 3", "google:4@2": "Our best images"}
    migration.forwards(apps, None)
    assert _names() == {**TIERS, "google:4@2": "Our best images"}
