"""The price of a gateway chat completion (`/v1/chat/completions`): the same floor as the other
text operations, $0.01 a credit at 1,000 tokens per credit (see 0003)."""

from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    CreditCostConfig = apps.get_model("credits", "CreditCostConfig")
    CreditCostConfig.objects.get_or_create(operation_type="chat_completion", defaults={
        "display_name": "Chat Completion (gateway)", "billing_unit": "tokens", "tokens_per_credit": 1000,
        "min_credits": 1, "price_per_credit_usd": Decimal("0.01"), "is_active": True,
    })


class Migration(migrations.Migration):
    dependencies = [("credits", "0005_usage_limits_api_token")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
