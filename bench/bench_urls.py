"""The bench's URLconf: the real one, plus a trivial JSON view behind the same token auth
(the baseline of catalog_ai_models.py). Never part of a served modelbank."""

from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView


class TrivialApi(APIView):
    """Authenticates like every API view (the project's DRF defaults) and answers a constant."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("bench/trivial/", TrivialApi.as_view()),
    path("", include("config.urls")),
]
