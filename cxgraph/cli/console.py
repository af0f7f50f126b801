"""Where the command line writes: results to stdout, diagnostics to stderr."""

from __future__ import annotations

from rich.console import Console

output = Console(soft_wrap=True, highlight=False)
"""Results (reports) go to stdout so they can be piped."""

errors = Console(stderr=True, soft_wrap=True, highlight=False)
"""Diagnostics go to stderr."""
