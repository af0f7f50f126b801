"""OWL reasoning: consistency and class satisfiability.

Two reasoners, for two situations:

* `check_owl_dl` runs HermiT, a complete OWL 2 DL reasoner, through owlready2. It needs Java.
  This is the only module that imports owlready2; it gets a private World so its global
  state never leaks into the rest of cxgraph.
* `check_owl_rl` runs the OWL 2 RL rules in pure Python (owlrl). It is incomplete, but it finds
  the common modelling errors (disjointness clashes, owl:Nothing members) where Java is absent.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF

from cxgraph.errors import ReasonerUnavailableError

_ERRNS = URIRef("http://www.daml.org/2002/03/agents/agent-ont#")
_WITNESS_NS = "urn:cxgraph:witness:"


@dataclass(frozen=True)
class ReasonerResult:
    """What a reasoner concluded about an ontology (with or without data)."""

    reasoner: str
    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    messages: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when the ontology is consistent and every class is satisfiable."""
        return self.consistent and not self.unsatisfiable


def java_available() -> bool:
    """Return True when a Java runtime is on the PATH (HermiT needs one)."""
    return shutil.which("java") is not None


def _without_imports(graph: Graph) -> Graph:
    # Imports are resolved by cxgraph itself; reasoners must not try to fetch them.
    copy = Graph()
    copy += graph
    copy.remove((None, OWL.imports, None))
    return copy


@contextmanager
def _java_working_directory(folder: str) -> Iterator[None]:
    """Run owlready2's Java subprocesses in `folder`.

    HermiT derives a base IRI from its working directory and fails with "unable to create
    default IRI base" when that is `/` (as in many containers); owlready2 passes this dict
    to every `subprocess` call it makes.
    """
    from owlready2 import reasoning

    kwargs = reasoning._subprocess_kargs
    previous = kwargs.get("cwd")
    kwargs["cwd"] = folder
    try:
        yield
    finally:
        if previous is None:
            kwargs.pop("cwd", None)
        else:
            kwargs["cwd"] = previous


def check_owl_dl(graph: Graph, *, strict: bool = False) -> ReasonerResult:
    """Classify `graph` with HermiT; report inconsistency and unsatisfiable classes.

    `strict` runs HermiT with its default settings, where a datatype outside the OWL 2
    datatype map is an error: the shipped ontology passes that. Portfolio data writes time
    frames and days as xsd:duration and xsd:date, which OWL 2 lacks, so by default HermiT
    treats such values as opaque, which keeps the check sound for everything else.
    """
    if not java_available():
        raise ReasonerUnavailableError("HermiT needs Java: install a Java runtime (java on PATH)")
    import owlready2

    world = owlready2.World()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ontology.nt"
        _without_imports(graph).serialize(source, format="nt", encoding="utf-8")
        ontology = world.get_ontology(source.as_uri()).load()
        try:
            with _java_working_directory(folder):
                owlready2.sync_reasoner_hermit(
                    ontology,
                    debug=0,
                    infer_property_values=False,
                    ignore_unsupported_datatypes=not strict,
                )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerResult(
                "HermiT", consistent=False, messages=("ontology is inconsistent",)
            )
        except owlready2.OwlReadyJavaError as error:
            raise ReasonerUnavailableError(f"HermiT failed: {error}") from error
    unsatisfiable = sorted(
        cls.iri for cls in world.inconsistent_classes() if cls is not owlready2.Nothing
    )
    return ReasonerResult("HermiT", consistent=True, unsatisfiable=tuple(unsatisfiable))


def named_classes(graph: Graph) -> list[URIRef]:
    """Return the named OWL classes declared in `graph`, sorted."""
    skip = {OWL.Thing, OWL.Nothing}
    return sorted(
        c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c not in skip
    )


def check_owl_rl(graph: Graph, classes: Iterable[URIRef] | None = None) -> ReasonerResult:
    """Check consistency and class satisfiability with the OWL 2 RL rules (pure Python).

    Satisfiability is tested by giving each class a fresh witness individual: a class whose
    witness clashes (a disjointness, owl:Nothing, a differentFrom/sameAs conflict) is reported.
    A clash with no witness involved means the ontology or data itself is inconsistent.
    """
    import owlrl

    closure = _without_imports(graph)
    witnesses = {
        URIRef(f"{_WITNESS_NS}{i}"): c for i, c in enumerate(classes or named_classes(graph))
    }
    for witness, cls in witnesses.items():
        closure.add((witness, RDF.type, cls))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    messages = _rl_errors(closure)
    unsatisfiable = sorted(
        {str(cls) for witness, cls in witnesses.items() if any(str(witness) in m for m in messages)}
        | {
            str(witnesses[w])
            for w in closure.subjects(RDF.type, OWL.Nothing)
            if isinstance(w, URIRef) and w in witnesses
        }
    )
    unexplained = [m for m in messages if _WITNESS_NS not in m]
    return ReasonerResult(
        "OWL 2 RL",
        consistent=not unexplained,
        unsatisfiable=tuple(unsatisfiable),
        messages=tuple(sorted(messages)),
    )


def _rl_errors(closure: Graph) -> list[str]:
    error_type = URIRef(f"{_ERRNS}ErrorMessage")
    error_text = URIRef(f"{_ERRNS}error")
    return [
        str(closure.value(node, error_text))
        for node in closure.subjects(RDF.type, error_type)
        if isinstance(node, BNode)
    ]
