"""Reads across accounts for platform staff (never for a member: no account scoping here)."""

from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from modelbank.accounts.models import Account, Membership


def staff_accounts(*, query: str = "") -> QuerySet[Account]:
    """Accounts by id with their balance (0 before the first credit) and members; ``query`` matches
    part of the name, or the id exactly."""
    accounts = Account.objects.order_by("id").annotate(
        balance=Coalesce(F("credits__balance"), Value(0)),
        reserved=Coalesce(F("credits__reserved"), Value(0)),
    ).annotate(available=F("balance") - F("reserved")).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by("id")))
    query = query.strip()
    if query:
        match = Q(name__icontains=query)
        if query.isascii() and query.isdigit() and len(query) <= 18:
            match |= Q(pk=int(query))
        accounts = accounts.filter(match)
    return accounts
