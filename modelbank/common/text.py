"""Input the database cannot store, refused up front with a 400 that says where it is.

PostgreSQL refuses NUL (U+0000) in text and jsonb, and a lone UTF-16 surrogate (U+D800 to U+DFFF,
which JSON's "\\ud800" escape produces) is not valid Unicode, so it cannot even be encoded as UTF-8
for the database: both were 500s. Values nested deeper than ``MODELBANK_JSON_MAX_DEPTH`` are refused
too, because Python's JSON decoder and every recursive walk over a value (secret stripping, JSON
Schema) stop at the recursion limit with a RecursionError. The walk here is iterative, so it never
does.
"""

import re

from django.conf import settings

from modelbank.common.errors import ApplicationError

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableText(ApplicationError):
    code = "invalid_text"


class NestedTooDeeply(ApplicationError):
    code = "json_too_deep"


def max_depth() -> int:
    return settings.MODELBANK_JSON_MAX_DEPTH


def too_deep(path: str = "") -> NestedTooDeeply:
    where = f" at {path}" if path else ""
    return NestedTooDeeply(
        f"JSON nested too deeply{where}: at most {max_depth()} levels of objects and arrays are accepted.",
        extra={"field": path, "max_depth": max_depth()})


def shown(text: str) -> str:
    """``text`` with NUL and surrogates written as \\uXXXX, so an error message can quote it."""
    return _UNSTORABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _check_text(text: str, path: str, *, is_name: bool) -> None:
    found = _UNSTORABLE.search(text)
    if found is None:
        return
    char = found.group()
    what = "a NUL character (\\u0000)" if char == "\x00" else (
        f"an unpaired surrogate (\\u{ord(char):04x}), which is not valid Unicode")
    where = path or "body"
    subject = "the field name" if is_name else "the text"
    raise UnstorableText(f"{where}: {subject} contains {what} and cannot be stored.", extra={"field": where})


def _children(value, path: str) -> list[tuple[object, str]]:
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    children = []
    for name, child in pairs:
        child_path = f"{path}.{shown(str(name))}" if path else shown(str(name))
        if isinstance(name, str):
            _check_text(name, child_path, is_name=True)
        children.append((child, child_path))
    return children


def check_storable(value, *, path: str = "") -> None:
    """Raise UnstorableText for NUL or a lone surrogate in any string or field name of ``value``, and
    NestedTooDeeply for objects/arrays nested deeper than ``MODELBANK_JSON_MAX_DEPTH``. The error
    names the dotted path, e.g. ``value.default_sort``."""
    limit, stack = max_depth(), [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item, where, is_name=False)
        elif isinstance(item, dict | list | tuple):
            if depth >= limit:
                raise too_deep(where)
            stack.extend((child, child_path, depth + 1) for child, child_path in reversed(_children(item, where)))


def form_fields(data) -> dict:
    """A QueryDict's fields as JSON would have them: one value, or a list when a name repeats."""
    return {name: values[0] if len(values) == 1 else values for name, values in data.lists()}
