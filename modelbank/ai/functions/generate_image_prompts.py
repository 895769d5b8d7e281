from rest_framework import serializers

from modelbank.ai.functions import prompts
from modelbank.ai.functions.text import TextFunction

MAX_PROMPTS = 20
SCHEMA = {
    "type": "object",
    "required": ["prompts"],
    "properties": {
        "prompts": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1, "maxLength": 4000}}
    },
}


class GenerateImagePrompts(TextFunction):
    """Up to N image prompts extracted from an article (N defaults to max_in_article_images)."""

    name = "generate_image_prompts"
    label = "Extract image prompts from an article"
    operation_type = "image_prompt_extraction"
    schema = SCHEMA
    step_label = "Reading the article"

    class InputSerializer(serializers.Serializer):
        article = serializers.CharField(max_length=200000, label="Article", style={"input": "textarea"})
        max_prompts = serializers.IntegerField(min_value=1, max_value=MAX_PROMPTS, required=False,
                                               label="At most this many prompts")

    @classmethod
    def limit(cls, data, config) -> int:
        return data.get("max_prompts") or max(1, config.image.max_in_article_images)

    @classmethod
    def messages(cls, data, config):
        return prompts.messages(
            prompts.IMAGE_PROMPTS_SYSTEM, prompts.IMAGE_PROMPTS_USER,
            limit=cls.limit(data, config), style=config.image.style or "photographic", article=data["article"],
        )

    @classmethod
    def result(cls, outcome, data, config):
        return {"prompts": [p.strip() for p in outcome.parsed["prompts"]][: cls.limit(data, config)]}
