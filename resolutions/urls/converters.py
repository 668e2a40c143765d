"""Path converters that refuse what no object can be called before a lookup sees it.

A NUL byte or a control character in a path reaches PostgreSQL as text and fails there
(``DataError``, a 500); with these converters such a path simply matches no URL (404).
"""

from __future__ import annotations


class ISO3Converter:
    """A member state's ISO 3166-1 alpha-3 code; lower case is matched so it can redirect."""

    regex = "[A-Za-z]{3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CodeConverter:
    """A short printable name such as a treaty's: no slash, no control character."""

    regex = "[^/\x00-\x1f\x7f]{1,60}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
