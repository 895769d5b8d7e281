"""Schemathesis over the whole API, as platform staff and as an account member.

The schema is the one `/api/schema/` serves (the same generator and renderer, built when the tests are
collected, as schemathesis needs it then) and every operation is called over HTTP on a live server, with a bearer token, credits and the seeded catalog. A run must
find no server error, no response outside the documented status codes, content types and bodies,
and no request the schema calls valid that the server refuses (positive data acceptance).

AI providers are the local fakes (`tests/ai/fakes/`), so jobs really run, charge and log usage, and
nothing reaches beyond 127.0.0.1. Each operation is its own test on a freshly restored database, so
destructive calls (logout, a provider key set to a random value, a settings reset) cannot change
what another operation sees; tokens are not sessions, so logout cannot sign the run out.
"""

import json
import uuid
from dataclasses import dataclass

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from modelbank.accounts.services import api_token_issue
from modelbank.ai.services import job_create
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.services import provider_set_secret
from modelbank.credits.services import credit_grant
from modelbank.preferences.models import SettingsAuditLog
from modelbank.preferences.services import account_setting_save, user_setting_save
from tests.ai.fakes.fixtures import (  # noqa: F401  (fixtures)
    fake_anthropic,
    fake_bria,
    fake_google,
    fake_openai,
    fake_runware,
    local_network_only,
    retry_sleeps,
)
from tests.factories import AccountFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.postgres

LOGIN = "/api/v1/auth/login/"


def accepts_valid_data(ctx, response, case):
    """positive_data_acceptance, except that a login refused for wrong credentials is not a valid
    request rejected (schemathesis exempts operations that mint credentials the same way when the
    schema names them as an OAuth token URL, which a session login cannot)."""
    if (case.operation.path == LOGIN and response.status_code == 400
            and response.json()["error"]["code"] == "invalid_credentials"):
        return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          accepts_valid_data]
CREDITS = 1_000_000
# Small and deterministic: every operation is covered, the whole run stays within a few minutes.
RUN_CONFIG = {
    "seed": 20250909,
    # NUL is refused in all text (documented); PostgreSQL cannot store it.
    "generation": {"mode": "all", "max-examples": 10, "deterministic": True, "database": "none", "allow-x00": False},
    "phases": {"stateful": {"enabled": False}},
}


@pytest.fixture
def providers_on_fakes(transactional_db, local_network_only, fake_openai, fake_anthropic, fake_google,  # noqa: F811
                       fake_runware, fake_bria, retry_sleeps):  # noqa: F811
    fakes = {"openai": fake_openai, "anthropic": fake_anthropic, "google": fake_google, "runware": fake_runware,
             "bria": fake_bria}
    for provider in IntegrationProvider.objects.all():
        fake = fakes.get(provider.provider_id, fake_openai)
        provider.api_endpoint = fake.endpoint
        provider.save(update_fields=["api_endpoint", "updated_at"])
        provider_set_secret(provider_id=provider.provider_id, field="api_key", value="test-key")
    return fakes


@dataclass
class Caller:
    headers: dict
    account_id: int
    job_id: str
    audit_id: int


def _caller(role: str) -> Caller:
    """Platform staff (an account owner too) or a member, with a funded account, a bearer token, and
    some history (a job that ran and was charged, settings changes), so lists and details have rows."""
    account = AccountFactory(name=f"{role} account")
    user = UserFactory(is_staff=role == "staff", is_superuser=role == "staff")
    MembershipFactory(user=user, account=account, role="owner" if role == "staff" else "member")
    credit_grant(account=account, credits=CREDITS, idempotency_key=f"schemathesis-{uuid.uuid4()}")
    job = job_create(account=account, user=user, function="generate_content", input={"brief": "Tea, briefly."})
    user_setting_save(user=user, account=account, key="user_preferences", value={"theme": "dark"})
    account_setting_save(account=account, key="table_settings", value={"records_per_page": 50}, actor=user)
    return Caller(headers={"Authorization": f"Bearer {api_token_issue(user=user, account=account).raw}"},
                  account_id=account.pk, job_id=str(job.pk),
                  audit_id=SettingsAuditLog.objects.for_account(account).latest("pk").pk)


MODEL_ID_FIELDS = {"text_model_id": "text", "image_model_id": "image"}


def _model_kind(path: str, field: str) -> str | None:
    if field == "model":
        return next((kind for kind in ("text", "image") if path.endswith(f"/{kind}_generation/")), None)
    return MODEL_ID_FIELDS.get(field)


def _real_model_ids(value, path: str) -> None:
    if not isinstance(value, dict):
        return
    for field, item in value.items():
        kind = _model_kind(path, field)
        if kind and isinstance(item, int) and not isinstance(item, bool):
            ids = list(AIModelConfig.objects.filter(is_active=True, model_type=kind).order_by("pk")
                       .values_list("pk", flat=True))
            value[field] = ids[item % len(ids)]
        else:
            _real_model_ids(item, path)


def _real_image_size(body) -> None:
    """Nor which sizes the account's image tier offers (the catalog says, and it changes): a
    valid job's size becomes one the default tier's model offers."""
    job_input = body.get("input") if isinstance(body, dict) else None
    if isinstance(job_input, dict) and isinstance(job_input.get("size"), str) and job_input["size"]:
        model = AIModelConfig.objects.filter(is_active=True, is_default=True, model_type="image").first()
        job_input["size"] = (model.available_sizes or ["1024x1024"])[0] if model else "1024x1024"


def _use_real_references(case, caller: Caller) -> None:
    """A schema can say an id is an integer, not which ids exist. In a valid case, ids become ones
    that do (the caller's account, job and audit row, a provider, an active model of the right
    kind), so valid requests reach the code behind the lookup; invalid cases keep what was drawn."""
    params = case.path_parameters or {}
    known = {"job_id": caller.job_id, "id": caller.audit_id, "provider_id": "openai", "integration_type": "openai"}
    for name in params.keys() & known.keys():
        params[name] = known[name]
    if isinstance(case.body, dict) and "account" in case.body:
        case.body["account"] = caller.account_id
    _real_image_size(case.body)
    _real_model_ids(case.body, case.operation.path)
    _window_in_order(case.query)


def _window_in_order(query) -> None:
    """Nor can it say that `since` must not come after `until` (today when absent): a valid case's
    window is put in order. A window that ends before it starts is a 400 (common.dates)."""
    since = query.get("since") if isinstance(query, dict) else None
    if not isinstance(since, str):
        return
    until = query.get("until") if isinstance(query.get("until"), str) else timezone.now().date().isoformat()
    if since > until:  # ISO dates compare as text
        query["since"], query["until"] = until, since


def _served_schema() -> dict:
    """The schema exactly as /api/schema/?format=json renders it."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_served_schema(), config=SchemathesisConfig.from_dict(RUN_CONFIG))


def test_the_run_uses_the_schema_the_server_serves(client):
    assert client.get("/api/schema/?format=json").json() == _served_schema()


@pytest.fixture(params=["staff", "member"])
def caller(request, live_server, providers_on_fakes) -> Caller:
    return _caller(request.param)


@schema.parametrize()
@settings(deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_its_schema_says(case, caller, live_server):
    if case.meta is not None and case.meta.generation.mode.is_positive:
        _use_real_references(case, caller)
    case.call_and_validate(base_url=live_server.url, headers=caller.headers, checks=CHECKS)
