from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from modelbank.ai.functions import prompts
from modelbank.ai.functions.base import KeywordsField
from modelbank.ai.functions.text import TextFunction

SCHEMA = {
    "type": "object",
    "required": ["clusters"],
    "properties": {
        "clusters": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "keywords"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "keywords": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                },
            },
        }
    },
}


@extend_schema_field({
    # Keywords must still differ once trimmed; JSON Schema says so as distinct, already trimmed items.
    "type": "array", "minItems": 2, "maxItems": 1000, "uniqueItems": True,
    "items": {"type": "string", "maxLength": 200, "pattern": r"^\S(?:[\s\S]*\S)?$"},
})
class DistinctKeywordsField(KeywordsField):
    """The keywords to cluster: at least two different ones."""


class AutoCluster(TextFunction):
    """Groups keywords into named clusters; the model's JSON is schema-checked before use."""

    name = "auto_cluster"
    label = "Cluster keywords"
    operation_type = "keyword_clustering"
    schema = SCHEMA
    step_label = "Grouping the keywords"

    class InputSerializer(serializers.Serializer):
        keywords = DistinctKeywordsField(min_length=2, max_length=1000, label="Keywords (one per line)",
                                         style={"input": "lines"})
        max_clusters = serializers.IntegerField(min_value=1, max_value=100, required=False, default=10,
                                                label="At most this many clusters")

        def validate_keywords(self, value):
            unique = list(dict.fromkeys(k for k in value if k))
            if len(unique) < 2:
                raise serializers.ValidationError("Give at least two different keywords.")
            return unique

    @classmethod
    def messages(cls, data, config):
        return prompts.messages(
            prompts.CLUSTER_SYSTEM, prompts.CLUSTER_USER,
            max_clusters=data.get("max_clusters", 10), keywords="\n".join(data["keywords"]),
        )

    @classmethod
    def result(cls, outcome, data, config):
        return assign_keywords(outcome.parsed["clusters"], data["keywords"], data.get("max_clusters", 10))


def assign_keywords(clusters: list[dict], keywords: list[str], max_clusters: int) -> dict:
    """Keep only the caller's own keywords, each in its first cluster; list the rest as unclustered.
    Clusters past max_clusters are dropped and their keywords become unclustered."""
    by_key = {k.casefold(): k for k in keywords}
    seen: set[str] = set()
    out = []
    for cluster in clusters[:max_clusters]:
        members = []
        for raw in cluster["keywords"]:
            key = raw.strip().casefold()
            if key in by_key and key not in seen:
                seen.add(key)
                members.append(by_key[key])
        if members:
            out.append({"name": cluster["name"].strip(), "keywords": members})
    return {"clusters": out, "unclustered": [k for k in keywords if k.casefold() not in seen]}
