"""Tenant scoping: every tenant-owned query goes through ``.for_account(account)``.

Deny by default (NetBox's RestrictedQuerySet): ``for_account(None)`` is an empty queryset,
never "everything"; API views call ``Model.objects.for_account(request.account)``.
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
