"""Package attributes imported on first use, so that `cxgraph --help` or a pre-commit hook
does not pay for rdflib, pySHACL and spaCy before it needs them.

A package lists what it exports and where each name lives; `lazy_exports` gives it the
module-level `__getattr__` and `__dir__` that import the home module when a name is first
asked for (PEP 562). Type checkers read the same names from an `if TYPE_CHECKING:` import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`, whose attribute `name` is defined in the
    module `homes[name]`."""

    def attribute(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        globals_of_package = importlib.import_module(package).__dict__
        globals_of_package[name] = value  # later lookups skip this function
        return value

    def names() -> list[str]:
        return sorted({*importlib.import_module(package).__dict__, *homes})

    return attribute, names
