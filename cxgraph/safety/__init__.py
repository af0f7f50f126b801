"""Bounds on what users send: sizes, depths, times, outbound requests and file kinds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgraph.lazy import lazy_exports

if TYPE_CHECKING:
    from cxgraph.safety.limits import Limits, load_limits

__all__ = ["Limits", "load_limits"]

__getattr__, __dir__ = lazy_exports(
    __name__, {"Limits": "cxgraph.safety.limits", "load_limits": "cxgraph.safety.limits"}
)
