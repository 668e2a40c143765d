"""The colours of static/css/palette.css, for what is drawn on the server.

Maps and charts are self-contained SVG with presentation attributes (they must read the same
offline, on paper and in WeasyPrint PDFs, where no stylesheet applies), so they cannot use
``var(--colour-…)``: they take the values from the same file the pages load, read once.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PALETTE_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "palette.css"
_PROPERTY = re.compile(r"--colour-([a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;")


@cache
def palette() -> dict[str, str]:
    """Every ``--colour-<name>`` of palette.css, by name: ``{"party": "#0f6f6a", …}``."""
    return {name: value.lower() for name, value in _PROPERTY.findall(PALETTE_CSS.read_text())}


def colour(name: str) -> str:
    """One colour of the palette; a name it lacks is a programming error (KeyError)."""
    return palette()[name]


def custom_properties() -> str:
    """The palette as a ``:root`` rule, for a document that cannot load palette.css."""
    return ":root{" + "".join(f"--colour-{n}:{v};" for n, v in palette().items()) + "}"
