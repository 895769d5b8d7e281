"""The AI functions a job can run, by name.

Each function is one class in one module of this package (a subclass of AIFunction with a
`name`): it declares its label, model type, credit operation and input form, and is found here
by looking, so adding a function touches that one file. The API lists them
(`GET /api/v1/ai/functions/`) and the web UI builds its job forms from that list.
"""

import pkgutil
from importlib import import_module

from modelbank.ai.errors import UnknownFunction
from modelbank.ai.functions.base import AIFunction


def _each_subclass(cls: type[AIFunction]) -> list[type[AIFunction]]:
    found: list[type[AIFunction]] = []
    for direct in cls.__subclasses__():
        found += [direct, *_each_subclass(direct)]
    return found


def _discover() -> dict[str, type[AIFunction]]:
    for module in pkgutil.iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")
    found = sorted((fn for fn in _each_subclass(AIFunction) if "name" in vars(fn)), key=lambda fn: fn.name)
    return {fn.name: fn for fn in found}


FUNCTIONS: dict[str, type[AIFunction]] = _discover()


def get_function(name: str) -> type[AIFunction]:
    try:
        return FUNCTIONS[name]
    except KeyError:
        raise UnknownFunction(
            f"Unknown AI function '{name}'; use one of: {', '.join(sorted(FUNCTIONS))}.", extra={"function": name}
        )
