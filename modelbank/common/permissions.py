from rest_framework.permissions import BasePermission


class HasAccount(BasePermission):
    """The caller acts within an account (staff without one may still read the catalog)."""

    message = "You are not a member of any account."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and getattr(request, "account", None))


class CanManageAccount(BasePermission):
    """Account owners and admins: changes that affect everyone in the account."""

    message = "Only the account's owners and admins can change this."

    def has_permission(self, request, view) -> bool:
        membership = getattr(request, "membership", None)
        return bool(membership and membership.can_manage_account)


class IsPlatformStaff(BasePermission):
    message = "Only platform staff can do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)
