"""JSON in a model's answer: models often wrap it in a Markdown code fence."""

import json
from typing import Any


def unfence(text: str) -> str:
    """The JSON inside a ```json ... ``` fence, or the text itself."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.rsplit("```", 1)[0]
    return stripped.strip()


def parse_json(text: str) -> Any:
    """JSON from a model's answer, tolerating a Markdown code fence around it."""
    return json.loads(unfence(text))
