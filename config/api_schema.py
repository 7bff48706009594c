"""The OpenAPI document says what the API answers besides 200: 400 for a query parameter it
refuses, 404 for an object that does not exist (or is not shown to the reader), 401 and 403 where
the reader must be signed in and allowed. drf-spectacular documents only successes by itself."""
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR = inline_serializer("Error", fields={"detail": serializers.CharField()})


class ErrorsDocumented(AutoSchema):
    def error_responses(self):
        errors = {
            # Lists take filters and `page`, profiles take `on`: a refused one answers 400 naming it.
            "400": OpenApiResponse(OpenApiTypes.OBJECT, description="Refused query parameters: each parameter's name, with why."),
            "404": OpenApiResponse(ERROR, description="No such object or page, or not one shown to this reader."),
        }
        if any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            errors["401"] = OpenApiResponse(ERROR, description="Sign in first.")
            errors["403"] = OpenApiResponse(ERROR, description="Signed in, but not allowed to see this.")
        return errors

    # Added here rather than in get_response_serializers, which @extend_schema replaces.
    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, response in self.error_responses().items():
            bodies.setdefault(code, self._get_response_for_code(response, code, direction=direction))
        return bodies
