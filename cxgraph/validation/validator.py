"""The `Validator`: the one place a portfolio is judged.

The command line, every HTTP route and Python users call it, so the same data with the same
rules, settings and suppressions gets the same findings whoever asks. A validation runs in a
working store that holds the portfolio, the ontology (class hierarchy, level ranks), the
statement analyzer's text cues and the rule settings (`cxgraph.validation.working`);
derivation rules (`sh:rule`) add to it first, then the shapes judge everything, compiled to
SPARQL where they can be (`cxgraph.engine`). Findings in files are located by file, line and
column; `cxs:suppress` annotations in the data and a baseline mark findings that do not count.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from cxgraph.catalog import RuleDoc, rule_catalog
from cxgraph.engine import Engine, ShapeResult, derive_in_store, store_from_graph
from cxgraph.engine.run import graph_from_store, result_batches
from cxgraph.formatters.shacl_report import report_graph
from cxgraph.load import find_rdf_files, load_store
from cxgraph.ontology import load_ontology
from cxgraph.positions_background import PositionIndexer
from cxgraph.report import Finding, Report, Status
from cxgraph.settings import RuleSettings, load_settings
from cxgraph.store.base import GraphStore
from cxgraph.terms import Term
from cxgraph.validation.findings import as_written, findings_of
from cxgraph.validation.shapes import load_shapes, rule_ids, without_rules
from cxgraph.validation.working import blank_node_parents, prepare, suppressions

if TYPE_CHECKING:
    from cxgraph.report import Severity
    from cxgraph.validation.guard import WriteGuard

Portfolio = Graph | GraphStore | str | Path | Iterable[str | Path]
"""What can be validated: an rdflib graph, a store, or RDF files and folders."""

Progress = Callable[[str], None]
"""Told what a long validation is doing, step by step (a terminal spinner, say)."""


STREAM_PART = 5000
"""Findings `Validator.stream` makes at a time."""


class _Default:
    """The marker for "the project's ontology" (None means no ontology at all)."""


PROJECT_ONTOLOGY = _Default()


class Validator:
    """Judges portfolios against rule shapes, with the ontology, settings and an engine.

    Example:
        >>> report = Validator().validate("examples/portfolio")
        >>> report.conforms, report.findings[0].place is not None
        (False, True)
    """

    def __init__(
        self,
        *,
        shapes: Graph | None = None,
        ontology: Graph | _Default | None = PROJECT_ONTOLOGY,
        settings: RuleSettings | None = None,
        engine: Engine = Engine.AUTO,
    ) -> None:
        """`shapes` default to the project's rules; the project's ontology is included
        unless `ontology` is another graph or None; `settings` switch rules off, re-grade
        them and set their parameters."""
        self.shapes = load_shapes() if shapes is None else shapes
        self.ontology = load_ontology() if isinstance(ontology, _Default) else ontology
        self.settings = settings or RuleSettings()
        self.engine = engine
        self.active_shapes = without_rules(self.shapes, self.settings.disabled)
        """The shapes that run: those of rules switched off are deactivated."""

    @classmethod
    def from_config(
        cls,
        config: str | Path | None = None,
        *,
        extra_shapes: Iterable[str | Path] = (),
        engine: Engine = Engine.AUTO,
    ) -> Validator:
        """The project's rules plus extra shapes files, with a `cxgraph.toml`'s [rules]."""
        shapes = load_shapes(extra_shapes)
        settings = load_settings(Path(config), rule_ids(shapes)) if config else None
        return cls(shapes=shapes, settings=settings, engine=engine)

    @property
    def catalog(self) -> list[RuleDoc]:
        """The documentation of every rule the shapes declare."""
        return rule_catalog(self.shapes)

    def validate(
        self,
        portfolio: Portfolio,
        *,
        baseline: Collection[str] = (),
        relative_to: Path | None = None,
        progress: Progress | None = None,
        push_down: bool = True,
    ) -> Report:
        """Judge a portfolio; findings the data suppresses or the baseline (fingerprints)
        records are marked and do not count. Findings in files carry their places, file
        names shown relative to `relative_to`. A remote store is judged in the database
        itself (`cxgraph.store.pushdown`), or, with `push_down=False`, copied first."""
        report, _ = self.assess(
            portfolio, baseline=baseline, relative_to=relative_to, progress=progress,
            push_down=push_down,
        )  # fmt: skip
        return report

    def assess(
        self,
        portfolio: Portfolio,
        *,
        baseline: Collection[str] = (),
        relative_to: Path | None = None,
        progress: Progress | None = None,
        push_down: bool = True,
    ) -> tuple[Report, ox.Store]:
        """`validate`, also returning the working store it judged: the portfolio with the
        ontology and every derived fact (statuses, assessments, gaps), for reports. A
        remote store judged in the database leaves no working store here: an empty one."""
        step = progress or _silent
        if isinstance(portfolio, Graph):
            store = store_from_graph(portfolio)
            report = self.judge(store, step)
        elif push_down and is_remote(portfolio):
            return self._judge_remote(portfolio, step), ox.Store()  # type: ignore[arg-type]
        elif isinstance(portfolio, GraphStore):
            step("copying the store")
            store = portfolio.union_store()
            report = self.judge(store, step)
        else:
            report, store = self._judge_files(_paths(portfolio), relative_to, step)
        if baseline:
            report = report.with_status(set(baseline), Status.BASELINED)
        return report, store

    def judge(self, store: ox.Store, progress: Progress | None = None) -> Report:
        """Judge the portfolio in the default graph of an in-memory store, which becomes the
        working store: ontology, cues, settings and derived facts are added to it."""
        suppressed, batches = self._judging(store, progress or _silent)
        return self.report(r for batch in batches for r in batch).suppressing(suppressed)

    def stream(
        self,
        portfolio: Portfolio,
        *,
        baseline: Collection[str] = (),
        progress: Progress | None = None,
    ) -> Iterator[Finding]:
        """The findings `validate` reports, one rule at a time as they are found in a
        remote store judged in the database, and let go once passed on: cxgraph's memory
        then holds one rule's findings, not all of them. Other portfolios are validated
        whole first (their findings are placed in the files they come from)."""
        if not is_remote(portfolio):
            yield from self.validate(portfolio, baseline=baseline, progress=progress).findings
            return
        from cxgraph.store.pushdown import RemoteWorkingStore

        step = progress or _silent
        step("validating in the database")
        with RemoteWorkingStore(portfolio) as working:  # type: ignore[arg-type]
            suppressed, batches = self._judging(working, step)  # type: ignore[arg-type]
            for batch in batches:
                # A rule's findings are made a part at a time, each part let go once passed
                # on: they take several times the memory of the engine's results.
                for start in range(0, len(batch), STREAM_PART):
                    report = self.report(batch[start : start + STREAM_PART])
                    report = report.suppressing(suppressed)
                    if baseline:
                        report = report.with_status(set(baseline), Status.BASELINED)
                    yield from report.findings

    def _judging(
        self, store: ox.Store, step: Progress
    ) -> tuple[set[tuple[Term, str]], Iterator[list[ShapeResult]]]:
        """Prepare the working store and derive; return what the data suppresses and the
        results, shape by shape, as the engine judges them."""
        suppressed = suppressions(store)
        step(f"validating {len(store)} triples")
        prepare(store, self.ontology, self.settings)
        derive_in_store(store, self.active_shapes, self.engine)
        return suppressed, result_batches(store, self.active_shapes, self.engine)

    def report(self, results: Iterable[ShapeResult]) -> Report:
        """The findings of the engine's results, graded as the settings say."""
        return findings_of(self.active_shapes, results, self.settings)

    def derive(self, portfolio: Graph | GraphStore) -> Graph:
        """Only the facts the rules add to a portfolio: text cues and `sh:rule` results."""
        store = (
            store_from_graph(portfolio) if isinstance(portfolio, Graph) else portfolio.union_store()
        )
        added = ox.Store()
        added.bulk_extend(prepare(store, self.ontology, self.settings))
        asserted = set(store)
        derive_in_store(store, self.active_shapes, self.engine)
        added.bulk_extend(q for q in store if q not in asserted)
        return graph_from_store(added)

    def guard(
        self, store: GraphStore, threshold: Severity | None, *, keep_derived: bool = False
    ) -> WriteGuard:
        """A guard that applies writes to `store` only if they add no finding at or above
        `threshold` (None: every write is accepted), judged as this validator judges; with
        `keep_derived`, it rewrites the derived facts' graph after every accepted write."""
        from cxgraph.validation.guard import WriteGuard

        return WriteGuard(self, store, threshold, keep_derived=keep_derived)

    def _judge_remote(self, remote: GraphStore, step: Progress) -> Report:
        """Judge a remote store in the database itself (`cxgraph.store.pushdown`): only the
        queries' answers come back, never the dataset."""
        from cxgraph.store.pushdown import RemoteWorkingStore

        step("validating in the database")
        with RemoteWorkingStore(remote) as working:  # type: ignore[arg-type]
            return self.judge(working)  # type: ignore[arg-type]  # the store's interface

    def _judge_files(
        self, paths: list[Path], relative_to: Path | None, step: Progress
    ) -> tuple[Report, ox.Store]:
        sources = find_rdf_files(paths)
        step(f"reading {len(sources)} files")
        positions = PositionIndexer(sources, relative_to)  # large Turtle: lexed meanwhile
        try:
            store = load_store(sources)
            report = self.judge(store, step)
            step("locating findings in the sources")
            focus_nodes = {f.focus for f in report.findings}
            parents = blank_node_parents(store, focus_nodes)
            wanted = {str(f.focus) for f in report.findings} | {str(p) for p in parents.subjects()}
            return report.located(positions.index(wanted), parents), store
        finally:
            positions.close()


def validate_graph(
    data: Graph,
    shapes: Graph | None = None,
    *,
    ontology: Graph | _Default | None = PROJECT_ONTOLOGY,
    settings: RuleSettings | None = None,
    engine: Engine = Engine.AUTO,
) -> Report:
    """Validate an rdflib graph: a shortcut for `Validator(...).validate(data)`.

    Example:
        >>> validate_graph(Graph()).conforms
        True
    """
    validator = Validator(shapes=shapes, ontology=ontology, settings=settings, engine=engine)
    return validator.validate(data)


def shacl_report(data: Graph, shapes: Graph, *, engine: Engine = Engine.AUTO) -> tuple[bool, Graph]:
    """Validate `data` against `shapes` alone, as any SHACL processor would (no ontology, no
    cxgraph settings); return SHACL's verdict and the `sh:ValidationReport` graph, literals
    as the data writes them. The W3C SHACL test suite checks this path.

    Example:
        >>> shacl_report(Graph(), Graph())[0]
        True
    """
    report = Validator(shapes=shapes, ontology=None, engine=engine).validate(data)
    return not report.findings, report_graph(as_written(report, data))


def _silent(step: str) -> None:
    """No progress to show."""


def _paths(portfolio: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(portfolio, str | Path):
        return [Path(portfolio)]
    return [Path(p) for p in portfolio]


def is_remote(portfolio: object) -> bool:
    """Whether `portfolio` is a remote store (without importing its HTTP client when no
    remote store was ever made)."""
    remote = sys.modules.get("cxgraph.store.remote")
    return remote is not None and isinstance(portfolio, remote.RemoteStore)
