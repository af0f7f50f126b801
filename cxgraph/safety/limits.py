"""The bounds every request and file is held to, and where they come from.

A portfolio server answers other tools and a CI job reads files from pull requests, so no
input may take unbounded time, memory, stack or outbound connections. Each bound has a
default a real portfolio stays far inside, and the `[limits]` section of `cxgraph.toml`
changes it:

    [limits]
    body-bytes = 33554432        # largest request body (HTTP 413 above)
    query-seconds = 30           # a query running longer is stopped
    update-seconds = 60          # an update or write judged longer is stopped
    result-bytes = 67108864      # largest serialised answer
    nesting-depth = 64           # brackets and braces in SPARQL, JSON nesting in JSON-LD
    literal-chars = 1048576      # longest literal in a body or a query
    concurrency = 4              # heavy requests (queries, writes, validations) at once
    wait-seconds = 10            # how long a heavy request waits for its turn (then 503)
    allowed-hosts = []           # hosts SERVICE and LOAD may reach; none by default

and the `[server]` section says which browser origins may call the API (CORS; none by
default, so a page elsewhere cannot read the portfolio with a visitor's credentials):

    [server]
    cors-origins = ["https://editor.example.org"]
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from cxgraph.errors import InputError
from cxgraph.settings import line_of, read_config


@dataclass(frozen=True)
class Limits:
    """Bounds on one request's size, time, depth and reach."""

    body_bytes: int = 32 * 2**20
    query_seconds: float = 30.0
    update_seconds: float = 60.0
    result_bytes: int = 64 * 2**20
    nesting_depth: int = 64
    """The native SPARQL and JSON-LD parsers recurse per level; thousands of levels
    overflow their stack, and no portfolio query nests more than a few dozen."""
    literal_chars: int = 2**20
    concurrency: int = 4
    wait_seconds: float = 10.0
    allowed_hosts: frozenset[str] = frozenset()
    """Hosts (lower case, optionally `host:port`) SERVICE and LOAD may reach."""

    def with_overrides(self, **changes: Any) -> Limits:
        """These limits with the given (non-None) ones changed."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_NUMBERS = {f.name.replace("_", "-"): f.name for f in fields(Limits) if f.name != "allowed_hosts"}


def load_limits(path: Path | None) -> Limits:
    """The `[limits]` section of a configuration file (the defaults without one); a mistake
    is an `InputError` naming file and line.

    Example:
        >>> import tempfile, pathlib
        >>> config = pathlib.Path(tempfile.mkdtemp()) / "cxgraph.toml"
        >>> _ = config.write_text('[limits]\\nquery-seconds = 5\\nallowed-hosts = ["Q.example.org"]\\n')
        >>> limits = load_limits(config)
        >>> limits.query_seconds, sorted(limits.allowed_hosts)
        (5, ['q.example.org'])
    """
    if path is None:
        return Limits()
    document, text = read_config(path)
    changes: dict[str, Any] = {}
    for key, value in document.get("limits", {}).items():
        line = line_of(text, "limits", key)
        if key == "allowed-hosts":
            if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
                raise InputError(
                    str(path), "[limits]: allowed-hosts must be a list of host names", line=line
                )
            changes["allowed_hosts"] = frozenset(h.lower() for h in value)
        elif key in _NUMBERS:
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise InputError(str(path), f"[limits]: {key} must be a positive number", line=line)
            changes[_NUMBERS[key]] = value
        else:
            known = ", ".join(sorted([*_NUMBERS, "allowed-hosts"]))
            raise InputError(
                str(path), f"[limits]: unknown setting {key!r} (known: {known})", line=line
            )
    return Limits().with_overrides(**changes)


def load_cors_origins(path: Path | None) -> list[str]:
    """The `[server]` section's `cors-origins` (none without a file)."""
    if path is None:
        return []
    document, text = read_config(path)
    section = document.get("server", {})
    for key, value in section.items():
        line = line_of(text, "server", key)
        if key != "cors-origins":
            raise InputError(
                str(path), f"[server]: unknown setting {key!r} (known: cors-origins)", line=line
            )
        if not isinstance(value, list) or not all(isinstance(o, str) for o in value):
            raise InputError(
                str(path), "[server]: cors-origins must be a list of origins", line=line
            )
    return list(section.get("cors-origins", []))
