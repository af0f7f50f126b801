"""The HTTP API against its own OpenAPI description, with Schemathesis: whatever a client
sends that the description allows (and whatever it mangles), no answer is a 5xx.

Runs in process on a store in a temporary folder (queries in worker processes, as served),
with and without the write token, so that write routes are reached past the 401.
`CXGRAPH_FUZZ_EXAMPLES` sets the examples per operation (CI: 25; by hand: 500).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.main import create_app
from cxgraph.store import EmbeddedStore
from tests.conftest import EXAMPLE

TOKEN = "fuzz-token"
EXAMPLES = int(os.environ.get("CXGRAPH_FUZZ_EXAMPLES", "25"))

_store = EmbeddedStore(Path(tempfile.mkdtemp(prefix="cxgraph-fuzz-")))
_store.load([EXAMPLE])
APP = create_app(_store, token=TOKEN)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schemathesis.serializer(
    "application/sparql-query", "application/sparql-update", "text/turtle",
    "application/n-triples", "application/rdf+xml",
)  # fmt: skip
def _text(context: object, value: object) -> bytes:
    """The routes read these bodies as text: the generated string, as UTF-8."""
    return (
        value.encode("utf-8", "surrogatepass") if isinstance(value, str) else repr(value).encode()
    )


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_no_request_gets_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_no_authorised_request_gets_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error]
    )
