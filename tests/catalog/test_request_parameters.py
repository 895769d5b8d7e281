"""AIModelConfig.request_parameters: the catalog says which parameters and values each model takes."""

import json

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.parameters import ModelParameters, parameter_problems
from modelbank.catalog.seed import seeded_request_parameters

pytestmark = pytest.mark.django_db


def test_every_seeded_entry_is_valid_for_its_models_type():
    seeded = seeded_request_parameters()
    types = dict(AIModelConfig.objects.filter(model_name__in=seeded).values_list("model_name", "model_type"))
    assert set(types) == set(seeded)  # every entry names a seeded model
    assert {name: parameter_problems(value, types[name]) for name, value in seeded.items()} == dict.fromkeys(seeded, [])


def test_the_data_migration_filled_the_seeded_rows():
    # migration 0002 created the rows before the field existed; 0004 filled them from the seed
    assert AIModelConfig.objects.get(model_name="dall-e-3").request_parameters == seeded_request_parameters()["dall-e-3"]
    gpt51 = ModelParameters(AIModelConfig.objects.get(model_name="gpt-5.1").request_parameters)
    assert gpt51.max_tokens_param() == "max_completion_tokens" and not gpt51.takes_temperature


def test_seed_catalog_creates_a_missing_model_with_its_parameters():
    AIModelConfig.objects.filter(model_name="gpt-image-1").delete()
    call_command("seed_catalog", stdout=None)
    assert AIModelConfig.objects.get(model_name="gpt-image-1").request_parameters["quality"]["map"] == {
        "standard": "medium", "hd": "high"}


def test_seed_catalog_never_overwrites_an_edited_value():
    AIModelConfig.objects.filter(model_name="dall-e-3").update(request_parameters={"max_images_per_request": 1})
    call_command("seed_catalog", stdout=None)
    assert AIModelConfig.objects.get(model_name="dall-e-3").request_parameters == {"max_images_per_request": 1}


@pytest.mark.parametrize(("value", "model_type", "says"), [
    ({"style": {"values": ["vivid"], "map": {"photorealistic": "natural"}}}, "image", "not one of its values"),
    ({"max_tokens_param": "max_output"}, "text", "is not one of"),
    ({"style": {"values": ["vivid"]}}, "text", "style: applies to image models only"),
    ({"temperature": False}, "image", "temperature: applies to text models only"),
    ({"styles": ["vivid"]}, "image", "request_parameters: unknown parameter"),
    ({"quality": {"values": []}}, "image", "quality.values"),
])
def test_problems_are_named(value, model_type, says):
    assert any(says in problem for problem in parameter_problems(value, model_type)), parameter_problems(value,
                                                                                                         model_type)


@pytest.mark.parametrize(("ours", "theirs"), [("photorealistic", "natural"), ("Photorealistic ", "natural"),
                                              ("vivid", "vivid"), ("steampunk", None), (None, None)])
def test_choices_map_our_values_or_drop_them(ours, theirs):
    assert ModelParameters(seeded_request_parameters()["dall-e-3"]).choice("style", ours) == theirs
    assert ModelParameters({}).choice("style", ours) is None  # a model without styles takes none


def _admin_form(instance: AIModelConfig, user, **changes):
    model_admin = admin.site._registry[AIModelConfig]
    request = RequestFactory().get("/")
    request.user = user
    form_class = model_admin.get_form(request, instance)
    data = {name: getattr(instance, name) for name in form_class.base_fields}
    data.update(provider=instance.provider_id, **changes)
    for name in ("available_sizes", "request_parameters"):
        data[name] = json.dumps(data[name])
    return form_class(data=data, instance=instance)


def test_admin_form_refuses_parameters_a_provider_would_refuse(staff_user):
    dalle = AIModelConfig.objects.get(model_name="dall-e-3")
    form = _admin_form(dalle, staff_user, request_parameters={"style": {"values": ["vivid", "natural"],
                                                            "map": {"photorealistic": "photorealistic"}}})
    assert not form.is_valid()
    assert "'photorealistic' maps to 'photorealistic', which is not one of its values" in form.errors["request_parameters"][0]


def test_admin_form_saves_valid_parameters(staff_user):
    dalle = AIModelConfig.objects.get(model_name="dall-e-3")
    wanted = {"style": {"values": ["vivid", "natural"], "map": {"photographic": "natural"}}, "max_images_per_request": 1}
    form = _admin_form(dalle, staff_user, request_parameters=wanted)
    assert form.is_valid(), form.errors
    form.save()
    assert AIModelConfig.objects.get(pk=dalle.pk).request_parameters == wanted
