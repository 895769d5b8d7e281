import pytest

from modelbank.ai.errors import AIOutputInvalid
from modelbank.ai.functions.auto_cluster import AutoCluster, assign_keywords
from modelbank.ai.functions.generate_image_prompts import GenerateImagePrompts
from modelbank.ai.jsontext import parse_json


def test_parse_json_accepts_a_code_fence():
    assert parse_json('```json\n{"a": 1}\n```') == {"a": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"clusters": []}', "expected shape at clusters"),
        ('{"clusters": [{"name": "x"}]}', "'keywords' is a required property"),
        ('{"groups": []}', "'clusters' is a required property"),
    ],
)
def test_cluster_answers_are_validated_before_use(text, message):
    with pytest.raises(AIOutputInvalid, match=message):
        AutoCluster.parse(text)


def test_image_prompt_answers_are_validated():
    assert GenerateImagePrompts.parse('{"prompts": ["a"]}') == {"prompts": ["a"]}
    with pytest.raises(AIOutputInvalid):
        GenerateImagePrompts.parse('{"prompts": [""]}')


def test_only_the_callers_keywords_are_kept_once_each():
    clusters = [
        {"name": " Shoes ", "keywords": ["Red Shoes", "blue shoes", "invented"]},
        {"name": "Dupes", "keywords": ["red shoes"]},
        {"name": "Overflow", "keywords": ["hats"]},
    ]
    result = assign_keywords(clusters, ["red shoes", "blue shoes", "hats", "socks"], max_clusters=2)
    assert result == {
        "clusters": [{"name": "Shoes", "keywords": ["red shoes", "blue shoes"]}],
        "unclustered": ["hats", "socks"],
    }
