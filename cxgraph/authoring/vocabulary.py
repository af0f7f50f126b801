"""The words of the authoring formats, taken from the ontology so they never drift from it.

A YAML file or a spreadsheet names things the way an architect would: a section per kind
(`services`, `outcomes`), an item's `id`, and its properties by the ontology's names with a
leading `has` dropped (`facility` for `cx:hasFacility`, `maturityLevel` for
`cx:hasMaturityLevel`). The full name works too. A key with a prefix (`cx:concernService`,
`org:memberOf`) is taken as the RDF property it names, unchecked, so anything RDF can say
can be said; an unprefixed key that is not a cxgraph word is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from cxgraph.resources import ontology_files

CX_NS = "https://w3id.org/cxgraph#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES: dict[str, str] = {
    "cx": CX_NS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
}
"""Prefixes every file knows without declaring them."""

SECTIONS: dict[str, str] = {
    "services": "Service",
    "offerings": "ServiceOffering",
    "agreements": "ServiceAgreement",
    "requests": "CustomerRequest",
    "facilities": "Facility",
    "goods": "Good",
    "resourceAccess": "ResourceAccess",
    "actions": "Action",
    "support": "Support",
    "facets": "QualityFacet",
    "stakeholders": "Stakeholder",
    "relationships": "ServiceRelationship",
    "perspectives": "ValuePerspective",
    "outcomes": "SuccessfulCustomerOutcome",
    "indicators": "Indicator",
    "metrics": "Metric",
    "measurements": "Measurement",
    "scores": "MetricScore",
    "surveys": "Survey",
    "questions": "Question",
    "waves": "SurveyWave",
    "responses": "Response",
    "reviews": "FeedbackReview",
    "touchpoints": "Touchpoint",
    "channels": "Channel",
    "experienceMaps": "ExperienceMap",
    "influences": "ExperienceInfluence",
    "gapAnalyses": "GapAnalysis",
    "gaps": "ExperienceGap",
    "improvementPlans": "ServiceImprovementPlan",
    "features": "Feature",
}
"""Each section and the class its items are, unless an item's `type` says otherwise."""

OTHER_SECTION = "things"
"""Items of any other class; their `type` is required."""

ANNOTATIONS: dict[str, str] = {
    "label": RDFS + "label",
    "comment": RDFS + "comment",
    "seeAlso": RDFS + "seeAlso",
}
ID_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
"""What an item's id may be: it becomes the end of an IRI, so no spaces or slashes."""


@dataclass(frozen=True)
class Term:
    """A property a key stands for: its IRI, whether its values are things (`reference`) or
    literals (`literal`; neither for an annotation), and their datatype (None: any)."""

    key: str
    iri: str
    reference: bool
    datatype: str | None
    comment: str = ""
    literal: bool = False


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[str, Term]
    """By key; both the short key and the full local name."""
    by_iri: dict[str, Term]
    """By property IRI, the short key's term."""
    classes: dict[str, str]
    """Class local name -> IRI."""
    superclasses: dict[str, frozenset[str]]
    """Class IRI -> every class it is a subclass of (itself included)."""
    individuals: dict[str, str]
    """Local name -> IRI of the ontology's named individuals (levels, channels, units of
    measure the ontology names)."""

    def section_of(self, types: list[str]) -> str:
        """The section an item with these classes is written in: the most specific."""
        best, depth = OTHER_SECTION, -1
        for section, name in SECTIONS.items():
            iri = CX_NS + name
            for kind in types:
                if iri in self.superclasses.get(kind, frozenset((kind,))):
                    here = len(self.superclasses.get(iri, ()))
                    if here > depth:
                        best, depth = section, here
        return best


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the shipped ontology (read once)."""
    store = ox.Store()
    for path in ontology_files():
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return Vocabulary(*_terms(store), _classes(store), _superclasses(store), _individuals(store))


def short_key(local: str) -> str:
    """`hasFacility` -> `facility`; other names as they are."""
    if re.match(r"has[A-Z]", local):
        return local[3].lower() + local[4:]
    return local


def _terms(store: ox.Store) -> tuple[dict[str, Term], dict[str, Term]]:
    rows = store.query(
        f"""SELECT ?p ?kind ?range ?comment WHERE {{
          ?p a ?kind . VALUES ?kind {{ <{OWL}ObjectProperty> <{OWL}DatatypeProperty>
                                     <{OWL}AnnotationProperty> }}
          FILTER(STRSTARTS(STR(?p), "{CX_NS}"))
          OPTIONAL {{ ?p <{RDFS}range> ?declared }}
          OPTIONAL {{ ?p <https://schema.org/rangeIncludes> ?written }}
          BIND(COALESCE(?written, ?declared) AS ?range)
          OPTIONAL {{ ?p <{RDFS}comment> ?comment }} }}"""
    )
    found: dict[str, tuple[str, bool, str | None, str, bool]] = {}
    # `schema:rangeIncludes` names the datatype where OWL 2 has none (xsd:duration, xsd:date).
    for row in rows:  # type: ignore[union-attr]
        iri = row["p"].value
        kind = row["kind"].value
        range_ = row["range"].value if row["range"] is not None else None
        comment = row["comment"].value if row["comment"] is not None else ""
        reference = kind == OWL + "ObjectProperty"
        datatype = range_ if kind == OWL + "DatatypeProperty" else None
        if datatype in (RDFS + "Literal",):
            datatype = None
        found[iri] = (iri, reference, datatype, comment, kind == OWL + "DatatypeProperty")
    names = {iri[len(CX_NS) :] for iri in found}
    terms: dict[str, Term] = {}
    by_iri: dict[str, Term] = {}
    for iri, reference, datatype, comment, literal in sorted(found.values()):
        local = iri[len(CX_NS) :]
        key = short_key(local)
        if key != local and (key in names or key in ANNOTATIONS):
            key = local  # `hasStatement` would collide with `statement`
        term = Term(key, iri, reference, datatype, " ".join(comment.split()), literal)
        terms[key] = terms[local] = by_iri[iri] = term
    for key, iri in ANNOTATIONS.items():
        terms[key] = by_iri[iri] = Term(key, iri, key == "seeAlso", None, "", key != "seeAlso")
    return terms, by_iri


def _classes(store: ox.Store) -> dict[str, str]:
    return _named(store, OWL + "Class")


def _named(store: ox.Store, kind: str) -> dict[str, str]:
    """Local name -> IRI of the cxgraph terms of type `kind`."""
    rows = store.query(f"SELECT DISTINCT ?t WHERE {{ ?t a <{kind}> }}")
    return {
        row["t"].value[len(CX_NS) :]: row["t"].value
        for row in rows  # type: ignore[union-attr]
        if row["t"].value.startswith(CX_NS)
    }


def _superclasses(store: ox.Store) -> dict[str, frozenset[str]]:
    rows = store.query(
        f"""SELECT ?c ?s WHERE {{ ?c a <{OWL}Class> . ?c <{RDFS}subClassOf>* ?s .
          FILTER(isIRI(?c) && isIRI(?s)) }}"""
    )
    found: dict[str, set[str]] = {}
    for row in rows:  # type: ignore[union-attr]
        found.setdefault(row["c"].value, {row["c"].value}).add(row["s"].value)
    return {c: frozenset(s) for c, s in found.items()}


def _individuals(store: ox.Store) -> dict[str, str]:
    return _named(store, OWL + "NamedIndividual")
