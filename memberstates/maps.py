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

from aalco.palette import colour

GEOMETRY_PATH = Path(__file__).resolve().parent / "data" / "geo" / "world.json"

#: Output width in SVG user units; text sizes and strokes below are in these units.
VIEW_WIDTH = 1000.0
#: Shapes whose bounding box would be drawn smaller than this squared also get a circle
#: marker, so Bahrain, Singapore, Mauritius or the Gambia stay visible and clickable.
MARKER_BELOW = 14.0
MARKER_RADIUS = 6.0
LEGEND_FONT = 20.0
LEGEND_ROW = 34.0

#: Fills and strokes come from static/css/palette.css, the one palette of pages and drawings.
#: Fill for land that has no category (other countries, or members without data).
BACKGROUND_FILL = colour("map-land")
BACKGROUND_STROKE = colour("map-border")
UNKNOWN_FILL = colour("map-unknown")
OUTLINE = colour("map-outline")
HIGHLIGHT = colour("focus-text")
SEA = colour("map-sea")
TEXT = colour("text")
#: The dark overlay of the patterns.
PATTERN_INK = colour("pattern-ink")

#: Colour-blind-safe fills for the treaty statuses; pair them with the patterns below.
TREATY_STATUS_LEGEND: tuple[LegendEntry, ...] = (
    ("party", gettext_lazy("Party"), colour("party"), "solid"),
    ("signatory", gettext_lazy("Signatory, not a party"), colour("signatory"), "hatch"),
    ("no_action", gettext_lazy("No action"), colour("no-action"), "solid"),
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
    #: The outline for paper: fewer points, simplified by the same build (``p`` in the JSON).
    print_d: str
    bbox: tuple[float, float, float, float] | None
    crop: tuple[float, float, float, float] | None
    centre: tuple[float, float]


@dataclass(frozen=True, slots=True)
class _Geometry:
    width: float
    height: float
    countries: dict[str, _Country]
    #: Land without an ISO code: (screen outline, print outline, bounding box).
    background: tuple[tuple[str, str, tuple[float, float, float, float]], ...]


@cache
def load_geometry() -> _Geometry:
    """Parse the shipped geometry once per process (~130 KB of JSON, ~5 ms)."""
    raw = json.loads(GEOMETRY_PATH.read_text(encoding="utf-8"))
    countries = {
        iso3: _Country(
            name=c["name"],
            d=c["d"],
            print_d=c["p"],
            bbox=tuple(c["bbox"]) if c["bbox"] else None,
            crop=tuple(c["crop"]) if c["crop"] else None,
            centre=tuple(c["c"]),
        )
        for iso3, c in raw["countries"].items()
    }
    background = tuple((b["d"], b["p"], tuple(b["bbox"])) for b in raw["background"])
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
    ink = f'stroke="{PATTERN_INK}" stroke-opacity="0.5" stroke-width="{_num(1.3 * unit)}"'
    s, h = _num(size), _num(size / 2)
    shapes = {
        "hatch": f'<path d="M0 {s}L{s} 0" {ink}/>',
        "dots": f'<circle cx="{h}" cy="{h}" r="{_num(size / 6)}" fill="{PATTERN_INK}" '
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


#: Which outline a map draws: the screen's, or the lighter one for paper (the PDF).
DETAILS = ("screen", "print")


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
    detail: str = "screen",
) -> SafeString:
    """Render states coloured by category as an accessible, self-contained ``<svg>``.

    ``categories`` maps ISO 3166 alpha-3 codes to legend keys; ``legend`` is an ordered
    sequence of ``(key, label, colour[, pattern])``. ``links`` maps codes to URLs (each state
    becomes a keyboard-reachable link), ``highlight`` outlines some states (e.g. the viewer's
    own), ``names`` overrides the shipped English names (pass the app's, possibly
    translated). Codes without geometry are not drawn but are named in the description;
    codes whose key is not in the legend are drawn in a pale neutral fill. With
    ``legend_in_svg=False`` the page shows ``map_legend()`` as HTML instead (better on phones;
    the SVG description still lists the counts). ``detail="print"`` draws the lighter
    outlines built for paper (same frame, markers and ids).
    """
    if detail not in DETAILS:
        raise ValueError(f"Unknown map detail {detail!r}; use one of {DETAILS}")
    cats = {code.upper(): str(key) for code, key in categories.items()}
    drawing = _MapDrawing(
        geo=load_geometry(),
        cats=cats,
        entries=map_legend(cats, legend),
        title=title,
        links={code.upper(): url for code, url in (links or {}).items()},
        names={code.upper(): name for code, name in (names or {}).items()},
        highlighted={code.upper() for code in highlight},
        id_prefix=id_prefix or _default_id_prefix(title, cats),
        for_print=detail == "print",
    )
    labels = drawing.legend_labels(show_counts=show_counts) if legend_in_svg else []
    # Every interpolated value is escaped where it is written.
    return mark_safe(drawing.svg(description=description, labels=labels))


def _default_id_prefix(title: str, cats: Mapping[str, str]) -> str:
    digest = hashlib.sha1(
        (title + "|" + ",".join(sorted(cats))).encode(), usedforsecurity=False
    ).hexdigest()
    return f"map-{digest[:8]}"


@dataclass(frozen=True, slots=True)
class _Frame:
    """The part of the projected world a map shows, scaled to VIEW_WIDTH output units."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, geo: _Geometry, codes: Sequence[str]) -> _Frame:
        """The drawn states with a margin, in a landscape frame; the whole world if none."""
        if not codes:
            return cls(0.0, 0.0, float(geo.width), float(geo.height))
        boxes = [_box_of(geo.countries[c], crop=True) for c in codes]
        x0 = min(b[0] for b in boxes)
        y0 = min(b[1] for b in boxes)
        x1 = max(b[2] for b in boxes)
        y1 = max(b[3] for b in boxes)
        pad = max(x1 - x0, y1 - y0) * 0.03 + 8
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        # One or two states alone would give a tall sliver: widen to a landscape frame.
        min_w = max(x1 - x0, (y1 - y0) * 1.3, 120.0)
        mid = (x0 + x1) / 2
        return cls(mid - min_w / 2, y0, mid + min_w / 2, y1)

    @property
    def view(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def scale(self) -> float:
        return VIEW_WIDTH / (self.x1 - self.x0)

    @property
    def unit(self) -> float:
        """One output unit, in geometry units."""
        return 1 / self.scale

    @property
    def height(self) -> float:
        return (self.y1 - self.y0) * self.scale


def _legend_positions(labels: Sequence[str]) -> tuple[list[tuple[float, float]], float]:
    """Where each legend item goes in the band under the map, and the band's height.

    Items flow in rows. SVG cannot measure text, so estimate ~0.55 em per character of a
    system sans-serif, rounding generously.
    """
    positions: list[tuple[float, float]] = []
    x, y = 12.0, 0.0
    for text in labels:
        width = 36 + len(text) * LEGEND_FONT * 0.55 + 28
        if x > 12 and x + width > VIEW_WIDTH - 12:
            x, y = 12.0, y + LEGEND_ROW
        positions.append((x, y))
        x += width
    return positions, (y + LEGEND_ROW + 20 if labels else 0)


@dataclass(frozen=True, slots=True)
class _MapDrawing:
    """One map's inputs, normalised (codes upper-case), and the SVG they make."""

    geo: _Geometry
    cats: dict[str, str]
    entries: list[LegendItem]
    title: str
    links: dict[str, str]
    names: dict[str, str]
    highlighted: set[str]
    id_prefix: str
    for_print: bool

    @property
    def drawn(self) -> list[str]:
        return [code for code in self.cats if code in self.geo.countries]

    @property
    def by_key(self) -> dict[str, tuple[int, LegendItem]]:
        return {e.key: (i, e) for i, e in enumerate(self.entries)}

    def outline(self, country: _Country) -> str:
        return country.print_d if self.for_print else country.d

    def legend_labels(self, *, show_counts: bool) -> list[str]:
        return [f"{e.label} ({e.count})" if show_counts else e.label for e in self.entries]

    def svg(self, *, description: str, labels: list[str]) -> str:
        frame = _Frame.around(self.geo, self.drawn)
        positions, legend_height = _legend_positions(labels)
        out = self._open(frame, frame.height + legend_height, description)
        out += self._defs(frame, legend_swatches=bool(labels))
        out.append(f'<rect width="{_num(VIEW_WIDTH)}" height="{_num(frame.height)}" fill="{SEA}"/>')
        shift = f"translate({_num(-frame.x0)} {_num(-frame.y0)})"
        out.append(
            f'<g transform="scale({frame.scale:.5f}) {shift}" '
            f'clip-path="url(#{self.id_prefix}-clip)" stroke-linejoin="round">'
        )
        out += self._background(frame)
        out += self._states(frame)
        out.append("</g>")
        if labels:
            out += self._legend(labels, positions, top=frame.height + 14)
        out.append("</svg>")
        return "".join(out)

    def _open(self, frame: _Frame, total_height: float, description: str) -> list[str]:
        title_id = f"{self.id_prefix}-title"
        desc_id = f"{self.id_prefix}-desc"
        # role="img" hides children from assistive tech; with links the states must stay
        # reachable, so the SVG is a labelled group instead (axe: nested-interactive).
        role = "group" if self.links else "img"
        return [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="{role}" '
            f'viewBox="0 0 {_num(VIEW_WIDTH)} {_num(total_height)}" '
            f'aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
            f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, '
            f'sans-serif">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self._description(description))}</desc>',
        ]

    def _description(self, description: str) -> str:
        parts = [description] if description else []
        parts += [
            _("%(label)s: %(count)d") % {"label": e.label, "count": e.count} for e in self.entries
        ]
        missing = sorted(code for code in self.cats if code not in self.geo.countries)
        if missing:
            parts.append(_("Not shown on the map: %(codes)s") % {"codes": ", ".join(missing)})
        return ". ".join(parts)

    def _defs(self, frame: _Frame, *, legend_swatches: bool) -> list[str]:
        out = [
            "<defs>",
            f'<clipPath id="{self.id_prefix}-clip"><rect x="{_num(frame.x0)}" '
            f'y="{_num(frame.y0)}" width="{_num(frame.x1 - frame.x0)}" '
            f'height="{_num(frame.y1 - frame.y0)}"/></clipPath>',
        ]
        for i, entry in enumerate(self.entries):
            if entry.pattern != "solid":
                out.append(_pattern_def(f"{self.id_prefix}-p{i}", entry, frame.unit))
                if legend_swatches:
                    out.append(_pattern_def(f"{self.id_prefix}-l{i}", entry, 1.0))
        out.append("</defs>")
        return out

    def _background(self, frame: _Frame) -> list[str]:
        """Unlabelled land, and countries without a category."""
        view = frame.view
        out = [
            f'<g aria-hidden="true" fill="{BACKGROUND_FILL}" stroke="{BACKGROUND_STROKE}" '
            f'stroke-width="{_num(0.8 * frame.unit)}">'
        ]
        out.extend(
            f'<path d="{print_d if self.for_print else d}"/>'
            for d, print_d, box in self.geo.background
            if _intersects(box, view) and (print_d if self.for_print else d)
        )
        out.extend(
            f'<path d="{self.outline(c)}"/>'
            for code, c in self.geo.countries.items()
            if code not in self.cats and self.outline(c) and _intersects(_box_of(c), view)
        )
        out.append("</g>")
        return out

    def _states(self, frame: _Frame) -> list[str]:
        """Each state with a category: a group (or link) whose <title> is tooltip and name."""
        out = [f'<g stroke="{OUTLINE}" stroke-width="{_num(0.6 * frame.unit)}">']
        by_key = self.by_key
        # Highlighted states are drawn last, on top.
        for code in sorted(self.drawn, key=lambda c: c in self.highlighted):
            out.append(self._state(code, frame, by_key))
        out.append("</g>")
        return out

    def _state(self, code: str, frame: _Frame, by_key: dict[str, tuple[int, LegendItem]]) -> str:
        country = self.geo.countries[code]
        fill = self._fill(code, by_key)
        key = self.cats[code]
        name = self.names.get(code) or country.name
        label = f"{name} — {by_key[key][1].label if key in by_key else key}"
        parts = [f"<title>{escape(label)}</title>"]
        outline = self.outline(country)
        if outline:
            parts.append(f'<path d="{outline}" fill="{fill}"/>')
        if not outline or _is_small(country, frame):
            cx, cy = country.centre
            parts.append(
                f'<circle class="map__marker" cx="{_num(cx)}" cy="{_num(cy)}" '
                f'r="{_num(MARKER_RADIUS * frame.unit)}" fill="{fill}" '
                f'stroke-width="{_num(1.2 * frame.unit)}"/>'
            )
        attrs = f'class="map__state" data-iso3="{code}" data-category="{escape(key)}"'
        if code in self.highlighted:
            attrs += (
                f' data-highlight="true" stroke="{HIGHLIGHT}" '
                f'stroke-width="{_num(2.2 * frame.unit)}"'
            )
        if code in self.links:
            return f'<a href="{escape(self.links[code])}" {attrs}>{"".join(parts)}</a>'
        return f"<g {attrs}>{''.join(parts)}</g>"

    def _fill(self, code: str, by_key: dict[str, tuple[int, LegendItem]]) -> str:
        key = self.cats[code]
        if key not in by_key:
            return UNKNOWN_FILL
        i, entry = by_key[key]
        if entry.pattern == "solid":
            return escape(entry.colour)
        return f"url(#{self.id_prefix}-p{i})"

    def _legend(
        self, labels: list[str], positions: list[tuple[float, float]], *, top: float
    ) -> list[str]:
        """Swatches repeat the patterns, so the legend also reads in greyscale print."""
        out = [
            f'<g class="map__legend" font-size="{_num(LEGEND_FONT)}" fill="{TEXT}" '
            f'transform="translate(0 {_num(top)})">'
        ]
        for i, (entry, text, (x, y)) in enumerate(
            zip(self.entries, labels, positions, strict=True)
        ):
            swatch = (
                escape(entry.colour) if entry.pattern == "solid" else f"url(#{self.id_prefix}-l{i})"
            )
            out.append(
                f'<g data-legend-key="{escape(entry.key)}">'
                f'<rect x="{_num(x)}" y="{_num(y)}" width="26" height="22" rx="3" '
                f'fill="{swatch}" stroke="{OUTLINE}" stroke-width="1"/>'
                f'<text x="{_num(x + 36)}" y="{_num(y + 18)}">{escape(text)}</text></g>'
            )
        out.append("</g>")
        return out


def _is_small(country: _Country, frame: _Frame) -> bool:
    """Drawn smaller than MARKER_BELOW squared: it also gets a marker to stay visible.

    Bounding-box area, so thin slivers (Gambia) count as small as well as specks.
    """
    box = _box_of(country)
    area = (box[2] - box[0]) * (box[3] - box[1]) * frame.scale * frame.scale
    return area < MARKER_BELOW * MARKER_BELOW
