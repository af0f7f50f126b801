"""Every rule is documented, and fires on its failing example but not on its passing one."""

from __future__ import annotations

import pytest
from rdflib import Graph

from cxgraph.catalog import RuleDoc, rule_catalog
from cxgraph.namespace import PREFIXES
from cxgraph.validation import load_shapes, validate_graph

SHAPES = load_shapes()
CATALOG = rule_catalog(SHAPES)
PROLOGUE = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()) + (
    "@prefix ex: <https://example.org/portfolio#> .\n"
)

REQUIRED_RULES = {
    "sco-outside-in", "sco-measurable", "sco-actionable", "sco-indicator", "sco-stakeholder",
    "service-supported-facility", "maturity-mismatch", "maturity-boundary",
    "service-four-facets", "offering-ownership", "sco-linked", "sco-score-only",
    "benchmark-closes-loop", "negative-feedback-reviewed", "improvement-plan-complete",
    "gap-analysis-complete", "touchpoint-channel", "unknown-term",
}  # fmt: skip


def _fired(snippet: str, ontology: Graph) -> set[str]:
    data = Graph().parse(data=PROLOGUE + snippet, format="turtle")
    return {f.rule for f in validate_graph(data, SHAPES, ontology=ontology).findings}


def test_the_issue_s_rules_all_exist() -> None:
    assert {doc.rule for doc in CATALOG} >= REQUIRED_RULES


@pytest.mark.parametrize("doc", CATALOG, ids=lambda d: d.rule)
def test_rule_is_documented(doc: RuleDoc) -> None:
    for part in ("label", "problem", "rationale", "fix", "passing_example", "failing_example"):
        assert getattr(doc, part).strip(), f"{doc.rule} lacks {part}"


@pytest.mark.parametrize("doc", CATALOG, ids=lambda d: d.rule)
def test_rule_passes_its_passing_example(doc: RuleDoc, ontology: Graph) -> None:
    assert doc.rule not in _fired(doc.passing_example, ontology)


@pytest.mark.parametrize("doc", CATALOG, ids=lambda d: d.rule)
def test_rule_fires_on_its_failing_example(doc: RuleDoc, ontology: Graph) -> None:
    assert doc.rule in _fired(doc.failing_example, ontology)


def test_rule_ids_are_unique_per_node_shape() -> None:
    rules = [doc.rule for doc in CATALOG]
    assert len(rules) == len(set(rules))


def test_the_rules_page_is_up_to_date() -> None:
    from cxgraph.catalog import catalog_markdown
    from tests.conftest import ROOT

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page.strip() == catalog_markdown(CATALOG).strip(), (
        "run: cxgraph rules -f markdown > docs/rules.md"
    )
