"""Survey responses and operational measurements from CSV files, into a store.

A million response rows are six million triples; a Python loop over them is the slow way.
DuckDB (an embedded analytical database) reads the CSV with its typed, parallel reader,
rejects rows it cannot read with their line and column, checks the rest with set-based
queries, and writes the N-Triples with one SQL statement, which the store bulk-loads. Nothing
is written to the store until the whole file has passed: a bad row is an `InputError` naming
its line and column.

Responses (`--kind responses`, one row per answer):
    respondent, question, score, responded_at  required
    wave, touchpoint, channel                  optional
Measurements (`--kind measurements`, one row per reading): indicator, measured_at, value.

Values naming things are an id (the portfolio's base + id, as in YAML), `prefix:name` for
the usual prefixes, or a full IRI. Each row's IRI is derived from what it records
(`<survey>/response/<hash of respondent, question, time>`), so loading a file again adds
nothing new.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cxgraph.authoring.vocabulary import CX_NS, PREFIXES, RDF, XSD
from cxgraph.errors import InputError

if TYPE_CHECKING:
    import duckdb

    from cxgraph.store.base import GraphStore

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Kind:
    name: str
    required: dict[str, str]
    optional: dict[str, str]
    things: tuple[str, ...]
    """Columns that name things (checked as ids or IRIs)."""


RESPONSES = Kind(
    "responses",
    {"respondent": "VARCHAR", "question": "VARCHAR", "score": "DOUBLE",
     "responded_at": "TIMESTAMPTZ"},
    {"wave": "VARCHAR", "touchpoint": "VARCHAR", "channel": "VARCHAR"},
    ("respondent", "question", "wave", "touchpoint", "channel"),
)  # fmt: skip
MEASUREMENTS = Kind(
    "measurements",
    {"indicator": "VARCHAR", "measured_at": "TIMESTAMPTZ", "value": "DOUBLE"},
    {},
    ("indicator",),
)
KINDS = {kind.name: kind for kind in (RESPONSES, MEASUREMENTS)}

_IRI_OK = r"^[^\s<>\"{}|^`\\]+$"


@dataclass(frozen=True)
class Ingested:
    rows: int
    triples: int


def ingest(
    path: Path,
    store: GraphStore,
    *,
    kind: str,
    base: str,
    survey: str | None = None,
    progress: Progress | None = None,
    source: str | None = None,
) -> Ingested:
    """Check every row of `path`, then add its triples to `store` in one load. Errors name
    `source` (default: the path)."""
    step = progress or (lambda _message: None)
    spec = KINDS.get(kind)
    if spec is None:
        raise InputError(str(path), f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
    if spec is RESPONSES and not survey:
        raise InputError(str(path), "responses need the survey they answer (--survey IRI)")
    try:
        return _ingest(path, store, spec, base, survey, step)
    except InputError as error:
        if source is None:
            raise
        raise InputError(source, error.message, line=error.line, column=error.column) from None


def _ingest(
    path: Path, store: GraphStore, spec: Kind, base: str, survey: str | None, step: Progress
) -> Ingested:
    import duckdb

    with tempfile.TemporaryDirectory(prefix="cxgraph-ingest-") as folder:
        connection = duckdb.connect(str(Path(folder) / "ingest.duckdb"))
        try:
            step(f"reading {path.name}")
            rows = _read(connection, path, spec)
            step(f"checking {rows:,} rows")
            _check(connection, path, spec)
            step("writing triples")
            triples_file = Path(folder) / "rows.nt"
            triples = _write_triples(connection, spec, base, survey, triples_file)
        finally:
            connection.close()
        step(f"loading {triples:,} triples")
        _load(store, triples_file)
    return Ingested(rows, triples)


def _read(connection: duckdb.DuckDBPyConnection, path: Path, spec: Kind) -> int:
    header = _header(path)
    missing = [c for c in spec.required if c not in header]
    if missing:
        raise InputError(str(path), f"the first row must name the columns {', '.join(missing)}",
                         line=1)  # fmt: skip
    unknown = [c for c in header if c not in spec.required and c not in spec.optional]
    if unknown:
        known = ", ".join([*spec.required, *spec.optional])
        raise InputError(str(path), f"unknown column {unknown[0]!r} (known: {known})", line=1,
                         column=header.index(unknown[0]) + 1)  # fmt: skip
    types = {c: {**spec.required, **spec.optional}[c] for c in header}
    connection.execute(
        "CREATE TABLE rows AS SELECT row_number() OVER () + 1 AS line, * FROM read_csv("
        "?, header = true, columns = ?, store_rejects = true, rejects_limit = 100, "
        "parallel = false)",
        [str(path), types],
    )
    rejected = connection.execute(
        "SELECT line, column_idx, column_name, error_message FROM reject_errors "
        "ORDER BY line LIMIT 1"
    ).fetchone()
    if rejected is not None:
        line, column, name, message = rejected
        what = f"column {name!r}: " if name else ""
        raise InputError(str(path), f"{what}{_short(message)}", line=int(line),
                         column=int(column) if column else None)  # fmt: skip
    count = connection.execute("SELECT count(*) FROM rows").fetchone()
    return int(count[0]) if count else 0


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            first = stream.readline()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read the file: {error}") from None
    return [c.strip().strip('"') for c in first.rstrip("\r\n").split(",") if c.strip()]


def _short(message: str) -> str:
    return message.strip().splitlines()[0][:300]


def _check(connection: duckdb.DuckDBPyConnection, path: Path, spec: Kind) -> None:
    """Required values present; names usable as IRIs."""
    columns = _columns(connection)
    for position, column in enumerate(columns[1:], start=1):
        if column in spec.required:
            found = connection.execute(
                f'SELECT line FROM rows WHERE "{column}" IS NULL ORDER BY line LIMIT 1'
            ).fetchone()
            if found:
                raise InputError(str(path), f"no {column}", line=int(found[0]), column=position)
        if column in spec.things:
            found = connection.execute(
                f'SELECT line, "{column}" FROM rows WHERE "{column}" IS NOT NULL AND NOT '
                f'regexp_matches("{column}", ?) ORDER BY line LIMIT 1',
                [_IRI_OK],
            ).fetchone()
            if found:
                raise InputError(str(path), f"{column} {found[1]!r} cannot name a thing "
                                 "(no spaces or <>\"{}|^`\\)", line=int(found[0]),
                                 column=position)  # fmt: skip
    if spec is RESPONSES:
        found = connection.execute(
            "SELECT line, score FROM rows WHERE NOT isfinite(score) ORDER BY line LIMIT 1"
        ).fetchone()
        if found:
            raise InputError(str(path), f"score {found[1]} is not a number", line=int(found[0]),
                             column=columns.index("score"))  # fmt: skip


def _columns(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The table's columns, `line` first."""
    return [d[0] for d in connection.execute("SELECT * FROM rows LIMIT 0").description]


def _iri_sql(column: str, base: str) -> str:
    """SQL writing a cell as an N-Triples IRI."""
    return f"'<' || {_bare_iri_sql(column, base)} || '>'"


def _bare_iri_sql(column: str, base: str) -> str:
    """SQL turning a cell into an IRI: a full IRI stays, `prefix:name` expands, an id gets
    the base."""
    cases = " ".join(
        f"WHEN starts_with({column}, '{prefix}:') THEN '{namespace}' || substr({column}, "
        f"{len(prefix) + 2})"
        for prefix, namespace in PREFIXES.items()
    )
    return (
        f"CASE WHEN regexp_matches({column}, '^[a-z][a-z0-9+.-]*://') "
        f"OR starts_with({column}, 'urn:') THEN {column} {cases} "
        f"ELSE '{_sql_text(base)}' || {column} END"
    )


def _sql_text(text: str) -> str:
    if not re.fullmatch(r"[^\s<>\"{}|^`\\']+", text):
        raise InputError("<base>", f"{text!r} cannot start an IRI")
    return text


def _write_triples(
    connection: duckdb.DuckDBPyConnection,
    spec: Kind,
    base: str,
    survey: str | None,
    target: Path,
) -> int:
    columns = set(_columns(connection))
    cx, xsd = CX_NS, XSD
    if spec is RESPONSES:
        assert survey is not None
        subject = (
            f"'<{_sql_text(survey)}/response/' || md5(respondent || '|' || question || '|' || "
            "strftime(responded_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S')) || '>'"
        )
        parts = [
            f"'<{RDF}type>', '<{cx}Response>'",
            f"'<{cx}respondent>', {_iri_sql('respondent', base)}",
            f"'<{cx}answersQuestion>', {_iri_sql('question', base)}",
            f"'<{cx}responseValue>', '\"' || {_decimal('score')} || '\"^^<{xsd}decimal>'",
            f"'<{cx}respondedAt>', '\"' || {_time('responded_at')} || '\"^^<{xsd}dateTime>'",
        ]
        optional = {"wave": "inWave", "touchpoint": "givenAtTouchpoint",
                    "channel": "givenViaChannel"}  # fmt: skip
        parts += [
            f"'<{cx}{prop}>', {_iri_sql(col, base)}"
            for col, prop in optional.items()
            if col in columns
        ]
    else:
        subject = (
            f"'<' || {_bare_iri_sql('indicator', base)} || '/measurement/' || "
            "strftime(measured_at AT TIME ZONE 'UTC', '%Y%m%dT%H%M%SZ') || '>'"
        )
        parts = [
            f"'<{RDF}type>', '<{cx}Measurement>'",
            f"'<{cx}measuresIndicator>', {_iri_sql('indicator', base)}",
            f"'<{cx}measuredValue>', '\"' || {_decimal('value')} || '\"^^<{xsd}decimal>'",
            f"'<{cx}measuredAt>', '\"' || {_time('measured_at')} || '\"^^<{xsd}dateTime>'",
        ]
    lines = " UNION ALL ".join(
        f"SELECT {subject} || ' ' || {predicate} || ' ' || {obj} || ' .' AS triple FROM rows "
        f"WHERE {_present(obj)}"
        for predicate, obj in (part.split(", ", 1) for part in parts)
    )
    written = connection.execute(
        f"COPY ({lines}) TO '{target}' (FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', "
        "DELIMITER '\t')"
    ).fetchone()
    return int(written[0]) if written else 0


def _present(expression: str) -> str:
    return f"({expression}) IS NOT NULL"


def _decimal(column: str) -> str:
    """A double as an xsd:decimal lexical form (no exponent)."""
    return (
        f"CASE WHEN {column} = trunc({column}) THEN CAST(CAST({column} AS BIGINT) AS VARCHAR) "
        f"ELSE rtrim(printf('%.6f', {column}), '0') END"
    )


def _time(column: str) -> str:
    return f"strftime({column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')"


def _load(store: GraphStore, triples_file: Path) -> None:
    from cxgraph.store.embedded import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        import pyoxigraph as ox

        store.load_file(triples_file, ox.RdfFormat.N_TRIPLES, None)
    else:
        store.load([triples_file])
