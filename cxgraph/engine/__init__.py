"""The validation engine: SHACL shapes compiled into SPARQL that the store evaluates.

`shape_results` judges an Oxigraph store against a shapes graph. In `compiled` mode every
shape must compile; in `auto` mode shapes that use a feature the compiler does not
translate (see `UnsupportedShapes`) are validated by pySHACL instead, and only those;
`pyshacl` mode sends everything to pySHACL.
"""

from __future__ import annotations

from cxgraph.engine.errors import UnsupportedShapes
from cxgraph.engine.modes import Engine
from cxgraph.engine.results import ShapeResult
from cxgraph.engine.run import derive_in_store, shape_results, store_from_graph

__all__ = [
    "Engine",
    "ShapeResult",
    "UnsupportedShapes",
    "derive_in_store",
    "shape_results",
    "store_from_graph",
]
