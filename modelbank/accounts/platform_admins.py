"""The "Platform admins" group: what a staff user made by `create_account --staff` may do in the admin.

`is_staff` alone only lets a user log in to the admin; without model permissions every page is
empty. The group grants the permissions below, no more: the catalog and prices are edited, the
ledger and usage are read (balances change only through the services), and no permission on
users or groups is granted beyond viewing users (editing a user could make anyone a superuser).
README "Operators" lists the same table.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from modelbank.common.errors import ConfigurationError

GROUP_NAME = "Platform admins"

# "app_label.model": the actions granted (Django's add / change / delete / view permissions).
PLATFORM_ADMIN_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "catalog.aimodelconfig": ("add", "change", "view"),
    "catalog.integrationprovider": ("add", "change", "view"),
    "credits.creditcostconfig": ("add", "change", "view"),
    "credits.creditaccount": ("view",),
    "credits.credittransaction": ("view",),
    "credits.creditusagelog": ("view",),
    "credits.credithold": ("view",),
    "credits.creditusagedaily": ("view",),
    "credits.payment": ("view",),
    "preferences.globalintegrationsettings": ("change", "view"),
    "preferences.integrationsettings": ("view",),
    "preferences.accountsettings": ("view",),
    "preferences.usersettings": ("view",),
    "preferences.settingsauditlog": ("view",),
    "ai.aijob": ("view",),
    "accounts.account": ("add", "change", "view"),
    "accounts.membership": ("add", "change", "delete", "view"),
    "accounts.apitoken": ("change", "view"),
    "auth.user": ("view",),
}


def _permissions() -> list[Permission]:
    labels = {key.partition(".")[0] for key in PLATFORM_ADMIN_PERMISSIONS}
    for label in labels:  # permissions are made after migrate; a database migrated another way may lack them
        create_permissions(apps.get_app_config(label), verbosity=0)
    wanted = {(key.partition(".")[0], f"{action}_{key.partition('.')[2]}")
              for key, actions in PLATFORM_ADMIN_PERMISSIONS.items() for action in actions}
    found = Permission.objects.filter(content_type__app_label__in=labels).select_related("content_type")
    by_key = {(p.content_type.app_label, p.codename): p for p in found}
    missing = sorted(f"{app}.{code}" for app, code in wanted - by_key.keys())
    if missing:
        raise ConfigurationError(f"These admin permissions do not exist: {', '.join(missing)}. Run `manage.py migrate`.")
    return [by_key[key] for key in sorted(wanted)]


@transaction.atomic
def platform_admins_group() -> Group:
    """The group, created on first use. Idempotent: it adds what is missing and never removes a
    permission an operator gave the group in the admin."""
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*_permissions())
    return group


@transaction.atomic
def platform_admin_grant(*, user) -> None:
    """Make `user` a platform admin: staff (admin login, staff API) and a member of the group."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(platform_admins_group())
