"""What a model's edit must satisfy beyond its fields and constraints: the admin form and the
staff API (catalog.model_services) both apply these, so neither accepts what the other refuses."""

import re

from modelbank.catalog.parameters import parameter_problems

SIZE = re.compile(r"[1-9][0-9]{1,4}x[1-9][0-9]{1,4}")
FALLBACKS_HELP = 'A list of model names, e.g. ["gpt-5-mini"].'


def request_parameter_problems(value, model_type: str | None) -> list[str]:
    return parameter_problems(value, model_type) if value is not None else []


def fallback_list_problems(value) -> list[str]:
    """fallback_models holds model names: a list of strings (empty: no fallback)."""
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        return [FALLBACKS_HELP]
    if len(set(value)) != len(value):
        return ["Name each fallback model once."]
    return []


def size_problems(value) -> list[str]:
    """available_sizes: distinct "WIDTHxHEIGHT" strings, as the adapters read them."""
    if not isinstance(value, list) or not all(isinstance(size, str) for size in value):
        return ['A list of sizes, e.g. ["1024x1024", "1792x1024"].']
    bad = [size for size in value if not SIZE.fullmatch(size)]
    if bad:
        return [f"'{bad[0]}' is not a size: write WIDTHxHEIGHT in pixels, e.g. 1024x1024."]
    if len(set(value)) != len(value):
        return ["Name each size once."]
    return []
