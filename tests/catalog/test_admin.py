import pytest

from modelbank.catalog.models import AIModelConfig

pytestmark = pytest.mark.django_db


def test_admin_groups_put_aimodelconfig_first_under_ai_and_automation(admin_client):
    response = admin_client.get("/admin/")
    groups = [(app["name"], [m["object_name"] for m in app["models"]]) for app in response.context["app_list"]]
    names = [name for name, _ in groups]
    assert names[0] == "AI & Automation"
    assert groups[0][1][:2] == ["AIModelConfig", "IntegrationProvider"]


def _action(admin_client, action, *names):
    ids = [str(AIModelConfig.objects.get(model_name=n).pk) for n in names]
    return admin_client.post("/admin/catalog/aimodelconfig/", {"action": action, "_selected_action": ids},
                             follow=True)


def test_make_default_action_moves_the_default(admin_client):
    _action(admin_client, "make_default", "gpt-4o-mini")
    defaults = AIModelConfig.objects.filter(model_type="text", is_default=True)
    assert [m.model_name for m in defaults] == ["gpt-4o-mini"]


def test_make_default_refuses_an_inactive_model_with_a_message(admin_client):
    response = _action(admin_client, "make_default", "gpt-4o")
    assert "is inactive" in response.content.decode()
    assert AIModelConfig.objects.get(model_name="gpt-5.1").is_default


def test_activate_and_deactivate_actions(admin_client):
    _action(admin_client, "activate", "gpt-4o")
    assert AIModelConfig.objects.get(model_name="gpt-4o").is_active
    _action(admin_client, "deactivate", "gpt-4o", "gpt-5.1")
    gpt51 = AIModelConfig.objects.get(model_name="gpt-5.1")
    assert not gpt51.is_active and not gpt51.is_default


def test_model_choice_field_offers_only_active_models_with_prices():
    from modelbank.catalog.forms import AIModelChoiceField

    field = AIModelChoiceField(model_type="text")
    labels = [label for _, label in field.choices][1:]
    assert "GPT-4o Mini (gpt-4o-mini) - $0.15/$0.60 per 1M tokens" in labels
    assert not any("(gpt-4o)" in label for label in labels)


def test_model_changelist_shows_prices(admin_client):
    html = admin_client.get("/admin/catalog/aimodelconfig/").content.decode()
    assert "$0.04/image" in html and "10000 tokens/credit" in html
