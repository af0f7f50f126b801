"""Baselines: record today's findings so CI fails only on new ones."""

from __future__ import annotations

import json
from pathlib import Path

from cxgraph.errors import InputError
from cxgraph.report import Report, Status

FORMAT = "cxgraph-baseline/1"


def baseline_document(report: Report) -> str:
    """The active findings' fingerprints as a small, diff-friendly JSON document."""
    fingerprints = sorted({f.fingerprint for f in report.findings if f.status is Status.ACTIVE})
    return json.dumps({"format": FORMAT, "findings": fingerprints}, indent=2) + "\n"


def read_baseline(path: Path) -> set[str]:
    """The fingerprints a baseline file records; a broken file is an `InputError`."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(str(path), f"cannot read the baseline: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise InputError(
            str(path), f"not JSON: {error.msg}", line=error.lineno, column=error.colno
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(str(path), f"not a cxgraph baseline (expected format {FORMAT!r})")
    return {str(item) for item in document.get("findings", [])}
