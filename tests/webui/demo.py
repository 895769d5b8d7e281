"""A few weeks of real-looking activity for the staff account, so the screenshots of the usage
chart, the transactions and the recent jobs show something. Written through the credit
services (reserve, then settle with the catalog's rates), dated in the past by freezing
``timezone.now``; the jobs are rows as the engine leaves them when it has finished."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from modelbank.ai.models import AIJob
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.registry import ModelRegistry
from modelbank.catalog.usage import Usage
from modelbank.credits.services import (
    calculate_credits_for_image,
    calculate_credits_from_tokens,
    credit_grant,
    credit_reserve,
    credit_settle,
)

# (days ago, model type, quality tier for images, usage)
PLAN = [
    (9, "text", None, Usage(input_tokens=900, output_tokens=2600)),
    (8, "image", "quality", Usage(image_count=2)),
    (6, "text", None, Usage(input_tokens=1500, output_tokens=4100)),
    (6, "image", "basic", Usage(image_count=3)),
    (4, "image", "premium", Usage(image_count=1)),
    (3, "text", None, Usage(input_tokens=700, output_tokens=1800)),
    (1, "image", "quality", Usage(image_count=1)),
    (0, "text", None, Usage(input_tokens=1100, output_tokens=3300)),
]


def _model(model_type: str, tier: str | None) -> AIModelConfig:
    if model_type == "text":
        return ModelRegistry.get_default_model(AIModelConfig.ModelType.TEXT)
    return next(m for m in ModelRegistry.list_models(AIModelConfig.ModelType.IMAGE) if m.quality_tier == tier)


def demo_activity(*, account, user) -> None:
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now - timedelta(days=12)):
        credit_grant(account=account, credits=500, idempotency_key="demo-welcome", description="Welcome credits")
    for i, (days_ago, model_type, tier, usage) in enumerate(PLAN):
        model = _model(model_type, tier)
        if model_type == "text":
            operation, function = "content_generation", "generate_content"
            credits = calculate_credits_from_tokens(model, usage.total_tokens, operation)
            result = {"content": "A short article about lighthouses.", "credits": credits}
        else:
            operation, function = "image_generation", "generate_images"
            credits = calculate_credits_for_image(model, usage.image_count)
            result = {"images": [], "credits": credits}
        cost = ModelRegistry.calculate_cost(model, usage)
        at = now - timedelta(days=days_ago, hours=i)
        with mock.patch("django.utils.timezone.now", return_value=at):
            hold = credit_reserve(account=account, credits=credits, operation_type=operation,
                                  idempotency_key=f"demo-hold-{i}", user=user)
            credit_settle(hold=hold, credits=credits, model=model, usage=usage, cost_usd=cost,
                          request_id=f"demo-{i}", user=user)
            AIJob.objects.create(account=account, user=user, function=function, input={}, status="succeeded",
                                 progress=100, step="Done", result=result, credits_charged=credits, cost_usd=cost,
                                 started_at=at, finished_at=at)
