"""Each caller's account and user layers are cached per process until an override changes."""

import pytest

from modelbank.preferences.resolution import get_model_config
from modelbank.preferences.selectors import image_settings_for
from modelbank.preferences.services import integration_settings_put

pytestmark = pytest.mark.django_db


def test_second_lookup_costs_no_query(account, owner, settings, django_assert_num_queries):
    settings.CATALOG_CACHE_CHECK_SECONDS = 60  # as in production: stamps re-read twice a second at most
    image_settings_for(account=account, user=owner)
    get_model_config("text", account, owner)  # warms the catalog snapshot too
    with django_assert_num_queries(0):
        image_settings_for(account=account, user=owner)
        get_model_config("text", account, owner)


def test_an_override_is_seen_at_once(account, owner, settings):
    settings.CATALOG_CACHE_CHECK_SECONDS = 60
    assert image_settings_for(account=account, user=owner)["style"] == "photorealistic"
    integration_settings_put(account=account, integration_type="image_generation",
                             data={"image_style": "watercolour"}, actor=owner)
    assert image_settings_for(account=account, user=owner)["style"] == "watercolour"


def test_callers_do_not_share_layers(account, owner, other_account_client, settings):
    from modelbank.accounts.models import Membership

    other = Membership.objects.exclude(account=account).get()
    integration_settings_put(account=account, integration_type="image_generation",
                             data={"image_style": "watercolour"}, actor=owner)
    assert image_settings_for(account=other.account, user=other.user)["style"] == "photorealistic"
