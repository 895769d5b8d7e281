from django import forms

from modelbank.catalog.model_rules import fallback_list_problems, request_parameter_problems, size_problems
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.provider_config import ProviderConfigInvalid, change_clean, rules_for


class AIModelChoiceField(forms.ModelChoiceField):
    """A dropdown of active models only, labelled with their price:
    "GPT-4o Mini (gpt-4o-mini) - $0.15/$0.60 per 1M tokens"."""

    def __init__(self, model_type: str | None = None, **kwargs):
        queryset = AIModelConfig.objects.filter(is_active=True).select_related("provider")
        if model_type:
            queryset = queryset.filter(model_type=model_type)
        super().__init__(queryset=queryset.order_by("sort_order", "model_name"), **kwargs)

    def label_from_instance(self, obj: AIModelConfig) -> str:
        return obj.choice_label


class IntegrationProviderForm(forms.ModelForm):
    """Secrets are write-only: an empty input keeps the stored value; "clear" removes it."""

    api_endpoint = forms.URLField(required=False, assume_scheme="https",
                                  help_text="Optional: any OpenAI-compatible server can stand in for a provider.")
    # Named apart from the model fields so Django never copies an empty input over a stored secret.
    new_api_key = forms.CharField(label="API key", required=False, widget=forms.PasswordInput(render_value=False))
    new_api_secret = forms.CharField(label="API secret", required=False, widget=forms.PasswordInput(render_value=False))
    new_webhook_secret = forms.CharField(
        label="Webhook secret", required=False, widget=forms.PasswordInput(render_value=False)
    )
    clear_secrets = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(f, f.replace("_", " ")) for f in ("api_key", "api_secret", "webhook_secret")],
        help_text="Remove these stored secrets.",
    )

    class Meta:
        model = IntegrationProvider
        fields = ["provider_id", "display_name", "provider_type", "api_endpoint", "is_active", "config"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["api_endpoint"].help_text = rules_for(self.instance.provider_id or "").endpoint_help
        for name in self.Meta.model.SECRET_FIELDS:
            current = getattr(self.instance, name)
            self.fields[f"new_{name}"].help_text = f"Currently {current.hint()}. Leave empty to keep it."

    def clean(self):
        """The same rules as the API and `configure_provider` (catalog.provider_config)."""
        cleaned = super().clean()
        provider_id = cleaned.get("provider_id") or self.instance.provider_id or ""
        changes = {name: cleaned[name] for name in ("api_endpoint", "config") if cleaned.get(name) is not None}
        try:
            change_clean(provider_id=provider_id, changes=changes)
        except ProviderConfigInvalid as exc:
            field = str(exc.extra.get("field", "")).partition(".")[0]
            self.add_error(field if field in self.fields else None, exc.message)
        return cleaned

    def save(self, commit=True):
        provider = super().save(commit=False)
        cleared = set(self.cleaned_data.get("clear_secrets") or [])
        for name in self.Meta.model.SECRET_FIELDS:
            if name in cleared:
                setattr(provider, name, "")
            elif self.cleaned_data.get(f"new_{name}"):
                setattr(provider, name, self.cleaned_data[f"new_{name}"])
        if commit:
            provider.save()
        return provider


class AIModelConfigForm(forms.ModelForm):
    """Checks `request_parameters` against the parameters schema and the model's type, so an
    admin edit cannot send a provider something it refuses (see catalog.parameters). The admin
    supplies the model and its fields (modelform_factory)."""

    def clean(self):
        """The rules the staff API applies too (catalog.model_rules)."""
        cleaned = super().clean()
        for problem in request_parameter_problems(cleaned.get("request_parameters"), cleaned.get("model_type")):
            self.add_error("request_parameters", problem)
        if "fallback_models" in self.fields:
            fallbacks = cleaned.get("fallback_models") or []  # an empty input means none
            for problem in fallback_list_problems(fallbacks):
                self.add_error("fallback_models", problem)
            cleaned["fallback_models"] = fallbacks
        if cleaned.get("available_sizes") is not None:
            for problem in size_problems(cleaned["available_sizes"]):
                self.add_error("available_sizes", problem)
        return cleaned
