"""Settings from a TOML file: rules switched off, re-graded or given parameters, and the store.

# cxgraph.toml
[rules]
sco-actionable = "warning"          # re-grade: violation, warning or info
survey-transactional-design = "off" # switch off

[rules.maturity-mismatch]
severity = "violation"
threshold = 3                       # smallest level gap reported (default 2)

[rules.benchmark-closes-loop]
reference-date = "2026-12-01"       # "today" for date rules (default: the current date)

[store]
directory = "data/store"            # the embedded store (relative to this file)
# or a remote SPARQL database; credentials only from the environment
# endpoint = "http://db.example.org:8890/sparql"
# update-endpoint = "http://db.example.org:8890/sparql-auth"
# default-graph = "https://example.org/portfolio"
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import XSD, Graph, Literal

from cxgraph.errors import InputError
from cxgraph.namespace import CXS
from cxgraph.report import Severity
from cxgraph.safety.files import read_regular

OFF = "off"
_PARAMETERS = {
    "maturity-mismatch": {"threshold"},
    "benchmark-closes-loop": {"reference-date"},
}


@dataclass(frozen=True)
class RuleSettings:
    """What a configuration file says about the rules; the default changes nothing."""

    disabled: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    maturity_mismatch_threshold: int | None = None
    reference_date: datetime.date | None = None
    """The day date-dependent rules count back from; None: the day the validation runs."""

    def as_graph(self) -> Graph:
        """The settings the shapes read, as triples on `cxs:Settings`.

        Example:
            >>> settings = RuleSettings(reference_date=datetime.date(2026, 12, 1))
            >>> settings.as_graph().value(CXS.Settings, CXS.referenceDate)
            rdflib.term.Literal('2026-12-01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
        """
        graph = Graph()
        if self.maturity_mismatch_threshold is not None:
            graph.add(
                (
                    CXS.Settings,
                    CXS.maturityMismatchThreshold,
                    Literal(self.maturity_mismatch_threshold),
                )
            )
        if self.reference_date is not None:
            graph.add(
                (
                    CXS.Settings,
                    CXS.referenceDate,
                    Literal(self.reference_date.isoformat(), datatype=XSD.date),
                )
            )
        return graph


def load_settings(path: Path, known_rules: Iterable[str]) -> RuleSettings:
    """Read a configuration file; any mistake is an `InputError` naming file and line.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "c.toml").write_text('[rules]\\nsco-actionable = "loud"\\n')
        >>> load_settings(folder / "c.toml", ["sco-actionable"])
        Traceback (most recent call last):
        ...
        cxgraph.errors.InputError: ...c.toml:2: rule sco-actionable: 'loud' is not one of off, violation, warning, info
    """
    document, text = read_config(path)
    return _parse(document, text, str(path), set(known_rules))


SECTIONS = ("rules", "store", "limits", "server")
"""The sections a configuration file may have."""


def read_config(path: Path) -> tuple[dict[str, Any], str]:
    """A configuration file as TOML and as text (for line numbers); unknown sections, an
    unreadable file and TOML errors are `InputError`s naming file and line."""
    try:
        text = read_regular(path).decode("utf-8")
    except InputError as error:
        raise InputError(
            str(path), f"cannot read the configuration file: {error.message}"
        ) from None
    except UnicodeDecodeError as error:
        raise InputError(str(path), f"cannot read the configuration file: {error.reason}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = _toml_position(str(error))
        raise InputError(str(path), f"not valid TOML: {error}", line=line, column=column) from None
    unknown = sorted(set(document) - set(SECTIONS))
    if unknown:
        known = ", ".join(f"[{name}]" for name in SECTIONS)
        raise InputError(
            str(path),
            f"unknown section [{unknown[0]}]; known: {known}",
            line=line_of(text, unknown[0]),
        )
    return document, text


def _parse(document: dict[str, Any], text: str, source: str, known: set[str]) -> RuleSettings:
    disabled: set[str] = set()
    severities: dict[str, Severity] = {}
    threshold: int | None = None
    reference_date: datetime.date | None = None
    for rule, entry in document.get("rules", {}).items():
        if rule not in known:
            raise InputError(
                source,
                f"unknown rule {rule!r}; see `cxgraph rules`",
                line=line_of(text, "rules", rule),
            )
        table = entry if isinstance(entry, dict) else {"severity": entry}
        extra = set(table) - {"severity"} - _PARAMETERS.get(rule, set())
        if extra:
            setting = sorted(extra)[0]
            raise InputError(
                source,
                f"rule {rule}: unknown setting {setting!r}",
                line=line_of(text, "rules", rule, setting),
            )
        if "severity" in table:
            line = line_of(text, "rules", rule, "severity")
            level = _severity(table["severity"], rule, source, line)
            if level is None:
                disabled.add(rule)
            else:
                severities[rule] = level
        if "threshold" in table:
            value = table["threshold"]
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4:
                raise InputError(
                    source,
                    f"rule {rule}: threshold must be an integer from 1 to 4",
                    line=line_of(text, "rules", rule, "threshold"),
                )
            threshold = value
        if "reference-date" in table:
            line = line_of(text, "rules", rule, "reference-date")
            reference_date = _date(table["reference-date"], rule, source, line)
    return RuleSettings(frozenset(disabled), severities, threshold, reference_date)


def _date(value: object, rule: str, source: str, line: int | None) -> datetime.date:
    """A date written as a TOML date (2026-12-01) or a string ("2026-12-01").

    Example:
        >>> _date("2026-12-01", "benchmark-closes-loop", "c.toml", 3)
        datetime.date(2026, 12, 1)
        >>> _date("1 Dec", "benchmark-closes-loop", "c.toml", 3)
        Traceback (most recent call last):
        ...
        cxgraph.errors.InputError: c.toml:3: rule benchmark-closes-loop: reference-date must be a date such as "2026-12-01", not '1 Dec'
    """
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(
        source,
        f'rule {rule}: reference-date must be a date such as "2026-12-01", not {value!r}',
        line=line,
    )


@dataclass(frozen=True)
class StoreSettings:
    """Which store to open: a folder, or a remote endpoint (with its update URL)."""

    directory: Path | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    default_graph: str | None = None


_STORE_KEYS = {"directory", "endpoint", "update-endpoint", "default-graph"}


def load_store_settings(path: Path) -> StoreSettings:
    """The [store] section of a configuration file; mistakes name file and line."""
    document, text = read_config(path)
    section = document.get("store", {})
    for key, value in section.items():
        line = line_of(text, "store", key)
        if key not in _STORE_KEYS:
            raise InputError(str(path), f"[store]: unknown setting {key!r}", line=line)
        if not isinstance(value, str):
            raise InputError(str(path), f"[store]: {key} must be a string", line=line)
    directory = section.get("directory")
    return StoreSettings(
        directory=(path.parent / directory) if directory else None,
        endpoint=section.get("endpoint"),
        update_endpoint=section.get("update-endpoint"),
        default_graph=section.get("default-graph"),
    )


def _severity(value: object, rule: str, source: str, line: int | None) -> Severity | None:
    choices = [OFF, *(s.value for s in Severity)]
    if value == OFF:
        return None
    if isinstance(value, str) and value in choices:
        return Severity(value)
    raise InputError(
        source, f"rule {rule}: {value!r} is not one of {', '.join(choices)}", line=line
    )


_HEADER = re.compile(r"^\s*\[\[?([^\[\]]+)\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([\w\"'. -]+?)\s*=")


def line_of(text: str, *path: str) -> int | None:
    """The line that sets `path` (a table, then keys), else the nearest enclosing entry's.

    A key is found inside its own table, so a setting's error points at the setting, not at
    its table header; a rule given as one value (`rule = "off"`) stands for all its settings.

    Example:
        >>> text = '[rules]\\nsco-actionable = "loud"\\n[rules.maturity-mismatch]\\nthreshhold = 3\\n'
        >>> line_of(text, "rules", "maturity-mismatch", "threshhold")
        4
        >>> line_of(text, "rules", "sco-actionable", "severity")
        2
    """
    for length in range(len(path), 0, -1):
        line = _first_line_setting(text, path[:length])
        if line is not None:
            return line
    return None


def _first_line_setting(text: str, path: tuple[str, ...]) -> int | None:
    # A line-by-line reading is enough here: tomllib has already accepted the text, and it
    # does not say where a key was.
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _dotted(header.group(1))
            defined = table
        elif key := _KEY.match(line):
            defined = table + _dotted(key.group(1))
        else:
            continue
        if defined[: len(path)] == path:
            return number
    return None


def _dotted(name: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in name.split("."))


def _toml_position(message: str) -> tuple[int | None, int | None]:
    match = re.search(r"at line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)
