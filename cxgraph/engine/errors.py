"""What the compiled engine cannot do."""

from __future__ import annotations


class UnsupportedShapes(Exception):  # noqa: N818 (names what is unsupported, not an error)
    """A shape uses a feature the compiler does not translate into SPARQL.

    In `auto` mode such shapes are validated by pySHACL instead; in `compiled` mode the
    error reaches the user.
    """
