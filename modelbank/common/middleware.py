"""Refuses a URL whose path or query string holds a NUL character (``%00``), for every view.

Path parameters and query filters go into database lookups, and PostgreSQL refuses NUL in text:
`/api/v1/system/providers/%00/` or `?status=%00` were 500s. Request bodies are checked by the
parsers (``common.parsers``); a URL cannot carry a lone surrogate, since Django decodes broken UTF-8
in paths and query strings to something valid.
"""

from django.http import HttpResponseBadRequest, JsonResponse

from modelbank.common.text import UnstorableText, check_storable, form_fields


def _url_problem(request) -> str | None:
    try:
        check_storable(request.path, path="the URL path")
        check_storable(form_fields(request.GET), path="query")
    except UnstorableText as exc:
        return exc.message
    return None


class RefuseUnstorableUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = _url_problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"error": {"code": UnstorableText.code, "message": problem}}, status=400)
        return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
