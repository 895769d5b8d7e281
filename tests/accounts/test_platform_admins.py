"""`create_account --staff` makes a user who can work in the admin, with the documented permissions."""

import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import Client

from modelbank.accounts.models import Account
from modelbank.accounts.platform_admins import GROUP_NAME, PLATFORM_ADMIN_PERMISSIONS
from modelbank.catalog.models import AIModelConfig
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "ops-pass-12345"


def _create(*args) -> dict:
    out = io.StringIO()
    call_command("create_account", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def ops_client() -> Client:
    payload = _create("--name", "Platform", "--owner-email", "ops@x.test", "--staff", "--password", PASSWORD)
    assert payload["user"]["groups"] == [GROUP_NAME]
    client = Client()
    assert client.login(username="ops@x.test", password=PASSWORD)
    return client


def test_the_staff_user_sees_the_catalog_and_credits_on_the_admin_index(ops_client):
    response = ops_client.get("/admin/")
    assert response.status_code == 200
    shown = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"AIModelConfig", "IntegrationProvider", "CreditCostConfig", "CreditTransaction",
            "CreditUsageLog", "Account"} <= shown
    assert "Group" not in shown  # nothing that could hand out permissions


@pytest.mark.parametrize("url", [
    "/admin/catalog/aimodelconfig/", "/admin/catalog/integrationprovider/",
    "/admin/catalog/integrationprovider/openai/change/", "/admin/credits/creditcostconfig/",
    "/admin/credits/credittransaction/", "/admin/credits/creditusagelog/", "/admin/credits/creditaccount/",
    "/admin/preferences/globalintegrationsettings/1/change/", "/admin/accounts/account/",
])
def test_the_staff_user_opens_the_admin_pages(ops_client, url):
    assert ops_client.get(url).status_code == 200


def test_the_staff_user_runs_an_admin_action(ops_client):
    mini = AIModelConfig.objects.get(model_name="gpt-4o-mini")
    response = ops_client.post("/admin/catalog/aimodelconfig/",
                               {"action": "deactivate", "_selected_action": [str(mini.pk)]}, follow=True)
    assert response.status_code == 200 and "Deactivated 1 model(s)." in response.content.decode()
    assert not AIModelConfig.objects.get(pk=mini.pk).is_active


def test_the_staff_user_cannot_edit_users_or_groups(ops_client):
    assert ops_client.get("/admin/auth/group/").status_code == 403
    user_id = Account.objects.get(name="Platform").memberships.get().user_id
    change = ops_client.post(f"/admin/auth/user/{user_id}/change/", {"is_superuser": "on"})
    assert change.status_code == 403


def test_a_view_only_staff_user_gets_no_model_actions():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_aimodelconfig"))
    client = Client()
    client.force_login(user)
    gpt51 = AIModelConfig.objects.get(model_name="gpt-5.1")
    client.post("/admin/catalog/aimodelconfig/", {"action": "deactivate", "_selected_action": [str(gpt51.pk)]})
    assert AIModelConfig.objects.get(pk=gpt51.pk).is_active


def test_the_group_holds_exactly_the_documented_permissions_and_is_made_once():
    _create("--name", "One", "--owner-email", "one@x.test", "--staff")
    group = Group.objects.get(name=GROUP_NAME)
    extra = Permission.objects.get(codename="delete_aimodelconfig")
    group.permissions.add(extra)  # an operator's own addition survives the next run
    _create("--name", "Two", "--owner-email", "two@x.test", "--staff")
    granted = {f"{p.content_type.app_label}.{p.content_type.model}:{p.codename.partition('_')[0]}"
               for p in Group.objects.get(name=GROUP_NAME).permissions.select_related("content_type")}
    documented = {f"{model}:{action}" for model, actions in PLATFORM_ADMIN_PERMISSIONS.items() for action in actions}
    assert granted == documented | {"catalog.aimodelconfig:delete"}
    assert Group.objects.filter(name=GROUP_NAME).count() == 1


def test_without_staff_the_owner_is_in_no_group():
    payload = _create("--name", "Shop", "--owner-email", "shop@x.test")
    assert payload["user"]["groups"] == [] and not payload["user"]["is_staff"]


def test_a_refused_password_leaves_nothing_behind():
    with pytest.raises(CommandError, match="password was refused"):
        _create("--name", "Short", "--owner-email", "short@x.test", "--password", "abc")
    assert not Account.objects.filter(name="Short").exists()
