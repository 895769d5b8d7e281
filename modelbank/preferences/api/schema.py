"""OpenAPI for keyed settings and AI overrides, built from the JSON Schemas the services validate with.

What a setting's `value` (or an override's fields) may hold depends on the key (or type) in the
path, which one templated OpenAPI path cannot say. So each known key and type gets its own path,
documented with exactly the body it accepts, and so does each provider with an AI adapter (the
options it applies); other providers keep the templated path, which takes no field. The
collections' `{key, value}` bodies become one variant per key. Registered as a drf-spectacular
postprocessing hook in settings.
"""

import copy

from modelbank.catalog.account_options import account_options_schemas
from modelbank.preferences.schemas import (
    ACCOUNT_SETTINGS_SCHEMAS,
    INTEGRATION_SCHEMAS,
    PROVIDER_SCHEMA,
    SETTINGS_SCHEMAS,
)

KEYED = {"user": SETTINGS_SCHEMAS, "account": ACCOUNT_SETTINGS_SCHEMAS}
MODEL_KIND = {"text_generation": "text", "image_generation": "image"}


def _json_body(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}, "required": True}


def _object(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": properties, "required": required}


def _override_body(integration_type: str) -> dict:
    kind = MODEL_KIND[integration_type]
    schema = copy.deepcopy(INTEGRATION_SCHEMAS[integration_type])
    schema["properties"]["model"] = {
        "type": "integer", "nullable": True,
        "description": f"id of an active {kind} model (GET /api/v1/system/ai-models/); null: no model override",
    }
    return schema


def _path_of(paths: dict, operation_id: str) -> str:
    return next(path for path, item in paths.items() if any(op.get("operationId") == operation_id
                                                             for op in item.values()))


def _expand(paths: dict, template: str, param: str, bodies: dict[str, dict]) -> None:
    """Copy the templated path once per value of `param`, each with its own request body."""
    for value, body in bodies.items():
        item = copy.deepcopy(paths[template])
        for method, operation in item.items():
            operation["operationId"] += f"_{value}"
            operation["parameters"] = [p for p in operation.get("parameters", []) if p["name"] != param]
            if not operation["parameters"]:
                del operation["parameters"]
            if "requestBody" in operation:
                operation["requestBody"] = _json_body(body)
            if method != "delete":  # a known key always resolves; only "nothing saved to delete" is a 404
                operation["responses"].pop("404", None)
        paths[template.replace("{" + param + "}", value)] = item


def _key_value_variants(schemas: dict[str, dict]) -> dict:
    return {"oneOf": [_object({"key": {"type": "string", "enum": [key]}, "value": schema}, ["key", "value"])
                      for key, schema in schemas.items()]}


def expand_settings_paths(result, generator, request, public):
    paths = result["paths"]
    for scope, schemas in KEYED.items():
        template = _path_of(paths, f"settings_{scope}_get")
        _expand(paths, template, "key", {key: _object({"value": s}, ["value"]) for key, s in schemas.items()})
        del paths[template]
        for operation in paths[_path_of(paths, f"settings_{scope}_save")].values():
            if "requestBody" in operation:
                operation["requestBody"] = _json_body(_key_value_variants(schemas))
    template = _path_of(paths, "settings_integration_get")
    _expand(paths, template, "integration_type", {t: _override_body(t) for t in MODEL_KIND})
    _expand(paths, template, "integration_type",
            {provider: {**schema, "description": f"{provider} parameters"}
             for provider, schema in account_options_schemas().items()})
    paths[template]["put"]["requestBody"] = _json_body(
        {**PROVIDER_SCHEMA, "description": "a provider without an AI adapter takes no parameters"})
    result["paths"] = dict(sorted(paths.items()))
    return result
