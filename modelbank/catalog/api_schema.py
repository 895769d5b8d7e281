"""OpenAPI for changing a provider (PATCH /api/v1/system/providers/<id>/).

Which config keys a provider takes and what its base URL must look like depend on the provider in
the path, which one templated OpenAPI path cannot say. So each provider with rules of its own
(catalog.provider_config.RULES) gets its own path, documented with exactly the body it accepts; the
templated path documents what every provider accepts. Registered as a drf-spectacular
postprocessing hook in settings, as preferences.api.schema is for settings keys.
"""

import copy

from modelbank.catalog.provider_config import RULES, change_schema

OPERATION = "system_provider_update"


def _json_body(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}, "required": True}


def _template(paths: dict) -> str | None:
    return next((path for path, item in paths.items()
                 if any(isinstance(op, dict) and op.get("operationId") == OPERATION for op in item.values())), None)


def _for_provider(item: dict, provider_id: str) -> dict:
    item = copy.deepcopy(item)
    for operation in item.values():
        operation["operationId"] += f"_{provider_id}"
        operation["parameters"] = [p for p in operation.get("parameters", []) if p["name"] != "provider_id"]
        if not operation["parameters"]:
            del operation["parameters"]
        if "requestBody" in operation:
            operation["requestBody"] = _json_body(change_schema(provider_id))
    return item


def expand_provider_paths(result, generator, request, public):
    paths = result["paths"]
    template = _template(paths)
    if template is None:
        return result
    paths[template]["patch"]["requestBody"] = _json_body(
        {**change_schema(""), "description": "What every provider accepts; providers with their own path "
                                             f"({', '.join(sorted(RULES))}) take more, as documented there."})
    for provider_id in RULES:
        paths[template.replace("{provider_id}", provider_id)] = _for_provider(paths[template], provider_id)
    result["paths"] = dict(sorted(paths.items()))
    return result
