"""Refusals in the JSON API, as the pages show them (alliances.views.refusals): a rule refused
answers 400 with every reason, {"reasons": [...]}, so a client can show them all at once. An
action the person may not take raises alliances.rules.NotAllowed, which DRF answers 403."""
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

REFUSED = OpenApiResponse(
    inline_serializer("Refusal", fields={"reasons": serializers.ListField(child=serializers.CharField())}),
    description="A rule refused it: every reason, in words. (A field given wrongly answers 400 naming the field.)",
)


def refused(broken):
    """The 400 answer for alliances.rules.RuleBroken."""
    return Response({"reasons": list(broken.messages)}, status=status.HTTP_400_BAD_REQUEST)
