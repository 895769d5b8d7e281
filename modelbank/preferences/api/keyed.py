"""/user/ and /account/: keyed JSON settings (docs/requirements.md §5).

POST or PUT {key, value} on the collection creates or updates the record; GET <key>/ shows
the effective value and where it came from; DELETE <key>/ returns the key to its default.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.common.api import validated
from modelbank.preferences import selectors, services
from modelbank.preferences.api.common import ManagerWritesMixin, MemberMixin


class SettingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    value = serializers.JSONField()
    updated_at = serializers.DateTimeField()


class SavedSettingOutput(SettingOutput):
    created = serializers.BooleanField()
    ignored_fields = serializers.ListField(child=serializers.CharField(),
                                           help_text="Secret-looking fields that were stripped and not stored.")


class EffectiveSettingOutput(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.JSONField()
    source = serializers.ChoiceField(choices=["user", "account", "default"])
    id = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class KeyValueInput(serializers.Serializer):
    key = serializers.CharField(max_length=50)
    value = serializers.JSONField()


class ValueInput(serializers.Serializer):
    value = serializers.JSONField()


def _saved(write) -> dict:
    record = write.record
    return {"id": record.pk, "key": record.key, "value": record.value, "updated_at": record.updated_at,
            "created": write.created, "ignored_fields": write.ignored_fields}


def _save_response(write) -> Response:
    body = SavedSettingOutput(_saved(write)).data
    return Response(body, status=status.HTTP_201_CREATED if write.created else status.HTTP_200_OK)


_SAVED = {200: SavedSettingOutput, 201: SavedSettingOutput}


class UserSettingsApi(MemberMixin, APIView):
    """The caller's own settings in the current account: list, or create-or-update by key."""

    InputSerializer, OutputSerializer = KeyValueInput, SettingOutput

    @extend_schema(tags=["settings"], operation_id="settings_user_list", responses=SettingOutput(many=True))
    def get(self, request):
        records = selectors.user_settings_list(user=request.user, account=request.account)
        return Response(self.OutputSerializer(records, many=True).data)

    @extend_schema(tags=["settings"], operation_id="settings_user_save", request=KeyValueInput, responses=_SAVED)
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        return _save_response(services.user_setting_save(user=request.user, account=request.account, **data))

    @extend_schema(tags=["settings"], operation_id="settings_user_put", request=KeyValueInput, responses=_SAVED)
    def put(self, request):
        return self.post(request)


class UserSettingDetailApi(MemberMixin, APIView):
    """One of the caller's settings: the user's value, else the account's, else the default."""

    InputSerializer, OutputSerializer = ValueInput, EffectiveSettingOutput

    @extend_schema(tags=["settings"], operation_id="settings_user_get", responses=EffectiveSettingOutput)
    def get(self, request, key):
        entry = selectors.user_setting_effective(user=request.user, account=request.account, key=key)
        return Response(self.OutputSerializer(entry).data)

    @extend_schema(tags=["settings"], operation_id="settings_user_update", request=ValueInput, responses=_SAVED)
    def put(self, request, key):
        data = validated(self.InputSerializer, request.data)
        return _save_response(services.user_setting_save(user=request.user, account=request.account, key=key,
                                                         **data))

    @extend_schema(tags=["settings"], operation_id="settings_user_reset", responses={204: None})
    def delete(self, request, key):
        services.user_setting_delete(user=request.user, account=request.account, key=key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccountSettingsApi(ManagerWritesMixin, APIView):
    """Account-wide settings: members read, owners and admins create or update by key."""

    InputSerializer, OutputSerializer = KeyValueInput, SettingOutput

    @extend_schema(tags=["settings"], operation_id="settings_account_list", responses=SettingOutput(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(selectors.account_settings_list(account=request.account), many=True).data)

    @extend_schema(tags=["settings"], operation_id="settings_account_save", request=KeyValueInput, responses=_SAVED)
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        return _save_response(services.account_setting_save(account=request.account, actor=request.user, **data))

    @extend_schema(tags=["settings"], operation_id="settings_account_put", request=KeyValueInput, responses=_SAVED)
    def put(self, request):
        return self.post(request)


class AccountSettingDetailApi(ManagerWritesMixin, APIView):
    """One account setting: the account's value, else the default."""

    InputSerializer, OutputSerializer = ValueInput, EffectiveSettingOutput

    @extend_schema(tags=["settings"], operation_id="settings_account_get", responses=EffectiveSettingOutput)
    def get(self, request, key):
        return Response(self.OutputSerializer(selectors.account_setting_effective(account=request.account,
                                                                                  key=key)).data)

    @extend_schema(tags=["settings"], operation_id="settings_account_update", request=ValueInput, responses=_SAVED)
    def put(self, request, key):
        data = validated(self.InputSerializer, request.data)
        return _save_response(services.account_setting_save(account=request.account, actor=request.user, key=key,
                                                            **data))

    @extend_schema(tags=["settings"], operation_id="settings_account_reset", responses={204: None})
    def delete(self, request, key):
        services.account_setting_delete(account=request.account, key=key, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
