"""Read a portfolio written in YAML, keeping the line and column of every value.

The file is composed, not constructed: PyYAML's node tree keeps each scalar as written
(`72.0` stays `72.0`, not a float) with its place, so literals round-trip exactly and
findings point at the line an item or a property is written on. Anchors and aliases are
refused: a portfolio does not need them, and expanding them is how a small file becomes a
huge one.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cxgraph.authoring.document import Document, Field, Item, Place, Value, unknown
from cxgraph.authoring.vocabulary import OTHER_SECTION, PREFIXES, SECTIONS
from cxgraph.errors import InputError

DEFAULT_BASE = "urn:cxgraph:portfolio:"
"""IRIs of items when a file names no `base` (see docs/authoring.md)."""

SETTINGS = ("base", "language", "prefixes")
ITEM_WORDS = ("id", "type")
EXPLICIT_WORDS = ("value", "datatype", "language", "iri")


def read_yaml(text: str, source: str, base: str | None = None) -> Document:
    """The portfolio in `text`; `InputError` naming the line and column of what is wrong.

    Example:
        >>> doc = read_yaml("base: https://e.org/#\\nservices:\\n  - id: Laptops\\n", "p.yaml")
        >>> [(item.section, item.id.text, item.id.place.line) for item in doc.items]
        [('services', 'Laptops', 3)]
    """
    root = _compose(text, source)
    if root is None:
        return Document(source, base or DEFAULT_BASE, None, dict(PREFIXES))
    top = _mapping(root, source, "the file must be a mapping of sections (services: ...)")
    settings = {key: node for key, node in top if key.value in SETTINGS}
    document = Document(
        source,
        base or _setting(settings, "base", source) or DEFAULT_BASE,
        _setting(settings, "language", source),
        {**PREFIXES, **_prefixes(settings, source)},
    )
    sections = (*SECTIONS, OTHER_SECTION)
    for key, node in top:
        if key.value in SETTINGS:
            continue
        if key.value not in sections:
            raise _place(key, source).error(unknown("section", key.value, (*sections, *SETTINGS)))
        items = _sequence(node, source, f"`{key.value}` must be a list of items (- id: ...)")
        document.items += [_item(key.value, entry, source) for entry in items]
    return document


def _compose(text: str, source: str) -> Node | None:
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, source) from None
    except yaml.YAMLError as error:
        raise InputError(source, f"not YAML: {error}") from None
    for event in events:
        if getattr(event, "anchor", None):
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
            message = "anchors and aliases (&, *) are not supported"
            raise InputError(source, message, line=line, column=column)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:  # more than one document
        raise _yaml_error(error, source) from None
    except RecursionError:
        raise InputError(source, "the YAML is nested too deeply") from None


def _yaml_error(error: yaml.MarkedYAMLError, source: str) -> InputError:
    mark = error.problem_mark or error.context_mark
    message = " ".join(p for p in (error.context, error.problem) if p) or "not YAML"
    if mark is None:
        return InputError(source, f"not YAML: {message}")
    return InputError(source, f"not YAML: {message}", line=mark.line + 1, column=mark.column + 1)


def _place(node: Node, source: str) -> Place:
    return Place(source, node.start_mark.line + 1, node.start_mark.column + 1)


def _mapping(node: Node, source: str, message: str) -> list[tuple[ScalarNode, Node]]:
    if not isinstance(node, MappingNode):
        raise _place(node, source).error(message)
    seen: set[str] = set()
    pairs = []
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            raise _place(key, source).error("a key must be a plain word")
        if key.value in seen:
            raise _place(key, source).error(f"`{key.value}` is given twice")
        seen.add(key.value)
        pairs.append((key, value))
    return pairs


def _sequence(node: Node, source: str, message: str) -> list[Node]:
    if isinstance(node, ScalarNode) and node.value in ("", "~", "null") and not node.style:
        return []
    if not isinstance(node, SequenceNode):
        raise _place(node, source).error(message)
    return list(node.value)


def _setting(settings: dict[ScalarNode, Node], name: str, source: str) -> str | None:
    node = next((n for k, n in settings.items() if k.value == name), None)
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or not node.value:
        raise _place(node, source).error(f"`{name}` must be a single value")
    return str(node.value)


def _prefixes(settings: dict[ScalarNode, Node], source: str) -> dict[str, str]:
    node = next((n for k, n in settings.items() if k.value == "prefixes"), None)
    if node is None:
        return {}
    found = {}
    for key, value in _mapping(node, source, "`prefixes` maps a prefix to its IRI"):
        if not isinstance(value, ScalarNode):
            raise _place(value, source).error(f"the IRI of prefix `{key.value}` must be text")
        found[str(key.value)] = str(value.value)
    return found


def _item(section: str, node: Node, source: str) -> Item:
    pairs = _mapping(node, source, f"an item of `{section}` must be a mapping (id: ..., ...)")
    place = _place(node, source)
    id_node = next((v for k, v in pairs if k.value == "id"), None)
    if id_node is None:
        raise place.error(f"this item of `{section}` has no `id`")
    identifier = _values(id_node, source, "id")
    if len(identifier) != 1:
        raise _place(id_node, source).error("an item has one `id`")
    item = Item(section, identifier[0], place)
    for key, value in pairs:
        if key.value == "id":
            continue
        if key.value == "type":
            item.types = _values(value, source, "type")
            continue
        item.fields.append(
            Field(str(key.value), _place(key, source), _values(value, source, key.value))
        )
    return item


def _values(node: Node, source: str, key: str) -> list[Value]:
    nodes = node.value if isinstance(node, SequenceNode) else [node]
    return [_value(n, source, key) for n in nodes]


def _value(node: Node, source: str, key: str) -> Value:
    place = _place(node, source)
    if isinstance(node, ScalarNode):
        if not node.style and node.value in ("", "~", "null"):
            raise place.error(f"`{key}` has no value")
        return Value(str(node.value), place)
    if isinstance(node, MappingNode):
        parts = {k.value: v for k, v in _mapping(node, source, "")}
        texts = {}
        for name, part in parts.items():
            if name not in EXPLICIT_WORDS:
                raise _place(part, source).error(
                    f"a value written as a mapping takes `value` with `datatype` or `language`,"
                    f" or `iri`; not `{name}`"
                )
            if not isinstance(part, ScalarNode):
                raise _place(part, source).error(f"`{name}` must be text")
            texts[name] = str(part.value)
        if "iri" in texts and len(texts) == 1:
            return Value(texts["iri"], place, reference=True)
        if "value" not in texts or "iri" in texts:
            raise place.error("a value written as a mapping needs `value` (or `iri` alone)")
        return Value(texts["value"], place, texts.get("datatype"), texts.get("language"), True)
    raise place.error(f"`{key}` takes a value or a list of values, not a list of lists")
