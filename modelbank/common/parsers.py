"""DRF's parsers, refusing up front what would fail later as a 500 (REST_FRAMEWORK's defaults).

A body nested deeper than ``MODELBANK_JSON_MAX_DEPTH`` (Python's decoder hit its recursion limit on
a few thousand brackets), NUL or an unpaired surrogate in any string or field name (PostgreSQL cannot
store them) is a 400 that names the path (``common.text``). Every JSON, form or multipart body goes
through these, so no view, serializer field or JSONField needs its own check.
"""

from rest_framework import parsers

from modelbank.common.text import check_storable, form_fields, too_deep


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        check_storable(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_storable(form_fields(data))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        check_storable(form_fields(result.data))
        return result
