from rest_framework import serializers

from modelbank.ai.functions import prompts
from modelbank.ai.functions.base import KeywordsField
from modelbank.ai.functions.text import TextFunction


class GenerateContent(TextFunction):
    """An article from a brief and keywords, written by the caller's resolved text model."""

    name = "generate_content"
    label = "Write an article"
    operation_type = "content_generation"
    step_label = "Writing the article"

    class InputSerializer(serializers.Serializer):
        brief = serializers.CharField(max_length=20000, label="Brief", style={"input": "textarea"})
        keywords = KeywordsField(required=False, default=list, max_length=50, label="Keywords (comma-separated)",
                                 style={"input": "csv"})
        title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", label="Title")
        word_count = serializers.IntegerField(min_value=100, max_value=5000, required=False, default=1200,
                                              label="Words")

    @classmethod
    def messages(cls, data, config):
        return prompts.messages(
            prompts.CONTENT_SYSTEM, prompts.CONTENT_USER, word_count=data.get("word_count", 1200),
            title=data.get("title") or "(choose a fitting title)", brief=data["brief"],
            keywords=", ".join(data.get("keywords") or []) or "(none)",
        )

    @classmethod
    def result(cls, outcome, data, config):
        return {"content": outcome.text}
