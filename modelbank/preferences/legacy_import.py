"""Import of the old string-based configuration (docs/requirements.md §7).

Each model *name* is mapped to an AIModelConfig row by exact ``model_name``; a name the
catalog does not know (``bria:10@1``) is reported, never guessed. Secrets are reported and
never imported (they live in IntegrationProvider). Platform model names are not stored
anywhere: docs/requirements.md §1 says the defaults are ``AIModelConfig.is_default``, so a global name is
only reported, unless ``set_defaults`` asks to move the catalog default to it. Writes go
through the services (validated, audited with via=import); an unchanged value writes
nothing, so a second run changes nothing. A dry run does everything in a transaction
that is rolled back.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from modelbank.accounts.models import Account
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.services import model_make_default
from modelbank.common.errors import ApplicationError
from modelbank.preferences import selectors, services
from modelbank.preferences.audit import Via, integration_snapshot
from modelbank.preferences.models import GlobalIntegrationSettings, IntegrationSettings
from modelbank.preferences.redaction import strip_secrets

GLOBAL_MODEL_KEYS = {"openai_model": "text", "anthropic_model": "text", "dalle_model": "image",
                     "runware_model": "image", "bria_model": "image"}
GLOBAL_PARAMS = {"image_style": "image_style", "image_quality": "image_quality",
                 "max_in_article_images": "max_in_article_images", "desktop_image_size": "desktop_image_size",
                 "temperature": "default_temperature", "openai_temperature": "default_temperature",
                 "max_tokens": "default_max_tokens", "openai_max_tokens": "default_max_tokens"}
GLOBAL_CHOICE_KEYS = {"default_text_provider", "default_image_service"}
ACCOUNT_MODEL_KEYS = {"model", "openai_model", "anthropic_model", "dalle_model", "runware_model", "bria_model",
                      "text_model", "image_model"}
ACCOUNT_PARAMS = {"temperature": ("text", "temperature"), "max_tokens": ("text", "max_tokens"),
                  "image_style": ("image", "image_style"), "image_type": ("image", "image_style"),
                  "image_quality": ("image", "image_quality"), "quality": ("image", "image_quality"),
                  "image_size": ("image", "image_size"), "desktop_image_size": ("image", "image_size"),
                  "max_in_article_images": ("image", "max_in_article_images"),
                  "quality_tier": ("image", "quality_tier")}
INTEGRATION_OF = {"text": IntegrationSettings.TEXT, "image": IntegrationSettings.IMAGE}


@dataclass
class ImportReport:
    """What the import did (or would do), line by line, and its counts."""

    lines: list[str] = field(default_factory=list)
    changes: int = 0
    unmapped: list[str] = field(default_factory=list)
    problems: int = 0

    def note(self, text: str) -> None:
        self.lines.append(text)

    def unmappable(self, where: str, name) -> None:
        self.unmapped.append(f"{where}={name!r}")
        self.note(f"UNMAPPED {where}: {name!r} is not in the catalog; left as it is (no guess)")

    def problem(self, text: str) -> None:
        self.problems += 1
        self.note(f"SKIPPED {text}")


def _catalog() -> dict[str, AIModelConfig]:
    return {m.model_name: m for m in AIModelConfig.objects.all()}


def _map(report, catalog, where: str, name, model_type: str | None = None) -> AIModelConfig | None:
    model = catalog.get(name) if isinstance(name, str) else None
    if model is None:
        report.unmappable(where, name)
        return None
    if model_type and model.model_type != model_type:
        report.problem(f"{where}: {name!r} is a {model.model_type} model, expected {model_type}")
        return None
    state = "active" if model.is_active else "INACTIVE"
    report.note(f"MAPPED {where}: {name!r} -> AIModelConfig #{model.pk} {model.display_name} ({state})")
    return model


def _strip(report, where: str, data: dict) -> dict:
    cleaned, ignored = strip_secrets(data)
    for path in ignored:
        report.note(f"IGNORED {where}.{path}: looks like a secret; never imported (keys live in IntegrationProvider)")
    return cleaned


def _make_default(report, model: AIModelConfig | None, where: str) -> None:
    if model is None:
        return
    if model.is_default:
        report.note(f"UNCHANGED {where}: {model.model_name} is already the default {model.model_type} model")
    elif not model.is_active:
        report.problem(f"{where}: {model.model_name} is inactive; activate it before making it the default")
    else:
        model_make_default(model=model)
        report.changes += 1
        report.note(f"CHANGED {where}: {model.model_name} is now the default {model.model_type} model")


def _global_defaults(report, data: dict, mapped: dict, set_defaults: bool) -> None:
    if not set_defaults:
        if mapped:
            report.note("NOTE global model names are not stored: defaults come from AIModelConfig.is_default; "
                        "pass --set-defaults to move the catalog defaults to them")
        return
    text_key = "anthropic_model" if data.get("default_text_provider") == "anthropic" else "openai_model"
    _make_default(report, mapped.get(text_key), f"global.{text_key}")
    service = data.get("default_image_service")
    image_key = {"openai": "dalle_model", "runware": "runware_model"}.get(service)
    if image_key is None:
        report.problem("global image default: default_image_service is not 'openai' or 'runware'; not moved")
        return
    _make_default(report, mapped.get(image_key), f"global.{image_key}")


def _global_params(report, data: dict, actor) -> None:
    row = GlobalIntegrationSettings.objects.select_for_update().get()
    before = {f: getattr(row, f) for f in set(GLOBAL_PARAMS.values())}
    for key, field_name in GLOBAL_PARAMS.items():
        if key in data:
            setattr(row, field_name, data[key])
    try:
        row.full_clean()
    except ValidationError as exc:
        report.problem(f"global parameters: {'; '.join(f'{k}: {v[0]}' for k, v in exc.message_dict.items())}")
        return
    services.global_settings_save(row=row, actor=actor, via=Via.IMPORT)
    changed = [f for f, old in before.items() if getattr(row, f) != old]
    report.changes += bool(changed)
    detail = f": {', '.join(sorted(changed))}" if changed else ""
    report.note(f"{'CHANGED' if changed else 'UNCHANGED'} global parameters{detail}")


def import_global(report, data: dict, *, actor, set_defaults: bool) -> None:
    data = _strip(report, "global", data)
    catalog = _catalog()
    mapped = {}
    for key, model_type in GLOBAL_MODEL_KEYS.items():
        if key in data and (model := _map(report, catalog, f"global.{key}", data[key], model_type)):
            mapped[key] = model
    for key in sorted(set(data) - set(GLOBAL_MODEL_KEYS) - set(GLOBAL_PARAMS) - GLOBAL_CHOICE_KEYS):
        report.note(f"UNRECOGNISED global.{key}: not a setting of the new platform; skipped")
    _global_defaults(report, data, mapped, set_defaults)
    _global_params(report, data, actor)


def _split_account_config(report, where: str, integration_type: str, config: dict, catalog) -> dict[str, dict]:
    """Sort one legacy config into overrides by integration type: {integration_type: {...}}."""
    targets: dict[str, dict] = {}
    provider_row = integration_type not in (IntegrationSettings.TEXT, IntegrationSettings.IMAGE)
    for key, value in config.items():
        if key in ACCOUNT_MODEL_KEYS:
            model = _map(report, catalog, f"{where}.{key}", value)
            if model is not None and model.model_type in INTEGRATION_OF:
                targets.setdefault(INTEGRATION_OF[model.model_type], {})["model"] = model.pk
        elif key in ACCOUNT_PARAMS:
            kind, name = ACCOUNT_PARAMS[key]
            targets.setdefault(INTEGRATION_OF[kind], {})[name] = value
        elif provider_row:
            targets.setdefault(integration_type, {})[key] = value
        else:
            report.note(f"UNRECOGNISED {where}.{key}: not an override of the new platform; skipped")
    return targets


def _apply_override(report, account, integration_type: str, values: dict, actor, where: str) -> None:
    record = IntegrationSettings.objects.for_account(account).filter(integration_type=integration_type).first()
    before = integration_snapshot(record)
    merged = {**(record.config if record else {}), **({"model": record.model_id} if record and record.model_id else {}),
              **values}
    try:
        write = services.integration_settings_put(account=account, integration_type=integration_type, data=merged,
                                                  actor=actor, via=Via.IMPORT)
    except ApplicationError as exc:
        report.problem(f"{where} -> {integration_type}: {exc.message}")
        return
    changed = integration_snapshot(write.record) != before
    report.changes += changed
    report.note(f"{'CHANGED' if changed else 'UNCHANGED'} account {account.pk} {integration_type} override")


def import_account_entry(report, entry: dict, index: int, *, actor) -> None:
    where = f"accounts[{index}]"
    account = Account.objects.filter(pk=entry.get("account_id")).first()
    if account is None:
        report.problem(f"{where}: no account with id {entry.get('account_id')!r}")
        return
    integration_type = entry.get("integration_type", "")
    try:
        selectors.integration_type_kind(integration_type)
    except ApplicationError as exc:
        report.problem(f"{where}: {exc.message}")
        return
    config = _strip(report, f"{where}.config", entry.get("config") or {})
    for target, values in _split_account_config(report, f"{where}.config", integration_type, config,
                                                _catalog()).items():
        _apply_override(report, account, target, values, actor, where)


def import_legacy(data: dict, *, dry_run: bool = False, set_defaults: bool = False, actor=None) -> ImportReport:
    """Import a legacy export (format: see the import_legacy_settings command's help)."""
    report = ImportReport()
    with transaction.atomic():
        if isinstance(data.get("global"), dict):
            import_global(report, data["global"], actor=actor, set_defaults=set_defaults)
        for index, entry in enumerate(data.get("accounts") or []):
            import_account_entry(report, entry, index, actor=actor)
        if dry_run:
            transaction.set_rollback(True)
    return report
