"""Issue 13's staff scenarios (web/e2e/staff.mjs) in headless Debian Chromium through Playwright,
against a live Django server, each on a fresh database: the revenue report with its CSV export,
editing a model with its margin shown live, a provider's settings and connection test (against
the OpenAI fake on 127.0.0.1), granting credits, and API tokens as staff and as a member.

Same harness, users and skips as tests/webui/test_e2e.py. The PostgreSQL pass writes the
screenshots to docs/screenshots/ and lets the scenarios write ledger rows (SQLite cannot delete
them after a test, so there the credit scenario takes its refusal path only).
"""


import pytest
from django.db import connection

from modelbank.catalog.services import provider_set_secret
from tests.ai.fakes.openai_fake import FakeOpenAI
from tests.webui.test_e2e import (
    MEMBER,
    STAFF,
    _missing,
    _node,
    _preflight,
    browser_env,
    e2e_users,  # noqa: F401  (a fixture)
    run_scenario,
    runner_scenarios,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCENARIOS = [
    "staff_revenue_report",
    "staff_edits_a_model",
    "staff_provider_settings_and_connection_test",
    "staff_grants_credits",
    "staff_manages_api_tokens",
    "member_manages_own_tokens",
]
FAKE_KEY = "sk-fake-for-e2e-staff-7777"


@pytest.fixture
def fake_openai_with_key():
    """OpenAI's API as a local fake that accepts only FAKE_KEY, the key stored for the provider; the
    scenario points the provider at it through the UI."""
    fake = FakeOpenAI()
    fake.accepted_key = FAKE_KEY
    fake.start()
    provider_set_secret(provider_id="openai", field="api_key", value=FAKE_KEY)
    try:
        yield fake
    finally:
        fake.stop()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_e2e_staff(scenario, live_server, e2e_users, request):  # noqa: F811  (e2e_users: the fixture)
    reason = _missing()
    if reason:
        pytest.skip(reason)
    _node()  # a clear failure when node or web/node_modules is missing
    env = browser_env(live_server.url, E2E_STAFF_USER=STAFF["email"], E2E_STAFF_PASSWORD=STAFF["password"],
                      E2E_MEMBER_USER=MEMBER["email"], E2E_MEMBER_PASSWORD=MEMBER["password"],
                      E2E_MEMBER_ACCOUNT="Small Shop",
                      E2E_LEDGER_WRITES="1" if connection.vendor == "postgresql" else "0")
    if scenario == "staff_provider_settings_and_connection_test":
        fake = request.getfixturevalue("fake_openai_with_key")
        env["E2E_FAKE_OPENAI_ENDPOINT"] = fake.endpoint
        env["E2E_FAKE_OPENAI_KEY"] = FAKE_KEY
    _preflight(live_server.url)
    run_scenario("staff.mjs", scenario, env)
    if scenario == "staff_provider_settings_and_connection_test":
        # The connection tests reached the fake (one accepted, one refused), nothing else did.
        listed = [r for r in fake.requests if r.method == "GET" and r.path.endswith("/models")]
        assert [r.headers["authorization"] for r in listed] == [f"Bearer {FAKE_KEY}", "Bearer sk-wrong-key-for-e2e-0000"]


def test_scenario_list_matches_the_runner():
    """Every scenario in web/e2e/staff.mjs runs here (and nothing here is missing there)."""
    if _missing():
        pytest.skip(_missing())
    assert runner_scenarios("staff.mjs") == SCENARIOS
