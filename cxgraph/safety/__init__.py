"""Bounds on what users send: sizes, depths, times, outbound requests and file kinds."""

from cxgraph.safety.limits import Limits, load_limits

__all__ = ["Limits", "load_limits"]
