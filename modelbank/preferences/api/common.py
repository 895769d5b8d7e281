"""Pieces shared by the settings API views."""

from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from modelbank.common.permissions import CanManageAccount, HasAccount


class ModelSummarySerializer(serializers.Serializer):
    """How a catalog model appears in settings responses."""

    id = serializers.IntegerField()
    model_name = serializers.CharField()
    display_name = serializers.CharField()


def model_summary(model) -> dict | None:
    if model is None:
        return None
    return {"id": model.pk, "model_name": model.model_name, "display_name": model.display_name}


class ManagerWritesMixin:
    """Members of the account may read; only owners and admins may write."""

    def get_permissions(self):
        classes = [IsAuthenticated, HasAccount]
        if self.request.method not in SAFE_METHODS:
            classes.append(CanManageAccount)
        return [cls() for cls in classes]


class MemberMixin:
    permission_classes = [IsAuthenticated, HasAccount]
