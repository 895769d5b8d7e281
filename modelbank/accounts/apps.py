from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "modelbank.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from modelbank.accounts import signals  # noqa: F401  (registers the token cache's invalidation)
