from decimal import Decimal

import pytest
from django.core import checks

from modelbank.catalog.services import models_set_active
from modelbank.common.errors import ApplicationError
from modelbank.preferences.platform import global_settings
from modelbank.preferences.resolution import get_model_config
from modelbank.preferences.services import integration_settings_put, user_setting_save


@pytest.fixture
def account_text(account, owner, catalog_model):
    """The account picks gpt-4o-mini at temperature 0.4."""
    return integration_settings_put(account=account, integration_type="text_generation", actor=owner,
                                    data={"model": catalog_model("gpt-4o-mini").pk, "temperature": 0.4})


def test_without_overrides_global_and_catalog_apply(account):
    cfg = get_model_config("text", account)
    assert cfg.model.model_name == "gpt-5.1" and cfg.max_tokens == 8192 and cfg.temperature == Decimal("0.70")
    assert cfg.image.style == "photorealistic" and cfg.image.size == "1024x1024"
    assert cfg.sources["model"] == "catalog"
    assert cfg.sources["temperature"] == cfg.sources["max_tokens"] == cfg.sources["image.style"] == "global"


def test_account_override_beats_global_and_catalog(account, account_text):
    # services merge global + account settings (docs/requirements.md §5)
    cfg = get_model_config("text", account)
    assert (cfg.model.model_name, cfg.temperature, cfg.max_tokens) == ("gpt-4o-mini", Decimal("0.4"), 8192)
    assert cfg.sources["model"] == cfg.sources["temperature"] == "account"
    assert cfg.sources["max_tokens"] == "global"


def test_user_beats_account(account, owner, account_text, catalog_model):
    user_setting_save(user=owner, account=account, key="ai_settings",
                      value={"text_model_id": catalog_model("gpt-5.1").pk, "temperature": 1.1, "image_style": "anime"})
    cfg = get_model_config("text", account, owner)
    assert (cfg.model.model_name, cfg.temperature, cfg.image.style) == ("gpt-5.1", Decimal("1.1"), "anime")
    assert cfg.sources["model"] == cfg.sources["temperature"] == cfg.sources["image.style"] == "user"
    # another user of the same account sees the account tier
    assert get_model_config("text", account).model.model_name == "gpt-4o-mini"


def test_global_beats_catalog_for_parameters(account):
    row = global_settings()
    row.default_temperature, row.image_style = Decimal("0.20"), "watercolour"
    row.save()
    cfg = get_model_config("text", account)
    assert (cfg.temperature, cfg.image.style) == (Decimal("0.20"), "watercolour")


def test_max_tokens_never_above_the_models_limit(account, owner, catalog_model):
    integration_settings_put(account=account, integration_type="text_generation", actor=owner,
                             data={"max_tokens": 50000})
    cfg = get_model_config("text", account)
    assert cfg.max_tokens == catalog_model("gpt-5.1").max_output_tokens == 8192
    assert cfg.sources["max_tokens"] == "catalog"


def test_image_model_from_override_then_tier_then_default(account, owner, catalog_model):
    assert get_model_config("image", account).model.model_name == "dall-e-3"
    integration_settings_put(account=account, integration_type="image_generation", actor=owner,
                             data={"quality_tier": "premium"})
    cfg = get_model_config("image", account)
    assert cfg.model.model_name == "google:4@2" and cfg.sources["model"] == "account"
    assert cfg.max_tokens is None and cfg.temperature is None
    integration_settings_put(account=account, integration_type="image_generation", actor=owner,
                             data={"quality_tier": "premium", "model": catalog_model("runware:97@1").pk})
    assert get_model_config("image", account).model.model_name == "runware:97@1"


def test_image_size_falls_back_to_the_models_first_size(account, owner, catalog_model):
    integration_settings_put(account=account, integration_type="image_generation", actor=owner,
                             data={"model": catalog_model("runware:97@1").pk, "image_size": "1792x1024"})
    cfg = get_model_config("image", account)
    assert cfg.image.size == "1024x1024" and cfg.sources["image.size"] == "catalog"
    assert "1792x1024" in cfg.sources["image.size_fallback"]


def test_deactivated_override_falls_back_and_check_reports_it(account, account_text, catalog_model):
    # given the account's model is deactivated after it was chosen
    models_set_active(models=[catalog_model("gpt-4o-mini")], active=False)
    # then resolution falls back to the default, and `check` names the override
    cfg = get_model_config("text", account)
    assert cfg.model.model_name == "gpt-5.1" and cfg.sources["model"] == "catalog"
    assert "gpt-4o-mini" in cfg.sources["skipped"]
    assert cfg.temperature == Decimal("0.4")  # the rest of the override still applies
    warnings = [m for m in checks.run_checks() if m.id == "preferences.W001"]
    assert len(warnings) == 1 and "gpt-4o-mini" in warnings[0].msg


def test_check_reports_deactivated_user_model(account, owner, catalog_model):
    user_setting_save(user=owner, account=account, key="ai_settings", value={"image_model_id":
                                                                             catalog_model("google:4@2").pk})
    assert not [m for m in checks.run_checks() if m.id == "preferences.W002"]
    models_set_active(models=[catalog_model("google:4@2")], active=False)
    assert get_model_config("image", account, owner).model.model_name == "dall-e-3"
    assert [m for m in checks.run_checks() if m.id == "preferences.W002"]


def test_resolution_takes_a_model_type_and_nothing_else(account):
    with pytest.raises(ValueError, match="model_type"):
        get_model_config("generate_content", account)


def test_each_function_declares_the_model_type_it_resolves():
    from modelbank.ai.functions import FUNCTIONS

    assert {name: fn.model_type for name, fn in FUNCTIONS.items()} == {
        "generate_content": "text", "generate_image_prompts": "text", "auto_cluster": "text",
        "generate_images": "image"}


def test_text_functions_resolve_no_image_model(account, catalog_model):
    # given no active image default (the default image model was deactivated)
    models_set_active(models=[catalog_model("dall-e-3")], active=False)
    # then text still resolves, with the image settings text functions read
    for cfg in [get_model_config("text", account)]:
        assert cfg.model.model_name == "gpt-5.1" and cfg.image.max_in_article_images == 4
        assert "image.model" not in cfg.sources
    # while the image function says what is missing
    with pytest.raises(ApplicationError, match="No active default image model"):
        get_model_config("image", account)


def test_image_functions_resolve_no_text_model(account, catalog_model):
    models_set_active(models=[catalog_model("gpt-5.1")], active=False)
    assert get_model_config("image", account).model.model_name == "dall-e-3"
