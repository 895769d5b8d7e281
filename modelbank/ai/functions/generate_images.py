from rest_framework import serializers

from modelbank.ai import charging
from modelbank.ai.core import AICore
from modelbank.ai.errors import AIRequestRefused
from modelbank.ai.functions.base import AIFunction, Estimate

MAX_PROMPTS = 20


class GenerateImages(AIFunction):
    """Images for an article, one per prompt, with the account's quality tier (its resolved
    image model), at most max_in_article_images; progress moves image by image."""

    name = "generate_images"
    label = "Generate images"
    model_type = "image"
    operation_type = "image_generation"

    class InputSerializer(serializers.Serializer):
        prompts = serializers.ListField(
            child=serializers.CharField(max_length=4000), min_length=1, max_length=MAX_PROMPTS,
            label="Prompts (one per line)", style={"input": "lines"},
        )
        size = serializers.CharField(max_length=20, required=False, label="Size (e.g. 1024x1024)",
                                     help_text="Empty: the size your settings choose.")

    @classmethod
    def _plan(cls, *, account, user, data):
        config = cls.usable_config(account, user)
        limit = config.image.max_in_article_images
        if limit < 1:
            raise AIRequestRefused("In-article images are turned off (max_in_article_images is 0).")
        size = data.get("size") or config.image.size
        sizes = list(config.model.available_sizes or [])
        if size not in sizes:
            # Said of the tier, never of the model, and tied to the field, before anything is queued.
            what = f"{config.model.get_quality_tier_display()} images" if config.model.quality_tier else "your images"
            message = f"{size} is not offered for {what}; choose one of: {', '.join(sizes)}."
            raise AIRequestRefused(f"size: {message}", extra={"fields": {"input": {"size": [message]}}})
        return config, data["prompts"][:limit], size

    @classmethod
    def estimate(cls, *, account, user, data):
        # Every image is known up front, so the whole job is checked before it is queued.
        config, prompts, _ = cls._plan(account=account, user=user, data=data)
        return Estimate(credits=charging.image_credits(model=config.model, n=len(prompts)), images=len(prompts),
                        credits_per_image=config.model.credits_per_image, quality_tier=config.model.quality_tier)

    @classmethod
    def run(cls, ctx):
        config, prompts, size = cls._plan(account=ctx.account, user=ctx.user, data=ctx.data)
        images, credits, result = [], 0, {}
        for i, prompt in enumerate(prompts):
            ctx.progress(100 * i // len(prompts), f"Generating image {i + 1} of {len(prompts)}")
            outcome = AICore.generate_image(
                model=config.model, prompt=prompt, size=size, n=1, quality=config.image.quality,
                style=config.image.style, account=ctx.account, user=ctx.user, request_id=ctx.request_id(f"image-{i}"),
            )
            ctx.charged(credits=outcome.charge.credits, cost_usd=outcome.charge.cost_usd)
            credits += outcome.charge.credits
            images += [_image(prompt, img) for img in outcome.images]
            result = {"images": images, "model": config.model.model_name, "size": size, "credits": credits}
            ctx.partial(result)
        return result


def _image(prompt: str, image) -> dict:
    return {"prompt": prompt, "url": image.url, "b64_json": image.b64_json, "revised_prompt": image.revised_prompt}
