"""The member's side of the web UI (issue 13) in headless Debian Chromium through Playwright
(web/e2e/member.mjs), against a live Django server: job history and a job's own page, cost
before spending, credits only, the usage period and CSV, phones at 390 px, the account switcher.

Like tests/webui/test_e2e.py (whose wiring this reuses): each scenario is one test on a fresh
database, skipped only when Chromium or the built UI is missing; screenshots go to
docs/screenshots/ in the PostgreSQL pass, which also holds the ledger rows SQLite cannot.
"""

import base64
import struct
import zlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from modelbank.accounts.models import Membership
from modelbank.accounts.services import account_create
from modelbank.ai.models import AIJob
from modelbank.catalog.models import IntegrationProvider
from modelbank.catalog.services import provider_set_secret
from modelbank.credits.services import credit_grant
from modelbank.preferences.services import integration_settings_put
from tests.factories import AccountFactory
from tests.webui.test_e2e import (
    ARTICLE,
    _missing,
    _node,
    _preflight,
    browser_env,
    run_scenario,
    runner_scenarios,
)
from tests.webui.test_e2e import slow_article as slow_article_fake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEMBER = {"email": "sam@example.com", "password": "e2e-sam-pass-1"}
SHOP_CREDITS = 40  # an article's hold (its worst case) fits, and so do two Quality images
AGENCY_CREDITS = 7  # one Quality image fits, two do not

SCENARIOS = [
    "history_filters_and_job_page",
    "article_copy_and_download",
    "images_enlarge_and_download",
    "members_see_credits_only",
    "unavailable_tier_in_words",
    "cost_before_start_and_402_fixes",
    "job_runs_live_with_usage",
    "usage_period_and_csv",
    "account_switcher_and_email_login",
    "phone_390_layout",
    "keyboard_skip_link_and_focus",
]
# Scenarios that spend credits: the ledger's rows exist in the PostgreSQL pass only (see test_e2e.e2e_users).
NEEDS_CREDITS = {"job_runs_live_with_usage"}

ARTICLE_MD = (
    "# How lighthouses work today\n\nMost lighthouses now run **on their own**: a timer, a lamp and a "
    "battery bank.\n\n## What changed\n\n- Automation replaced the keepers\n- LED lamps last for years\n\n"
    "| Year | Keepers |\n|---|---|\n| 1950 | 1,500 |\n| 2000 | 0 |\n"
)


def _png(width: int = 96, height: int = 64) -> str:
    """A small gradient PNG, base64: what an image provider answers with, made here (no network)."""
    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in (40 + x * 2, 90 + y * 2, 200 - x)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return base64.b64encode(raw).decode()


def _job(account, user, function: str, *, days_ago: float, **fields) -> AIJob:
    at = timezone.now() - timedelta(days=days_ago)
    job = AIJob.objects.create(account=account, user=user, function=function, started_at=at, finished_at=at, **fields)
    AIJob.objects.filter(pk=job.pk).update(created_at=at)
    return job


@pytest.fixture
def member_world():
    """Sam owns "Small Shop" and is a member of "Agency". Both have finished jobs; every seeded text
    model and image tier can be served (openai and runware have keys)."""
    shop, sam, _ = account_create(name="Small Shop", owner_email=MEMBER["email"])
    sam.set_password(MEMBER["password"])
    sam.save(update_fields=["password"])
    agency = AccountFactory(name="Agency")
    Membership.objects.create(user=sam, account=agency, role=Membership.Role.MEMBER)
    for provider in ("openai", "runware"):
        provider_set_secret(provider_id=provider, field="api_key", value=f"sk-e2e-{provider}-0000")
    image = _png()
    _job(shop, sam, "generate_content", days_ago=2, status="succeeded", progress=100, step="Done",
         input={"brief": "How lighthouses work today", "keywords": ["lighthouse"]},
         result={"content": ARTICLE_MD, "model": "gpt-5.1", "credits": 4}, credits_charged=4,
         cost_usd=Decimal("0.0312"))
    _job(shop, sam, "generate_images", days_ago=1, status="succeeded", progress=100, step="Done",
         input={"prompts": ["A lighthouse at dawn", "A harbour at dusk"]},
         result={"images": [{"prompt": p, "url": None, "b64_json": image, "revised_prompt": None}
                            for p in ("A lighthouse at dawn", "A harbour at dusk")],
                 "model": "dall-e-3", "credits": 10}, credits_charged=10, cost_usd=Decimal("0.08"))
    _job(shop, sam, "auto_cluster", days_ago=0.1, status="failed", progress=15, step="Failed",
         input={"keywords": ["red shoes", "blue shoes"]}, error_code="ai_unavailable",
         error_message="Text generation is unavailable right now. Please try again later.")
    _job(agency, sam, "generate_content", days_ago=3, status="succeeded", progress=100, step="Done",
         input={"brief": "Agency newsletter"}, result={"content": "# Agency newsletter\n\nNews.", "credits": 2},
         credits_charged=2, cost_usd=Decimal("0.01"))
    if connection.vendor == "postgresql":  # see test_e2e.e2e_users: the ledger refuses SQLite's flush
        credit_grant(account=shop, credits=SHOP_CREDITS, idempotency_key="e2e-shop", description="Trial credits")
        credit_grant(account=agency, credits=AGENCY_CREDITS, idempotency_key="e2e-agency", description="Trial credits")
    return shop, agency, sam


@pytest.fixture
def slow_article():
    """The article answered slowly enough that the usage page shows the credits held."""
    yield from slow_article_fake(6)


def _premium_for_the_shop(shop, sam) -> None:
    """The shop chose Premium images, then their provider (runware, which also serves Basic) was
    switched off: only Quality can be served."""
    integration_settings_put(account=shop, integration_type="image_generation", data={"quality_tier": "premium"},
                             actor=sam)
    runware = IntegrationProvider.objects.get(pk="runware")
    runware.is_active = False
    runware.save()


SETUP = {"unavailable_tier_in_words": _premium_for_the_shop}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_member_e2e(scenario, live_server, member_world, settings, request):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    if scenario in NEEDS_CREDITS and connection.vendor != "postgresql":
        pytest.skip("spends credits: the ledger's rows are made in the PostgreSQL pass only")
    _node()  # a clear failure when node or web/node_modules is missing
    shop, _, sam = member_world
    if scenario in SETUP:
        SETUP[scenario](shop, sam)
    if scenario == "job_runs_live_with_usage":
        request.getfixturevalue("slow_article")
        settings.MODELBANK_JOB_RUNNER = "thread"  # the job runs beside the request, as under `make run`
    _preflight(live_server.url)
    run_scenario("member.mjs", scenario, browser_env(live_server.url, E2E_MEMBER_USER=MEMBER["email"],
                                                     E2E_MEMBER_PASSWORD=MEMBER["password"], E2E_ARTICLE=ARTICLE))


def test_scenario_list_matches_the_runner():
    """Every scenario in web/e2e/member.mjs runs here (and nothing here is missing there)."""
    if _missing():
        pytest.skip(_missing())
    assert runner_scenarios("member.mjs") == SCENARIOS
