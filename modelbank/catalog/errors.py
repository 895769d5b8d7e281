from modelbank.common.errors import ApplicationError, ConfigurationError, NotFoundError


class ModelNotFound(NotFoundError):
    code = "model_not_found"


class ModelInactive(ApplicationError):
    code = "model_inactive"


class NoDefaultModel(ConfigurationError):
    code = "no_default_model"


class ProviderNotFound(NotFoundError):
    code = "provider_not_found"


class ProviderInactive(ConfigurationError):
    code = "provider_inactive"


class ProviderKeyMissing(ConfigurationError):
    code = "provider_key_missing"


class ProviderKeyUnreadable(ConfigurationError):
    code = "provider_key_unreadable"
