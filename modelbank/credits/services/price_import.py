"""Price import (issue 12 part 4): the catalog's provider prices from a file in the format of LiteLLM's
public `model_prices_and_context_window.json`, which the operator downloads (nothing is fetched here).

The file maps model names, some with a host prefix ("gemini/gemini-2.5-flash", "azure/gpt-4o-mini"),
to prices in USD per token or per image. Our rates are USD per 1M tokens and USD per image. A catalog
model takes the entry that names it and is priced by its own provider: LiteLLM lists one model under
several hosts at different prices (Azure's regional gpt-4o-mini, Vertex AI's "gemini-2.5-flash"), and
only our provider's price is the cost we pay. The import reprices existing models only: it never
creates, deletes or deactivates one, and a price the file leaves out stays as it is.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from modelbank.catalog.models import AIModelConfig, PriceChange
from modelbank.catalog.signals import catalog_changed
from modelbank.common.errors import ApplicationError
from modelbank.common.money import TOKENS_PER_MILLION, USD_DECIMAL_PLACES, USD_MAX_DIGITS, usd

# Our provider ids -> the `litellm_provider` values whose prices are what that provider charges us.
# Our google adapter calls the Gemini API (LiteLLM's "gemini"), not Vertex AI. Other providers: their own id.
LITELLM_HOSTS: dict[str, tuple[str, ...]] = {
    "openai": ("openai", "text-completion-openai"),
    "anthropic": ("anthropic",),
    "google": ("gemini",),
}
SPEC_KEY = "sample_spec"  # LiteLLM's documentation of the fields, not a model
PER_MILLION, PER_IMAGE = TOKENS_PER_MILLION, Decimal(1)
PRICE_LIMIT = Decimal(10) ** (USD_MAX_DIGITS - USD_DECIMAL_PLACES)  # what a usd_field can hold
UNITS = {"input_token_rate": "per 1M tokens", "output_token_rate": "per 1M tokens", "cost_per_image": "per image"}


@dataclass(frozen=True)
class ModelRepricing:
    """One catalog model whose prices the file changes: {field: (old, new)}."""

    model: AIModelConfig
    key: str  # the file's entry it was priced from
    changes: dict[str, tuple[Decimal | None, Decimal]]


@dataclass(frozen=True)
class PriceImportResult:
    source: str
    applied: bool
    repriced: list[ModelRepricing]
    unchanged: list[str]  # catalog models the file prices as they already are
    unpriced: list[str]  # catalog models the file has no price for (from their provider)
    unused: list[str]  # entries for no model of the catalog: never created

    @property
    def new_prices(self) -> dict[int, dict[str, Decimal]]:
        """Model id -> {field: new price}, for credits.checks.below_cost_findings: the catalog judged at
        these prices before they are written."""
        return {r.model.pk: {field: new for field, (_, new) in r.changes.items()} for r in self.repriced}


def price_file_read(path: Path) -> dict[str, Any]:
    """The file's entries, prices as Decimal (never float), or a clear error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ApplicationError(f"No price file at {path}.") from None
    except IsADirectoryError:
        raise ApplicationError(f"{path} is a directory, not a price file.") from None
    except UnicodeDecodeError:
        raise ApplicationError(f"{path} is not UTF-8 text: is it the JSON price file?") from None
    except OSError as exc:
        raise ApplicationError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        # NaN and Infinity stay words, so a price written as one is refused as not a number.
        prices = json.loads(text, parse_float=Decimal, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise ApplicationError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                               f"column {exc.colno}.") from None
    if not isinstance(prices, dict):
        raise ApplicationError(f"{path} holds a JSON {_json_type(prices)}, not an object of model names to "
                               "prices (the format of LiteLLM's model_prices_and_context_window.json).")
    return prices


def price_import(*, prices: Mapping[str, Any], source: str, actor: str = "",
                 apply: bool = False) -> PriceImportResult:
    """Compare the file's prices with the catalog's; with ``apply``, write the changes in one
    transaction, each repriced model with a PriceChange audit row. A bad price anywhere that
    would be used refuses the whole file, before anything is written."""
    if not apply:
        return _plan(list(AIModelConfig.objects.order_by("model_name")), prices, source)
    with transaction.atomic():
        # Locked, so an admin's edit in between is neither overwritten nor audited as ours.
        models = sorted(AIModelConfig.objects.select_for_update().order_by("pk"), key=lambda m: m.model_name)
        result = _plan(models, prices, source)
        _write(result, source=source, actor=actor)
        return replace(result, applied=True)


def _plan(models: list[AIModelConfig], prices: Mapping[str, Any], source: str) -> PriceImportResult:
    repriced: list[ModelRepricing] = []
    unchanged: list[str] = []
    unpriced: list[str] = []
    problems: list[str] = []
    used = {SPEC_KEY}
    for model in models:
        key = _entry_for(model, prices)
        if key is None:
            unpriced.append(model.model_name)
            continue
        used.add(key)
        changes = {field: (getattr(model, field), new)
                   for field, new in _new_prices(model, key, prices[key], problems).items()
                   if getattr(model, field) != new}
        if changes:
            repriced.append(ModelRepricing(model, key, changes))
        else:
            unchanged.append(model.model_name)
    if problems:
        raise ApplicationError("The price file was refused, nothing was written:\n" + "\n".join(problems))
    return PriceImportResult(source=source, applied=False, repriced=repriced, unchanged=unchanged, unpriced=unpriced,
                             unused=sorted(key for key in prices if key not in used))


def _entry_for(model: AIModelConfig, prices: Mapping[str, Any]) -> str | None:
    """The key of the entry priced by the model's own provider: its name, else "<host>/<name>"."""
    hosts = LITELLM_HOSTS.get(model.provider_id, (model.provider_id,))
    for key in (model.model_name, *(f"{host}/{model.model_name}" for host in hosts)):
        entry = prices.get(key)
        if entry is None:
            continue
        if not isinstance(entry, dict) or entry.get("litellm_provider", hosts[0]) in hosts:
            return key  # an entry that is no object is refused by _new_prices
    return None


Sources = dict[str, tuple[tuple[str, ...], Decimal]]


def _sources(model: AIModelConfig, entry: dict) -> Sources:
    """Our price field -> the LiteLLM fields that carry it (the first present wins) and the factor
    from LiteLLM's unit to ours."""
    tokens: Sources = {"input_token_rate": (("input_cost_per_token",), PER_MILLION),
              "output_token_rate": (("output_cost_per_token",), PER_MILLION)}
    if model.model_type != AIModelConfig.ModelType.IMAGE:
        return tokens
    # An image model's output is image tokens (GPT Image). The price of one image is output_cost_per_image,
    # or for OpenAI's image models input_cost_per_image ("dall-e-3": 0.04); on a chat entry that field is
    # the price of a picture sent in, so it counts only on an image_generation entry.
    per_image = ("output_cost_per_image", "input_cost_per_image") if entry.get("mode") == "image_generation" \
        else ("output_cost_per_image",)
    return {"cost_per_image": (per_image, PER_IMAGE), "input_token_rate": tokens["input_token_rate"],
            "output_token_rate": (("output_cost_per_image_token",), PER_MILLION)}


def _new_prices(model: AIModelConfig, key: str, entry: Any, problems: list[str]) -> dict[str, Decimal]:
    if not isinstance(entry, dict):
        problems.append(f'  "{key}" is a JSON {_json_type(entry)}, not an object of prices.')
        return {}
    found: dict[str, Decimal] = {}
    for field, (names, factor) in _sources(model, entry).items():
        name = next((n for n in names if entry.get(n) is not None), None)
        if name is None:
            continue  # the file does not price it: the catalog's price stays
        raw = entry[name]
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            problems.append(f'  "{key}": {name} is {json.dumps(raw, default=str)}, not a number.')
        elif raw < 0:
            problems.append(f'  "{key}": {name} is {raw}; a price cannot be negative.')
        elif raw * factor >= PRICE_LIMIT:
            problems.append(f'  "{key}": {name} is {raw}, too large for a price ({field}).')
        else:
            found[field] = usd(raw * factor)
    return found


@transaction.atomic
def _write(result: PriceImportResult, *, source: str, actor: str) -> None:
    """Only the price columns, with QuerySet.update(): no other field an admin may be editing is
    written back, and the catalog's stamp is bumped once (as catalog.services do), not per row."""
    if not result.repriced:
        return
    now = timezone.now()
    for r in result.repriced:
        AIModelConfig.objects.filter(pk=r.model.pk).update(
            updated_at=now, **{field: new for field, (_, new) in r.changes.items()})
    PriceChange.objects.bulk_create([
        PriceChange(model=r.model, source=source[:300], actor=actor[:150],
                    changes={field: [plain_usd(old), plain_usd(new)] for field, (old, new) in r.changes.items()})
        for r in result.repriced
    ])
    catalog_changed()


def plain_usd(value: Decimal | None) -> str | None:
    """0.15 not 0.15000000 or 1.5E-1; at least two decimals (10.00, 0.012); None stays None."""
    if value is None:
        return None
    whole, _, frac = f"{value.normalize():f}".partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def _json_type(value: Any) -> str:
    for kind, name in ((bool, "true/false"), (type(None), "null"), (dict, "object"), (list, "array"), (str, "string")):
        if isinstance(value, kind):
            return name
    return "number"
