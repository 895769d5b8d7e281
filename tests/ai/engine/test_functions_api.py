"""The one list of AI functions: declared by each function class, served to the UI."""

import pytest
from rest_framework.test import APIClient

from modelbank.ai.functions import FUNCTIONS

pytestmark = pytest.mark.django_db
URL = "/api/v1/ai/functions/"


def test_every_function_is_listed_with_its_form(api_client):
    body = api_client.get(URL).json()
    assert [f["name"] for f in body] == sorted(FUNCTIONS)
    content = next(f for f in body if f["name"] == "generate_content")
    assert (content["label"], content["model_type"], content["operation_type"]) == (
        "Write an article", "text", "content_generation")
    assert content["fields"][:2] == [
        {"name": "brief", "label": "Brief", "kind": "textarea", "required": True, "help_text": ""},
        {"name": "keywords", "label": "Keywords (comma-separated)", "kind": "csv", "required": False,
         "help_text": ""},
    ]
    images = next(f for f in body if f["name"] == "generate_images")
    assert images["model_type"] == "image"
    assert [(f["name"], f["kind"], f["required"]) for f in images["fields"]] == [
        ("prompts", "lines", True), ("size", "text", False)]


def test_each_form_field_is_a_field_the_function_takes(api_client):
    for function in api_client.get(URL).json():
        taken = set(FUNCTIONS[function["name"]].InputSerializer().fields)
        assert {f["name"] for f in function["fields"]} == taken


def test_anonymous_callers_are_refused():
    assert APIClient().get(URL).status_code in (401, 403)


def test_the_function_classes_in_the_package_are_found_without_a_registry():
    assert {name: fn.__module__ for name, fn in FUNCTIONS.items()} == {
        "auto_cluster": "modelbank.ai.functions.auto_cluster",
        "generate_content": "modelbank.ai.functions.generate_content",
        "generate_image_prompts": "modelbank.ai.functions.generate_image_prompts",
        "generate_images": "modelbank.ai.functions.generate_images",
    }
