"""What an account may set for each provider's calls (JSON Schema): the options that provider's
adapter applies (`modelbank/ai/providers/`), nothing else, so a field no adapter would send is refused
(400) instead of stored. The catalog holds them, beside each provider's operator config
(`provider_config`), so settings can validate overrides without loading the provider SDKs."""


def options_schema(properties: dict) -> dict:
    """Exactly these fields, nothing else."""
    return {"type": "object", "properties": properties, "additionalProperties": False}


ACCOUNT_OPTIONS: dict[str, dict] = {
    "openai": options_schema({
        "safety_identifier": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"^[\x21-\x7e]+$",
                              "description": "A stable, non-identifying id (e.g. a hash) OpenAI uses for abuse monitoring"},
        "reasoning_effort": {"enum": ["none", "minimal", "low", "medium", "high", "xhigh"],
                             "description": "Chat, on models whose catalog entry takes a reasoning effort"},
        "moderation": {"enum": ["low", "auto"], "description": "Images, on GPT image models"},
    }),
    "anthropic": options_schema({
        "service_tier": {"enum": ["auto", "standard_only"], "description": "Whether Priority Tier capacity may be used"},
        "user_id": {"type": "string", "minLength": 1, "maxLength": 256,
                    "description": "An opaque id (a uuid or hash, never a name or email) Anthropic uses against abuse"},
    }),
    "google": options_schema({
        "top_p": {"type": "number", "minimum": 0, "maximum": 1, "description": "Nucleus sampling"},
        "top_k": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "Top-k sampling"},
        "seed": {"type": "integer", "minimum": -2147483648, "maximum": 2147483647,
                 "description": "Repeatable sampling, as far as the model allows"},
    }),
    "runware": options_schema({
        "negativePrompt": {"type": "string", "minLength": 2, "maxLength": 3000, "description": "What to keep out of images"},
        "steps": {"type": "integer", "minimum": 1, "maximum": 100, "description": "Inference steps (open models)"},
        "CFGScale": {"type": "number", "minimum": 0, "maximum": 50, "description": "Prompt guidance (open models)"},
        "outputFormat": {"enum": ["JPG", "PNG", "WEBP"], "description": "The image file format"},
    }),
    "bria": options_schema({
        "negative_prompt": {"type": "string", "minLength": 1, "maxLength": 2000,
                            "description": "What to keep out of images"},
        "seed": {"type": "integer", "minimum": 0, "maximum": 2147483647, "description": "Repeatable results"},
        "resolution": {"enum": ["1MP", "4MP"], "description": "4MP adds detail and about 30 s"},
        "prompt_content_moderation": {"type": "boolean", "description": "Refuse prompts that fail moderation"},
    }),
}


def account_options_schema(provider_id: str) -> dict:
    """A provider without an AI adapter (e.g. email, payment) applies none, so it takes no field."""
    return ACCOUNT_OPTIONS.get(provider_id) or options_schema({})


def account_options_schemas() -> dict[str, dict]:
    """{provider_id: options schema} of every provider with an AI adapter."""
    return dict(sorted(ACCOUNT_OPTIONS.items()))
