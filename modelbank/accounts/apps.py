from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "modelbank.accounts"
    label = "accounts"
    verbose_name = "Accounts"
