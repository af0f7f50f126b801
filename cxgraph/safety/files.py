"""Files read whole only when they are regular files.

A CI job validates files from pull requests: a path there can be a FIFO that never ends, or
a link to `/dev/zero` or `/dev/random`, which a plain read follows without bound.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cxgraph.errors import InputError

_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read_regular(path: Path) -> bytes:
    """The bytes of `path`, refusing (with an `InputError`) anything but a regular file,
    links followed. The file is opened without blocking, so a FIFO cannot stall the check.

    Example:
        >>> read_regular(Path("/dev/zero"))
        Traceback (most recent call last):
        ...
        cxgraph.errors.InputError: /dev/zero: not a regular file but a character device
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise InputError(str(path), error.strerror or str(error)) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
        raise InputError(str(path), f"not a regular file but {kind}")
    with os.fdopen(descriptor, "rb") as opened:
        try:
            return opened.read()
        except OSError as error:
            raise InputError(str(path), error.strerror or str(error)) from None
