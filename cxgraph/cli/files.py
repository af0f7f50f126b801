"""Writing output files safely, and where paths in reports are relative to."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` only once the whole text is written, so a failure loses nothing.

    The file gets the permissions `cxgraph ... > path` would give it: a new file 0o666 less
    the umask, a replaced file its old mode.
    """
    with open_atomically(path) as stream:
        stream.write(text)


@contextmanager
def open_atomically(path: Path) -> Iterator[TextIO]:
    """A stream to write `path` through, piece by piece: the file is replaced when the block
    ends, and left as it was if the block fails (see `write_atomically`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary, handle = _create_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
        if (mode := _mode_of(path)) is not None:
            temporary.chmod(mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[Path, int]:
    # Not tempfile.mkstemp: it creates files 0o600 whatever the umask. Opening with 0o666
    # lets the kernel apply the umask, without changing the process's umask to read it.
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder above `start` (default: the working folder) holding `.git`.

    Report paths are relative to it, as GitHub code scanning expects; outside a repository
    they are relative to the working folder.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here
