"""A provider key is absent in plaintext from raw rows, API responses, admin pages and logs."""

import logging

import pytest
from django.db import connection

from modelbank.catalog.models import IntegrationProvider
from tests.catalog.conftest import PLAIN_KEY

pytestmark = pytest.mark.django_db


def test_raw_database_row_holds_only_ciphertext(openai_with_key):
    with connection.cursor() as cursor:
        cursor.execute("SELECT api_key FROM catalog_integrationprovider WHERE provider_id = %s", ["openai"])
        (stored,) = cursor.fetchone()
    assert PLAIN_KEY not in stored and PLAIN_KEY[-8:] not in stored
    assert stored.startswith("enc:fernet:")


def test_no_api_response_shows_the_key(openai_with_key, api_client, staff_client):
    paths = ["/api/v1/system/ai-models/", "/api/schema/", "/api/v1/auth/me/"]
    for client in (api_client, staff_client):
        for path in paths:
            assert PLAIN_KEY not in client.get(path).content.decode(), path
    listing = staff_client.get("/api/v1/system/providers/").json()
    openai = next(p for p in listing if p["provider_id"] == "openai")
    assert openai["api_key_hint"] == f"set, ends in {PLAIN_KEY[-4:]}"
    assert PLAIN_KEY not in str(listing)


def test_set_key_api_is_write_only_and_staff_only(staff_client, api_client, caplog):
    caplog.set_level(logging.DEBUG)
    response = staff_client.put("/api/v1/system/providers/anthropic/key/", {"value": "sk-ant-NEWKEY-7777"},
                                format="json")
    assert response.status_code == 204 and not response.content
    assert IntegrationProvider.objects.get(pk="anthropic").api_key.reveal() == "sk-ant-NEWKEY-7777"
    assert "NEWKEY" not in caplog.text
    assert api_client.put("/api/v1/system/providers/anthropic/key/", {"value": "x"}, format="json").status_code == 403
    assert api_client.get("/api/v1/system/providers/").status_code == 403


def test_unknown_provider_and_bad_field_are_clear_4xx(staff_client):
    assert staff_client.put("/api/v1/system/providers/nope/key/", {"value": "x"}, format="json").status_code == 404
    response = staff_client.put("/api/v1/system/providers/openai/key/", {"field": "password", "value": "x"},
                                format="json")
    assert response.status_code == 400
    assert "field" in response.json()["error"]["message"]


def test_admin_pages_show_only_a_hint(openai_with_key, admin_client):
    for path in ["/admin/catalog/integrationprovider/", "/admin/catalog/integrationprovider/openai/change/"]:
        html = admin_client.get(path).content.decode()
        assert PLAIN_KEY not in html, path
        assert f"ends in {PLAIN_KEY[-4:]}" in html
    assert "not set" in admin_client.get("/admin/catalog/integrationprovider/stripe/change/").content.decode()


def test_admin_form_keeps_the_key_when_left_empty_and_replaces_it_when_given(openai_with_key, admin_client):
    url = "/admin/catalog/integrationprovider/openai/change/"
    form = {"display_name": "OpenAI", "provider_type": "ai", "api_endpoint": "", "is_active": "on", "config": "{}",
            "new_api_key": "", "new_api_secret": "", "new_webhook_secret": ""}
    assert admin_client.post(url, form).status_code == 302
    assert IntegrationProvider.objects.get(pk="openai").api_key.reveal() == PLAIN_KEY
    admin_client.post(url, {**form, "new_api_key": "sk-rotated-0042"})
    assert IntegrationProvider.objects.get(pk="openai").api_key.reveal() == "sk-rotated-0042"
    admin_client.post(url, {**form, "clear_secrets": ["api_key"]})
    assert not IntegrationProvider.objects.get(pk="openai").api_key.is_set


def test_decrypt_failure_is_loud_and_secret_free(openai_with_key, settings):
    from cryptography.fernet import Fernet

    from modelbank.catalog.errors import ProviderKeyUnreadable
    from modelbank.catalog.registry import ModelRegistry

    settings.MODELBANK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ProviderKeyUnreadable) as err:
        ModelRegistry.get_api_key("openai")
    assert PLAIN_KEY not in str(err.value)
