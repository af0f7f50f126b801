"""The JSON Schema of the YAML format, generated from the ontology's vocabulary.

Editors that know JSON Schema (VS Code with the YAML extension, JetBrains IDEs) then
complete section names and keys, show each property's description from the ontology, and
underline a misspelt key before cxgraph ever runs.
"""

from __future__ import annotations

import json
from typing import Any

from cxgraph.authoring.vocabulary import OTHER_SECTION, SECTIONS, XSD, Term, Vocabulary, vocabulary

SCHEMA_ID = "https://w3id.org/cxgraph/portfolio.schema.json"
_NUMBERS = {XSD + "decimal", XSD + "integer", XSD + "nonNegativeInteger"}


def portfolio_schema(words: Vocabulary | None = None) -> dict[str, Any]:
    words = words or vocabulary()
    keys = dict(words.terms)  # short keys and the full names they stand for
    item = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "description": "The item's id: its IRI is base + id."},
            "type": _one_or_many({"type": "string", "examples": sorted(words.classes)}),
            **{key: _alias(key, term) for key, term in sorted(keys.items())},
        },
        "patternProperties": {
            r"^([A-Za-z][A-Za-z0-9_.\-]*)?:": {"description": "A property of another vocabulary."},
            r"^<[^>]*>$": {"description": "A property by its full IRI."},
        },
        "additionalProperties": False,
    }
    sections = {
        name: {
            "type": "array",
            "description": f"Items of class cx:{cls} (or a subclass given as `type`).",
            "items": {"$ref": "#/$defs/item"},
        }
        for name, cls in SECTIONS.items()
    }
    sections[OTHER_SECTION] = {
        "type": "array",
        "description": "Items of any other class; each needs a `type`.",
        "items": {"allOf": [{"$ref": "#/$defs/item"}, {"required": ["id", "type"]}]},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "cxgraph portfolio",
        "description": "A service portfolio for cxgraph: services, outcomes, stakeholders, "
        "surveys and more, each item with an id.",
        "type": "object",
        "properties": {
            "base": {"type": "string", "format": "iri", "description": "IRIs are base + id."},
            "language": {"type": "string", "description": "Language of labels and statements."},
            "prefixes": {"type": "object", "additionalProperties": {"type": "string"}},
            **sections,
        },
        "additionalProperties": False,
        "$defs": {"item": item, "explicit": _EXPLICIT},
    }


_EXPLICIT = {
    "type": "object",
    "description": "A value taken exactly as written: a literal with a datatype or a "
    "language, or a thing by IRI.",
    "properties": {
        "value": {"type": ["string", "number", "boolean"]},
        "datatype": {"type": "string"},
        "language": {"type": "string"},
        "iri": {"type": "string"},
    },
    "additionalProperties": False,
}


def _property(term: Term) -> dict[str, Any]:
    if term.reference:
        scalar: dict[str, Any] = {"type": "string"}
    elif term.datatype in _NUMBERS:
        scalar = {"type": ["number", "string"]}
    elif term.datatype == XSD + "boolean":
        scalar = {"type": "boolean"}
    else:
        scalar = {"type": ["string", "number", "boolean"]}
    schema = _one_or_many({"anyOf": [scalar, {"$ref": "#/$defs/explicit"}]})
    kind = "an id of an item" if term.reference else (term.datatype or "text").split("#")[-1]
    schema["description"] = f"{term.comment} ({term.iri}; {kind})".strip()
    return schema


def _alias(key: str, term: Term) -> dict[str, Any]:
    schema = _property(term)
    if key != term.key:
        schema["description"] = f"Same as `{term.key}`. " + schema["description"]
    return schema


def _one_or_many(value: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [value, {"type": "array", "items": value}]}


def schema_text() -> str:
    return json.dumps(portfolio_schema(), indent=2, ensure_ascii=False) + "\n"
