"""Tenant scoping: every tenant-owned query goes through ``.for_account(account)``.

Deny by default (NetBox's RestrictedQuerySet): ``for_account(None)`` is an empty queryset,
never "everything", and API views get their querysets only from AccountScopedMixin.
"""

from django.db import models


class AccountScopedQuerySet(models.QuerySet):
    account_field = "account"

    def for_account(self, account):
        if account is None:
            return self.none()
        return self.filter(**{self.account_field: account})


class AccountScopedManager(models.Manager.from_queryset(AccountScopedQuerySet)):
    pass


class AccountScopedMixin:
    """For API views over tenant-owned models: the queryset is always the caller's account's.

    A view sets ``scoped_model``; ``get_queryset`` cannot return another account's rows, so
    a lookup of a foreign id is a 404, indistinguishable from a missing one.
    """

    scoped_model: type[models.Model]

    def get_queryset(self):
        return self.scoped_model.objects.for_account(getattr(self.request, "account", None))
