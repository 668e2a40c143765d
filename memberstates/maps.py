"""Choropleth maps of member states, rendered server-side as self-contained SVG.

Server-side SVG because the same map must work offline, on paper and in WeasyPrint PDFs: no
JavaScript, no web font, no CSS needed (fills and strokes are presentation attributes;
app.css only adds hover and focus styles).

Geometry comes from ``memberstates/data/geo/world.json``, built once by
``scripts/build_map_geometry.mjs`` (Natural Earth via npm ``world-atlas``). It is projected
for the whole world; a map crops to the states it is given through its viewBox, so the 47
AALCO members give an Africa–Asia map and 193 UN members a world map.

This module must not import ``resolutions`` (dependency runs the other way).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

GEOMETRY_PATH = Path(__file__).resolve().parent / "data" / "geo" / "world.json"

#: Output width in SVG user units; text sizes and strokes below are in these units.
VIEW_WIDTH = 1000.0
#: Shapes whose bounding box would be drawn smaller than this squared also get a circle
#: marker, so Bahrain, Singapore, Mauritius or the Gambia stay visible and clickable.
MARKER_BELOW = 14.0
MARKER_RADIUS = 6.0
LEGEND_FONT = 20.0
LEGEND_ROW = 34.0

#: Fill for land that has no category (other countries, or members without data).
BACKGROUND_FILL = "#e9ecef"
BACKGROUND_STROKE = "#ffffff"
UNKNOWN_FILL = "#f7f8f9"
OUTLINE = "#3d4852"
HIGHLIGHT = "#0b0c0c"
SEA = "#f3f7f9"
TEXT = "#1b1f24"

#: Colour-blind-safe fills for the treaty statuses; pair them with the patterns below.
TREATY_STATUS_LEGEND: tuple[LegendEntry, ...] = (
    ("party", gettext_lazy("Party"), "#0f6f6a", "solid"),
    ("signatory", gettext_lazy("Signatory, not a party"), "#e0a526", "hatch"),
    ("no_action", gettext_lazy("No action"), "#bfc8d0", "solid"),
)

# Pattern overlays by legend position unless an entry names one, so colour is never the only
# cue (WCAG 1.4.1): the first category is plain, the next ones hatched, dotted, cross-hatched.
PATTERNS: tuple[str, ...] = ("solid", "hatch", "dots", "cross", "horizontal", "vertical")

#: ``(key, label, colour)`` or ``(key, label, colour, pattern)`` with a name from PATTERNS.
LegendEntry = tuple[str, "StrOrPromise", str] | tuple[str, "StrOrPromise", str, str]


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    d: str
    bbox: tuple[float, float, float, float] | None
    crop: tuple[float, float, float, float] | None
    centre: tuple[float, float]


@dataclass(frozen=True, slots=True)
class _Geometry:
    width: float
    height: float
    countries: dict[str, _Country]
    background: tuple[tuple[str, tuple[float, float, float, float]], ...]


@cache
def load_geometry() -> _Geometry:
    """Parse the shipped geometry once per process (~130 KB of JSON, ~5 ms)."""
    raw = json.loads(GEOMETRY_PATH.read_text(encoding="utf-8"))
    countries = {
        iso3: _Country(
            name=c["name"],
            d=c["d"],
            bbox=tuple(c["bbox"]) if c["bbox"] else None,
            crop=tuple(c["crop"]) if c["crop"] else None,
            centre=tuple(c["c"]),
        )
        for iso3, c in raw["countries"].items()
    }
    background = tuple((b["d"], tuple(b["bbox"])) for b in raw["background"])
    return _Geometry(raw["width"], raw["height"], countries, background)


def known_codes() -> frozenset[str]:
    """ISO 3166 alpha-3 codes the map can draw."""
    return frozenset(load_geometry().countries)


def _box_of(country: _Country, *, crop: bool = False) -> tuple[float, float, float, float]:
    box = country.crop if crop else country.bbox
    if box:
        return box
    x, y = country.centre
    return (x - 1, y - 1, x + 1, y + 1)


def _intersects(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class LegendItem:
    """One legend line, also for an HTML legend (``includes/map_legend.html``)."""

    key: str
    label: str
    colour: str
    pattern: str
    count: int


def _pattern_def(pattern_id: str, entry: LegendItem, unit: float) -> str:
    """A <pattern> painting the entry's colour plus a dark overlay, ``unit`` = one output unit."""
    size = 8.0 * unit
    ink = f'stroke="#1d2a33" stroke-opacity="0.5" stroke-width="{_num(1.3 * unit)}"'
    s, h = _num(size), _num(size / 2)
    shapes = {
        "hatch": f'<path d="M0 {s}L{s} 0" {ink}/>',
        "dots": f'<circle cx="{h}" cy="{h}" r="{_num(size / 6)}" fill="#1d2a33" '
        f'fill-opacity="0.45"/>',
        "cross": f'<path d="M0 {s}L{s} 0M0 0L{s} {s}" {ink}/>',
        "horizontal": f'<path d="M0 {h}H{s}" {ink}/>',
        "vertical": f'<path d="M{h} 0V{s}" {ink}/>',
    }
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{s}" height="{s}">'
        f'<rect width="{s}" height="{s}" fill="{escape(entry.colour)}"/>'
        f"{shapes[entry.pattern]}</pattern>"
    )


def map_legend(categories: Mapping[str, str], legend: Sequence[LegendEntry]) -> list[LegendItem]:
    """The legend of a map with counts, for ``{% include "includes/map_legend.html" %}``.

    Pages show this HTML legend and call ``render_member_map(..., legend_in_svg=False)``:
    SVG text shrinks with the map and is unreadable on a phone, HTML text is not.
    """
    cats = {code.upper(): str(key) for code, key in categories.items()}
    entries = []
    for i, item in enumerate(legend):
        key, label, colour = item[0], item[1], item[2]
        pattern = item[3] if len(item) > 3 else PATTERNS[i % len(PATTERNS)]
        if pattern not in PATTERNS:
            raise ValueError(f"Unknown map pattern {pattern!r}; use one of {PATTERNS}")
        count = sum(1 for k in cats.values() if k == key)
        entries.append(LegendItem(str(key), str(label), str(colour), pattern, count))
    return entries


def render_member_map(
    categories: Mapping[str, str],
    *,
    legend: Sequence[LegendEntry],
    title: str,
    links: Mapping[str, str] | None = None,
    highlight: Iterable[str] = (),
    names: Mapping[str, str] | None = None,
    description: str = "",
    show_counts: bool = True,
    legend_in_svg: bool = True,
    id_prefix: str | None = None,
) -> SafeString:
    """Render states coloured by category as an accessible, self-contained ``<svg>``.

    ``categories`` maps ISO 3166 alpha-3 codes to legend keys; ``legend`` is an ordered
    sequence of ``(key, label, colour[, pattern])``. ``links`` maps codes to URLs (each state
    becomes a keyboard-reachable link), ``highlight`` outlines some states (e.g. the viewer's
    own), ``names`` overrides the shipped English names (pass the app's, possibly
    translated). Codes without geometry are not drawn but are named in the description;
    codes whose key is not in the legend are drawn in a pale neutral fill. With
    ``legend_in_svg=False`` the page shows ``map_legend()`` as HTML instead (better on phones;
    the SVG description still lists the counts).
    """
    geo = load_geometry()
    links = {code.upper(): url for code, url in (links or {}).items()}
    names = {code.upper(): name for code, name in (names or {}).items()}
    highlighted = {code.upper() for code in highlight}
    cats = {code.upper(): str(key) for code, key in categories.items()}
    entries = map_legend(cats, legend)
    by_key = {e.key: (i, e) for i, e in enumerate(entries)}

    drawn = [code for code in cats if code in geo.countries]
    missing = sorted(code for code in cats if code not in geo.countries)
    if id_prefix is None:
        digest = hashlib.sha1(
            (title + "|" + ",".join(sorted(cats))).encode(), usedforsecurity=False
        ).hexdigest()
        id_prefix = f"map-{digest[:8]}"

    # Crop to the drawn states, with a margin; fall back to the whole world.
    if drawn:
        boxes = [_box_of(geo.countries[c], crop=True) for c in drawn]
        x0 = min(b[0] for b in boxes)
        y0 = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        y1 = max(b[3] for b in boxes)
        pad = max(x1 - x0, y1 - y0) * 0.03 + 8
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        # One or two states alone would give a tall sliver: widen to a landscape frame.
        min_w = max(x1 - x0, (y1 - y0) * 1.3, 120.0)
        mid = (x0 + x1) / 2
        x0, x1 = mid - min_w / 2, mid + min_w / 2
    else:
        x0, y0, x1, y1 = 0.0, 0.0, float(geo.width), float(geo.height)
    view = (x0, y0, x1, y1)
    scale = VIEW_WIDTH / (x1 - x0)
    unit = 1 / scale  # one output unit, in geometry units
    map_height = (y1 - y0) * scale

    # Legend band under the map, laid out as flowing items. SVG cannot measure text, so
    # estimate ~0.55 em per character of a system sans-serif, rounding generously.
    labels = [f"{e.label} ({e.count})" if show_counts else e.label for e in entries]
    if not legend_in_svg:
        labels = []
    positions: list[tuple[float, float]] = []
    x, y = 12.0, 0.0
    for text in labels:
        width = 36 + len(text) * LEGEND_FONT * 0.55 + 28
        if x > 12 and x + width > VIEW_WIDTH - 12:
            x, y = 12.0, y + LEGEND_ROW
        positions.append((x, y))
        x += width
    legend_height = y + LEGEND_ROW + 20 if labels else 0
    total_height = map_height + legend_height

    def fill_for(code: str, legend_swatch: bool = False) -> str:
        key = cats.get(code)
        if key is None:
            return BACKGROUND_FILL
        if key not in by_key:
            return UNKNOWN_FILL
        i, entry = by_key[key]
        if entry.pattern == "solid":
            return escape(entry.colour)
        return f"url(#{id_prefix}-{'l' if legend_swatch else 'p'}{i})"

    def label_for(code: str) -> str:
        name = names.get(code) or geo.countries[code].name
        key = cats[code]
        return f"{name} — {by_key[key][1].label if key in by_key else key}"

    title_id = f"{id_prefix}-title"
    desc_id = f"{id_prefix}-desc"
    desc_parts = [description] if description else []
    desc_parts += [
        _("%(label)s: %(count)d") % {"label": e.label, "count": e.count} for e in entries
    ]
    if missing:
        desc_parts.append(_("Not shown on the map: %(codes)s") % {"codes": ", ".join(missing)})

    # role="img" hides children from assistive tech; with links the states must stay
    # reachable, so the SVG is a labelled group instead (axe: nested-interactive).
    role = "group" if links else "img"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="{role}" '
        f'viewBox="0 0 {_num(VIEW_WIDTH)} {_num(total_height)}" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(". ".join(desc_parts))}</desc>',
        "<defs>",
        f'<clipPath id="{id_prefix}-clip"><rect x="{_num(x0)}" y="{_num(y0)}" '
        f'width="{_num(x1 - x0)}" height="{_num(y1 - y0)}"/></clipPath>',
    ]
    for i, entry in enumerate(entries):
        if entry.pattern != "solid":
            out.append(_pattern_def(f"{id_prefix}-p{i}", entry, unit))
            if labels:
                out.append(_pattern_def(f"{id_prefix}-l{i}", entry, 1.0))
    out.append("</defs>")
    out.append(f'<rect width="{_num(VIEW_WIDTH)}" height="{_num(map_height)}" fill="{SEA}"/>')
    out.append(
        f'<g transform="scale({scale:.5f}) translate({_num(-x0)} {_num(-y0)})" '
        f'clip-path="url(#{id_prefix}-clip)" stroke-linejoin="round">'
    )

    # Background: unlabelled land, and countries without a category.
    out.append(
        f'<g aria-hidden="true" fill="{BACKGROUND_FILL}" stroke="{BACKGROUND_STROKE}" '
        f'stroke-width="{_num(0.8 * unit)}">'
    )
    out.extend(f'<path d="{d}"/>' for d, box in geo.background if _intersects(box, view))
    out.extend(
        f'<path d="{c.d}"/>'
        for code, c in geo.countries.items()
        if code not in cats and c.d and _intersects(_box_of(c), view)
    )
    out.append("</g>")

    # States with a category: each a group (or link) whose <title> is tooltip and name.
    out.append(f'<g stroke="{OUTLINE}" stroke-width="{_num(0.6 * unit)}">')
    for code in sorted(drawn, key=lambda c: c in highlighted):  # highlighted drawn on top
        country = geo.countries[code]
        fill = fill_for(code)
        parts = [f"<title>{escape(label_for(code))}</title>"]
        if country.d:
            parts.append(f'<path d="{country.d}" fill="{fill}"/>')
        box = _box_of(country)
        # Bounding-box area, so thin slivers (Gambia) count as small as well as specks.
        box_area = (box[2] - box[0]) * (box[3] - box[1]) * scale * scale
        if not country.d or box_area < MARKER_BELOW * MARKER_BELOW:
            cx, cy = country.centre
            parts.append(
                f'<circle class="map__marker" cx="{_num(cx)}" cy="{_num(cy)}" '
                f'r="{_num(MARKER_RADIUS * unit)}" fill="{fill}" '
                f'stroke-width="{_num(1.2 * unit)}"/>'
            )
        attrs = f'class="map__state" data-iso3="{code}" data-category="{escape(cats[code])}"'
        if code in highlighted:
            attrs += (
                f' data-highlight="true" stroke="{HIGHLIGHT}" stroke-width="{_num(2.2 * unit)}"'
            )
        if code in links:
            out.append(f'<a href="{escape(links[code])}" {attrs}>{"".join(parts)}</a>')
        else:
            out.append(f"<g {attrs}>{''.join(parts)}</g>")
    out.append("</g></g>")

    # Legend: swatches repeat the patterns, so it also reads in greyscale print.
    if labels:
        out.append(
            f'<g class="map__legend" font-size="{_num(LEGEND_FONT)}" fill="{TEXT}" '
            f'transform="translate(0 {_num(map_height + 14)})">'
        )
        for i, (entry, text, (x, y)) in enumerate(zip(entries, labels, positions, strict=True)):
            swatch = escape(entry.colour) if entry.pattern == "solid" else f"url(#{id_prefix}-l{i})"
            out.append(
                f'<g data-legend-key="{escape(entry.key)}">'
                f'<rect x="{_num(x)}" y="{_num(y)}" width="26" height="22" rx="3" '
                f'fill="{swatch}" stroke="{OUTLINE}" stroke-width="1"/>'
                f'<text x="{_num(x + 36)}" y="{_num(y + 18)}">{escape(text)}</text></g>'
            )
        out.append("</g>")
    out.append("</svg>")
    # Every interpolated value is escaped above.
    return mark_safe("".join(out))
