"""Write an exported portfolio as YAML that reads back as the same graph."""

from __future__ import annotations

from typing import Any

import yaml

from cxgraph.authoring.export import Out, OutItem, Portfolio

SCHEMA_HINT = (
    "# A cxgraph portfolio. Editors check this file against portfolio.schema.json:\n"
    "# see `cxgraph schema --help`.\n"
)


class _Text(str):
    """A short-form value; `plain` ones (numbers, booleans) are written unquoted."""

    plain = False


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key


def _represent_text(dumper: _Dumper, text: _Text) -> yaml.ScalarNode:
    if text.plain:
        tag = dumper.resolve(yaml.ScalarNode, str(text), (True, False))  # type: ignore[no-untyped-call]
        if tag != "tag:yaml.org,2002:str":
            return dumper.represent_scalar(tag, str(text))
    return dumper.represent_str(str(text))


_Dumper.add_representer(_Text, _represent_text)


def to_yaml(portfolio: Portfolio) -> str:
    """The portfolio as YAML text, sections in a fixed order, items by id."""
    document: dict[str, Any] = {"base": portfolio.base}
    if portfolio.language:
        document["language"] = portfolio.language
    if portfolio.prefixes:
        document["prefixes"] = dict(portfolio.prefixes)
    for item in portfolio.items:
        document.setdefault(item.section, []).append(_item(item))
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96)
    lines: list[str] = []
    for line in text.splitlines():
        if lines and line.endswith(":") and not line[0].isspace():
            lines.append("")  # a blank line before each section
        lines.append(line)
    return SCHEMA_HINT + "\n".join(lines) + "\n"


def _item(item: OutItem) -> dict[str, Any]:
    written: dict[str, Any] = {"id": _short(item.id)}
    if item.types:
        written["type"] = _one_or_many([_short(t) for t in item.types])
    for key, values in item.fields:
        written[key] = _one_or_many([_value(v) for v in values])
    return written


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _short(text: str, plain: bool = False) -> _Text:
    value = _Text(text)
    value.plain = plain
    return value


def _value(out: Out) -> Any:
    if out.explicit == "reference":
        return {"iri": _short(out.text)}
    if out.explicit == "literal":
        written: dict[str, Any] = {"value": _short(out.text)}
        if out.language:
            written["language"] = out.language
        elif out.datatype and out.datatype != "http://www.w3.org/2001/XMLSchema#string":
            written["datatype"] = _datatype_name(out.datatype)
        return written
    return _short(out.text, out.plain)


def _datatype_name(iri: str) -> str:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    return "xsd:" + iri[len(xsd) :] if iri.startswith(xsd) else f"<{iri}>"
