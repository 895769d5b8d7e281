import pytest

from modelbank.credits.models import CreditTransaction, CreditUsageLog
from tests.credits.conftest import settle_image


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_ledger_and_usage_are_read_only_in_the_admin(admin_client, funded, model_named):
    log = settle_image(funded, model_named("dall-e-3"))
    for model, pk in ((CreditTransaction, log.transaction_id), (CreditUsageLog, log.pk)):
        base = f"/admin/credits/{model._meta.model_name}/"
        assert admin_client.get(base).status_code == 200
        assert admin_client.get(f"{base}add/").status_code == 403
        assert admin_client.get(f"{base}{pk}/delete/").status_code == 403
        page = admin_client.get(f"{base}{pk}/change/")
        assert page.status_code == 200
        assert b'name="_save"' not in page.content


def test_cost_config_is_editable(admin_client):
    assert admin_client.get("/admin/credits/creditcostconfig/1/change/").status_code == 200
