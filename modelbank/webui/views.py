"""The single-page app's shell. WhiteNoise (WHITENOISE_ROOT = web/dist) serves the hashed
assets under /app/assets/; every other /app/ path gets index.html so the client-side router
can show the page, including after a reload or from a bookmark."""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_safe

NOT_BUILT = (
    "The web UI is not built. Run `make run` (or `cd web && npm ci && npm run build`) and restart the server.\n"
)


def index_file() -> Path:
    return Path(settings.WEB_DIST_DIR) / "app" / "index.html"


@require_safe
def spa_index(request, path: str = "") -> HttpResponse:
    index = index_file()
    if not index.is_file():
        return HttpResponse(NOT_BUILT, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")
    # The shell names the current asset hashes, so it must never be cached stale.
    response["Cache-Control"] = "no-cache"
    return response
