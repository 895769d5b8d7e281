"""docs/requirements.md §3: what a customer pays per operation.

Text operations cost at least $0.01 per credit: gpt-5.1's output at $10 per 1M tokens and
1,000 tokens per credit costs the platform $0.01 a credit, so a lower price would sell
below cost (the credits.W001 system check watches this).
"""

from decimal import Decimal

from django.db import migrations

COSTS = [
    # operation_type, display_name, billing_unit, tokens_per_credit, min_credits, price_per_credit_usd
    ("image_generation", "Image Generation", "images", 50, 5, "0.02"),
    ("image_prompt_extraction", "Image Prompt Extraction", "tokens", 1000, 2, "0.01"),
    ("content_generation", "Content Generation", "tokens", 1000, 1, "0.01"),
    ("keyword_clustering", "Keyword Clustering", "tokens", 1000, 1, "0.01"),
]


def seed(apps, schema_editor):
    CreditCostConfig = apps.get_model("credits", "CreditCostConfig")
    for op, name, unit, tokens, minimum, price in COSTS:
        CreditCostConfig.objects.update_or_create(operation_type=op, defaults={
            "display_name": name, "billing_unit": unit, "tokens_per_credit": tokens, "min_credits": minimum,
            "price_per_credit_usd": Decimal(price), "is_active": True,
        })


class Migration(migrations.Migration):
    dependencies = [("credits", "0002_append_only_triggers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
