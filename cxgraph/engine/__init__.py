"""The validation engine: SHACL shapes compiled into SPARQL that the store evaluates.

`shape_results` judges an Oxigraph store against a shapes graph. In `compiled` mode every
shape must compile; in `auto` mode shapes that use a feature the compiler does not
translate (see `UnsupportedShapes`) are validated by pySHACL instead, and only those;
`pyshacl` mode sends everything to pySHACL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgraph.lazy import lazy_exports

if TYPE_CHECKING:
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

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Engine": "cxgraph.engine.modes",
        "ShapeResult": "cxgraph.engine.results",
        "UnsupportedShapes": "cxgraph.engine.errors",
        "derive_in_store": "cxgraph.engine.run",
        "shape_results": "cxgraph.engine.run",
        "store_from_graph": "cxgraph.engine.run",
    },
)
