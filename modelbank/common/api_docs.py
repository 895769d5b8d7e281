"""Swagger UI (/api/docs/) and ReDoc (/api/redoc/) served from this server's own static files
(drf-spectacular-sidecar, collected by `make run` and served by WhiteNoise), so they work offline
and tell no third party who reads them.

The pages reference only /static/ URLs. The Content-Security-Policy is the backstop for what the
bundled scripts could still fetch on their own (ReDoc's footer shows a logo from its CDN): images,
fonts and requests stay on this origin; a blocked image is simply not shown.
"""

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

OFFLINE_CSP = "img-src 'self' data:; font-src 'self' data:; connect-src 'self'"


class _SameOriginOnly:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = OFFLINE_CSP
        return response


class SwaggerDocsView(_SameOriginOnly, SpectacularSwaggerView):
    pass


class RedocDocsView(_SameOriginOnly, SpectacularRedocView):
    template_name = "api_docs/redoc.html"  # without drf-spectacular's Google Fonts links
