"""The initial catalog (docs/requirements.md §1: six active models and, inactive, the others the platform once named).

Applied by the data migration and by `manage.py seed_catalog`: it creates what is
missing and never overwrites a row an admin may have edited. `request_parameters.json` says,
per seeded model, which request parameters it takes (catalog.parameters).
"""

import json
from decimal import Decimal
from pathlib import Path

SEED_FILE = Path(__file__).with_name("catalog.json")
PARAMETERS_FILE = Path(__file__).with_name("request_parameters.json")
_DECIMAL_FIELDS = ("input_token_rate", "output_token_rate", "cost_per_image")


def load_seed() -> dict:
    return json.loads(SEED_FILE.read_text())


def seeded_request_parameters() -> dict[str, dict]:
    """{model_name: request_parameters} of the seeded models."""
    return json.loads(PARAMETERS_FILE.read_text())


def _fields_of(model) -> set[str]:
    # A migration's historical model may predate a field the seed knows (e.g. request_parameters).
    return {f.name for f in model._meta.get_fields()}


def apply_catalog_seed(provider_model, ai_model) -> tuple[int, int]:
    """Create missing providers and models; returns how many of each were created."""
    data = load_seed()
    providers = 0
    for row in data["providers"]:
        fields = {k: v for k, v in row.items() if k not in {"provider_id", "notes"}}
        fields["config"] = {"notes": row.get("notes", "")}
        _, created = provider_model.objects.get_or_create(provider_id=row["provider_id"], defaults=fields)
        providers += created
    models, parameters, known = 0, seeded_request_parameters(), _fields_of(ai_model)
    for row in data["models"]:
        fields = {k: (Decimal(v) if k in _DECIMAL_FIELDS else v) for k, v in row.items() if k != "model_name"}
        if "request_parameters" in known:
            fields["request_parameters"] = parameters.get(row["model_name"], {})
        fields["provider_id"] = fields.pop("provider")
        if fields.get("is_default") and ai_model.objects.filter(model_type=fields["model_type"], is_default=True).exists():
            fields["is_default"] = False  # an admin has chosen another default since
        _, created = ai_model.objects.get_or_create(model_name=row["model_name"], defaults=fields)
        models += created
    return providers, models
