"""An operator sets a provider's api_endpoint, is_active and non-secret config without a database
shell: through the staff API or `manage.py configure_provider`, validated, audited, never a secret."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from modelbank.catalog.models import IntegrationProvider
from modelbank.catalog.provider_config import endpoint_schema
from modelbank.catalog.registry import STAMP, ModelRegistry
from modelbank.catalog.services import provider_set_secret
from modelbank.common.versioned_cache import read_stamp
from modelbank.preferences.models import SettingsAuditLog
from tests.catalog.conftest import PLAIN_KEY

pytestmark = pytest.mark.django_db
URL = "/api/v1/system/providers/{}/"


def _row(provider_id: str) -> dict:
    return IntegrationProvider.objects.values("api_endpoint", "is_active", "config").get(pk=provider_id)


def _audit() -> list[SettingsAuditLog]:
    return list(SettingsAuditLog.objects.filter(record_type="IntegrationProvider").order_by("pk"))


# --- the staff API -------------------------------------------------------------------------------

def test_staff_reads_a_provider_with_what_its_url_must_look_like_and_no_secret(staff_client):
    provider_set_secret(provider_id="anthropic", field="api_key", value=PLAIN_KEY)
    response = staff_client.get(URL.format("anthropic"))
    assert response.status_code == 200
    body = response.json()
    assert body["api_key_hint"] == "set, ends in 4321" and PLAIN_KEY not in response.content.decode()
    assert "without /v1" in body["endpoint_help"] and body["config"] == {"notes": "Claude models"}
    assert set(body["config_keys"]) == {"notes"}


def test_staff_sets_endpoint_activity_and_config_and_every_process_reloads(staff_client, staff_user):
    stamp = read_stamp(STAMP)
    response = staff_client.patch(URL.format("openai"), {
        "api_endpoint": " https://llm.example.com:8443/v1 ", "is_active": False,
        "config": {"notes": "our gateway"},
    }, format="json")
    assert response.status_code == 200, response.json()
    assert _row("openai") == {"api_endpoint": "https://llm.example.com:8443/v1", "is_active": False,
                              "config": {"notes": "our gateway"}}
    assert read_stamp(STAMP) > stamp
    assert ModelRegistry.get_provider("openai").api_endpoint == "https://llm.example.com:8443/v1"
    body = response.json()
    assert body["is_active"] is False and body["active_models"] > 0 and "inactive" in body["warnings"][0]
    # who changed what, before and after
    [entry] = _audit()
    assert (entry.actor, entry.account, entry.record_key, entry.via) == (staff_user, None, "openai", "api")
    assert entry.old_value == {"api_endpoint": "", "is_active": True, "config": {"notes": "GPT models, DALL-E"}}
    assert entry.new_value == _row("openai")


def test_a_provider_takes_its_own_config_keys(staff_client):
    response = staff_client.patch(URL.format("bria"), {"config": {"poll_interval": 2, "poll_timeout": 300}},
                                  format="json")
    assert response.status_code == 200
    assert _row("bria")["config"] == {"poll_interval": 2, "poll_timeout": 300}  # config is replaced whole
    assert set(response.json()["config_keys"]) == {"notes", "poll_interval", "poll_timeout"}


def test_an_empty_endpoint_goes_back_to_the_default_and_a_no_op_writes_nothing(staff_client):
    IntegrationProvider.objects.filter(pk="runware").update(api_endpoint="https://eu.runware.example/v1")
    assert staff_client.patch(URL.format("runware"), {"api_endpoint": ""}, format="json").status_code == 200
    assert _row("runware")["api_endpoint"] == ""
    stamp = read_stamp(STAMP)
    assert staff_client.patch(URL.format("runware"), {"api_endpoint": ""}, format="json").status_code == 200
    assert len(_audit()) == 1 and read_stamp(STAMP) == stamp


@pytest.mark.parametrize(("provider_id", "body", "says"), [
    ("openai", {"api_endpoint": "ftp://llm.example.com/v1"}, "http:// or https://"),
    ("openai", {"api_endpoint": "https://user:pw@llm.example.com/v1"}, "user:password@"),
    ("openai", {"api_endpoint": "https://llm.example.com/v1?key=abc"}, "?query"),
    ("openai", {"api_endpoint": "https://llm.example.com/v1#top"}, "#fragment"),
    ("openai", {"api_endpoint": "llm.example.com/v1"}, "http:// or https://"),
    ("openai", {"api_endpoint": "https://llm.example.com:99999/v1"}, "http:// or https://"),
    ("openai", {"api_endpoint": "https://" + "a" * 200 + ".example.com"}, "at most 200"),
    ("openai", {"api_endpoint": 42}, "api_endpoint: must be text"),
    ("anthropic", {"api_endpoint": "https://api.anthropic.com/v1"}, "without /v1"),
    ("google", {"api_endpoint": "https://generativelanguage.googleapis.com/v1beta"}, "without the API version"),
    ("bria", {"api_endpoint": "https://engine.prod.bria-api.com/v2/"}, "without /v2"),
    ("openai", {"is_active": "yes"}, "is_active: must be true or false"),
    ("openai", {"config": {"poll_interval": 1}}, "config.poll_interval: not a setting of 'openai'"),
    ("openai", {"config": {"max_tokens_param": "max_tokens"}}, "config.max_tokens_param: not a setting of 'openai'; it takes notes"),
    ("bria", {"config": {"poll_interval": 0}}, "config.poll_interval: must be at least 0.1"),
    ("bria", {"config": {"poll_timeout": "long"}}, "config.poll_timeout: must be a number"),
    ("bria", {"config": [1]}, "config: must be an object"),
    ("openai", {"display_name": "Mine"}, "display_name: not a setting of 'openai'"),
])
def test_each_invalid_change_is_a_clear_400_and_changes_nothing(staff_client, provider_id, body, says):
    before = _row(provider_id)
    response = staff_client.patch(URL.format(provider_id), body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_provider_config" and says in error["message"], error
    assert _row(provider_id) == before and _audit() == []


def test_text_the_database_cannot_store_is_a_400_from_the_api_and_the_command(staff_client):
    before = _row("bria")
    response = staff_client.patch(URL.format("bria"), {"config": {"notes": "a\x00b"}}, format="json")
    assert response.status_code == 400 and "config.notes" in response.json()["error"]["message"]
    with pytest.raises(CommandError, match="config.notes: the text contains a NUL"):
        _configure("bria", "--set", "notes=a\x00b")
    assert _row("bria") == before and _audit() == []


@pytest.mark.parametrize(("body", "says"), [
    ({"api_key": PLAIN_KEY}, "looks like a secret"), ({"config": {"apiKey": PLAIN_KEY}}, "looks like a secret"),
    ({"config": {"webhook_secret": PLAIN_KEY}}, "looks like a secret"),
    ({"is_active": PLAIN_KEY}, "must be true or false"), ({"config": {"notes": [PLAIN_KEY]}}, "must be text"),
])
def test_a_secret_is_never_accepted_nor_echoed(staff_client, body, says):
    response = staff_client.patch(URL.format("openai"), body, format="json")
    assert response.status_code == 400 and says in response.json()["error"]["message"]
    assert PLAIN_KEY not in response.content.decode()
    assert PLAIN_KEY not in json.dumps(_row("openai")) and not IntegrationProvider.objects.get(pk="openai").api_key.is_set


def test_a_body_that_is_not_an_object_is_a_400(staff_client):
    response = staff_client.patch(URL.format("openai"), [1, 2], format="json")
    assert response.status_code == 400 and "Send an object" in response.json()["error"]["message"]


def test_an_unknown_provider_is_a_404(staff_client):
    assert staff_client.get(URL.format("nope")).status_code == 404
    assert staff_client.patch(URL.format("nope"), {"is_active": False}, format="json").status_code == 404


def test_non_staff_are_refused(api_client, client):
    for caller, status in ((api_client, 403), (client, 401)):
        assert caller.get(URL.format("openai")).status_code == status
        assert caller.patch(URL.format("openai"), {"is_active": False}, content_type="application/json"
                            ).status_code == status
    assert _row("openai")["is_active"] and _audit() == []


# --- the schema says what the server accepts ------------------------------------------------------

def test_each_provider_has_its_own_documented_body(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    body = paths["/api/v1/system/providers/bria/"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]["config"]["properties"]) == {"notes", "poll_interval", "poll_timeout"}
    assert body["additionalProperties"] is False
    generic = paths["/api/v1/system/providers/{provider_id}/"]["patch"]["requestBody"]["content"]
    assert set(generic["application/json"]["schema"]["properties"]["config"]["properties"]) == {"notes"}


@pytest.mark.parametrize(("provider_id", "url"), [
    ("openai", "https://api.openai.com/v1"), ("openai", "http://127.0.0.1:8080/v1"), ("openai", "https://x.y"),
    ("openai", "https://llm.example.com/api/v1/%7Euser"), ("openai", "https://a@b.example.com"),
    ("openai", "https://b.example.com/v1?"), ("openai", "https://-bad.example.com"), ("openai", "https://b.example.com/ v1"),
    ("anthropic", "https://api.anthropic.com"), ("anthropic", "https://api.anthropic.com/v1/"),
    ("google", "https://generativelanguage.googleapis.com/"), ("google", "https://g.example.com/v1alpha"),
    ("runware", "https://api.runware.ai/v1"), ("bria", "https://engine.prod.bria-api.com/v2"),
])
def test_the_documented_url_rule_is_the_one_the_server_applies(staff_client, provider_id, url):
    schema = endpoint_schema(provider_id)
    documented = bool(re.search(schema["pattern"], url)) and not (
        "not" in schema and re.search(schema["not"]["pattern"], url))
    response = staff_client.patch(URL.format(provider_id), {"api_endpoint": url}, format="json")
    assert (response.status_code == 200) is documented, response.json()


# --- the command ----------------------------------------------------------------------------------

def _configure(*args) -> dict:
    out = io.StringIO()
    call_command("configure_provider", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_the_command_sets_endpoint_and_config_and_names_the_operator(staff_user):
    stamp = read_stamp(STAMP)
    shown = _configure("bria", "--endpoint", "https://bria.example.com", "--set", "poll_interval=2.5",
                       "--set", "notes=EU account", "--actor", staff_user.email)
    assert _row("bria") == {"api_endpoint": "https://bria.example.com", "is_active": True,
                            "config": {"notes": "EU account", "poll_interval": 2.5}}
    assert shown["config"] == {"notes": "EU account", "poll_interval": 2.5} and "api_key" not in shown
    assert read_stamp(STAMP) > stamp
    [entry] = _audit()
    assert (entry.actor, entry.via, entry.record_key) == (staff_user, "command", "bria")
    _configure("bria", "--unset", "notes", "--inactive")
    assert _row("bria")["config"] == {"poll_interval": 2.5} and not _row("bria")["is_active"]


def test_the_command_without_changes_prints_the_settings():
    provider_set_secret(provider_id="openai", field="api_key", value=PLAIN_KEY)
    out = io.StringIO()
    call_command("configure_provider", "openai", stdout=out)
    assert json.loads(out.getvalue())["api_key_hint"] == "set, ends in 4321" and PLAIN_KEY not in out.getvalue()
    assert _audit() == []


@pytest.mark.parametrize(("args", "says"), [
    (["anthropic", "--endpoint", "https://api.anthropic.com/v1"], "without /v1"),
    (["openai", "--endpoint", "https://k:s@llm.example.com/v1"], "user:password@"),
    (["openai", "--set", "poll_interval=1"], "not a setting of 'openai'"),
    (["openai", "--set", "api_key=sk-123"], "looks like a secret"),
    (["openai", "--set", "nonsense"], "KEY=VALUE"),
    (["nope", "--inactive"], "No provider 'nope'"),
    (["openai", "--inactive", "--actor", "nobody@x.test"], "No staff user"),
])
def test_the_command_refuses_bad_input_and_changes_nothing(args, says):
    before = _row("openai")
    with pytest.raises(CommandError, match=re.escape(says)):
        _configure(*args)
    assert _row("openai") == before and _audit() == []


def test_the_command_help_says_what_each_base_url_looks_like():
    from modelbank.preferences.management.commands.configure_provider import Command

    text = Command().create_parser("manage.py", "configure_provider").format_help()
    for expected in ("https://api.openai.com/v1", "https://api.anthropic.com", "without /v1",
                     "https://generativelanguage.googleapis.com", "https://api.runware.ai/v1",
                     "https://engine.prod.bria-api.com", "poll_interval", "set_provider_key"):
        assert expected in text


# --- the admin form applies the same rules ---------------------------------------------------------

def test_the_admin_refuses_a_url_with_credentials(admin_client):
    provider = IntegrationProvider.objects.get(pk="openai")
    response = admin_client.post("/admin/catalog/integrationprovider/openai/change/", {
        "display_name": provider.display_name, "provider_type": provider.provider_type, "is_active": "on",
        "api_endpoint": "https://user:pw@llm.example.com/v1", "config": json.dumps(provider.config),
    })
    assert response.status_code == 200 and "user:password@" in response.content.decode()
    assert _row("openai")["api_endpoint"] == ""
