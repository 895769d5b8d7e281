"""OpenAPI schema tweaks for the house style.

Views nest their serializers (`FooApi.InputSerializer`), so plain class names collide across
views; components are named after their view instead (`FooInput`, `FooOutput`). The two
authentication classes are described so the schema says how to authenticate.

Every operation also lists the errors it can answer with, in the one error shape
(`common.exceptions`): the AutoSchema adds the ones that follow from how the view is built (input,
authentication, permissions, path parameters, pagination, throttling, a CSV download's negotiation),
and a view adds the ones only its service knows about with ``responses={..., **error_responses(402, 409)}``.
"""

from django.core.validators import RegexValidator
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from modelbank.common.csv_export import CsvNegotiation
from modelbank.common.fields import StrictCharField

NESTED_SUFFIXES = ("Api", "View", "APIView")
PLAIN_TEXT_FIELDS = (serializers.CharField, StrictCharField)  # not EmailField, RegexField, ... (their own formats)

ERROR_DESCRIPTIONS = {
    400: "The request is invalid: `message` says why and `fields` names each field.",
    401: "No credentials, or a token or session that is invalid or revoked.",
    402: "Not enough credits: `needed` and `available` say how many.",
    403: "Signed in but not allowed: your role, staff only, an account you are not a member of, or CSRF.",
    404: "Not found, or not in your account.",
    406: "A CSV download asked for without text/csv in Accept (e.g. application/json alone).",
    409: "Conflicts with what was done before, e.g. an idempotency key reused with different values.",
    429: "Too many requests: wait for the number of seconds in the Retry-After header.",
    503: "The platform is not configured to serve this yet (no default model, no provider key).",
}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable and machine-readable, e.g. invalid, not_found, insufficient_credits.")
    message = serializers.CharField(help_text="What went wrong, in words a person understands.")
    fields = serializers.JSONField(required=False, help_text="400 from validation: the messages for each field.")
    needed = serializers.IntegerField(required=False, help_text="402: the credits this needs.")
    available = serializers.IntegerField(required=False, help_text="402: the credits the account has available.")


class ErrorSerializer(serializers.Serializer):
    """The body of every error; `error` may carry more safe detail than listed (never a secret)."""

    error = ErrorDetailSerializer()


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error responses a view's service can add, for ``extend_schema(responses=...)``."""
    return {status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status]) for status in statuses}


class ModelbankAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer, direction):
        cls = serializer if isinstance(serializer, type) else type(serializer)
        name = super().get_serializer_name(serializer, direction)
        parts = cls.__qualname__.split(".")
        if len(parts) < 2 or "<locals>" in parts:
            return name
        owner = parts[-2]
        for suffix in NESTED_SUFFIXES:
            owner = owner.removesuffix(suffix)
        return owner + name.removesuffix("Serializer")

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for status in self._implied_error_statuses(operation):
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(error_responses(status)[status], str(status))
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _implied_error_statuses(self, operation) -> set[int]:
        view, statuses = self.view, set()
        page_params = {p["name"] for p in self._get_pagination_parameters()}
        params = [p for p in operation.get("parameters", []) if p["name"] not in page_params]
        if "requestBody" in operation or any(p["in"] == "query" for p in params):
            statuses.add(400)
        authenticators = view.get_authenticators()
        if authenticators and authenticators[0].authenticate_header(view.request):
            statuses.add(401)  # DRF answers 401 only when the first authenticator names a scheme
        if authenticators or not all(isinstance(p, AllowAny) for p in view.get_permissions()):
            statuses.add(403)  # also a session's CSRF check or an X-Account-Id of another account
        if any(p["in"] == "path" for p in params) or page_params:
            statuses.add(404)  # a page past the end is a 404 too
        if view.get_throttles():
            statuses.add(429)
        if isinstance(view.get_content_negotiator(), CsvNegotiation):
            statuses.add(406)
        return statuses

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        # DRF trims text and then refuses it when blank, so "  " is as invalid as "".
        if (direction == "request" and type(field) in PLAIN_TEXT_FIELDS and field.trim_whitespace
                and not field.allow_blank and not any(isinstance(v, RegexValidator) for v in field.validators)):
            meta["pattern"] = r"\S"
        return meta


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "modelbank.accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (create_account prints one)."}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "modelbank.accounts.authentication.AccountSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
