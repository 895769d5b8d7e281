"""OpenAPI schema tweaks for the house style.

Views nest their serializers (`FooApi.InputSerializer`), so plain class names collide across
views; components are named after their view instead (`FooInput`, `FooOutput`). The two
authentication classes are described so the schema says how to authenticate.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

NESTED_SUFFIXES = ("Api", "View", "APIView")


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
