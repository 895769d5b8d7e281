"""One page of a list, in the envelope ``{count, next, previous, results}``."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class StandardPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


def paginated_response(view, rows, serializer_class) -> Response:
    """A page of `rows` from a view that declares ``pagination_class``: the same attribute tells
    the OpenAPI schema that this view answers with the envelope and takes ``page``/``page_size``."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(rows, view.request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
