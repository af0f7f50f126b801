"""Which validator judges the shapes."""

from __future__ import annotations

from enum import StrEnum


class Engine(StrEnum):
    """`auto` compiles what it can and hands the rest to pySHACL."""

    AUTO = "auto"
    COMPILED = "compiled"
    PYSHACL = "pyshacl"
