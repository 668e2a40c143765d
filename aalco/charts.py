"""Small charts rendered server-side as self-contained, accessible SVG.

Why hand-written rather than a library: pygal (the obvious server-side SVG library) was tried.
Its output carries random ids and a generation date (not reproducible, hard to test), puts
all styling in a ``<style>`` block keyed on those ids (fragile in WeasyPrint), has no ARIA
naming, a fixed 800×600 frame whose 10 px labels are unreadable on a phone, no step
interpolation, and no "x out of a per-row total" bar. The two charts the product needs are
~150 lines of plain SVG with presentation attributes, which print, convert to PDF and read
out the same everywhere. Pair every chart with ``includes/chart_table.html`` (the data as a
table) for people who cannot see it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .palette import colour

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif"
TEXT = colour("text")
MUTED = colour("secondary-text")
TRACK = colour("chart-track")
TRACK_EDGE = colour("chart-track-edge")
BAR = colour("accent")
BAR_DONE = colour("accent-dark")
GRID = colour("chart-grid")
LINE = colour("accent")
LINK = colour("link")
PAGE = colour("page")

#: A bar row: (label, value, total, link or None), e.g. ("RES/52/S 5", 12, 34, "/r/5/").
BarRow = tuple[str, int, int, str | None]


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ids(kind: str, seed: str) -> tuple[str, str]:
    digest = hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{kind}-{digest}-title", f"{kind}-{digest}-desc"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg_open(width: float, height: float, role: str, title: str, desc: str, seed: str) -> str:
    title_id, desc_id = _ids("chart", seed)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="{role}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" font-family="{FONT}" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>'
    )


def horizontal_bar_chart(
    rows: Sequence[BarRow],
    *,
    title: str,
    description: str = "",
    width: float = 440,
) -> SafeString:
    """Progress bars, one per row: "value out of total", e.g. reports out of states addressed.

    Each row shows its label above a full-width track (the total) and a filled part (the
    value), with "12 of 34" at the end of the label line. Rows with a link become links.
    """
    # Sized so labels stay >= 12 px on a 375 px phone; cap the width with CSS on desktop.
    inner = width - 2  # keep the 1-unit track outline inside the frame
    height = max(BAR_ROW_HEIGHT * len(rows), BAR_ROW_HEIGHT) + 4
    summaries = []
    parts: list[str] = []
    for i, (label, value, total, href) in enumerate(rows):
        summary, row = _bar_row(label, value, total, href, y=i * BAR_ROW_HEIGHT + 2, inner=inner)
        summaries.append(summary)
        if href:
            parts.append(f'<a class="chart__row" href="{escape(href)}">{row}</a>')
        else:
            parts.append(f'<g class="chart__row">{row}</g>')
    if not rows:
        parts.append(
            f'<text x="1" y="30" font-size="{_num(BAR_LABEL_FONT)}" fill="{MUTED}">'
            f"{escape(_('No data yet.'))}</text>"
        )

    desc = ". ".join([d for d in (description, *summaries) if d])
    # With links the rows must stay reachable, so no role="img" (it hides children).
    role = "group" if any(r[3] for r in rows) else "img"
    svg = _svg_open(width, height, role, title, desc, title + desc) + "".join(parts) + "</svg>"
    # Every interpolated value is escaped above.
    return mark_safe(svg)


BAR_ROW_HEIGHT = 54.0
BAR_LABEL_FONT = 16.0
BAR_HEIGHT = 14.0


def _bar_texts(label: str, value: int, total: int, share: float) -> tuple[str, str]:
    """The count at the end of the label line ("12 of 34") and the row's full summary."""
    if total <= 0:
        return _("none addressed"), _("%(label)s: none addressed") % {"label": label}
    count_text = _("%(value)s of %(total)s") % {
        "value": number_format(value),
        "total": number_format(total),
    }
    summary = _("%(label)s: %(value)s of %(total)s (%(percent)s%%)") % {
        "label": label,
        "value": number_format(value),
        "total": number_format(total),
        "percent": number_format(round(share * 100)),
    }
    return count_text, summary


def _bar_row(
    label: str, value: int, total: int, href: str | None, *, y: float, inner: float
) -> tuple[str, str]:
    """(summary, the row's SVG): label, count, the track and its filled part."""
    shown = max(0, min(value, total))
    share = shown / total if total > 0 else 0.0
    count_text, summary = _bar_texts(label, value, total, share)
    # ~0.55 em per character; keep the count visible and shorten the label instead.
    room = int((inner - len(count_text) * BAR_LABEL_FONT * 0.55 - 16) / (BAR_LABEL_FONT * 0.55))
    fill = BAR_DONE if total > 0 and shown == total else BAR
    # Right to left the row is mirrored: label at the right, count at the left, the bar
    # filling from the right. Texts are laid out right to left ("0 من 47" in its order),
    # where a text's start is its right edge; the drawing itself stays left to right (CSS).
    rtl = get_language_bidi()
    label_at, count_at = (inner, 1) if rtl else (1, inner)
    text_dir = ' direction="rtl"' if rtl else ""
    row = (
        f"<title>{escape(summary)}</title>"
        f'<text x="{_num(label_at)}" y="{_num(y + 17)}" font-size="{_num(BAR_LABEL_FONT)}" '
        f'fill="{LINK if href else TEXT}"{text_dir}>'
        f"{escape(_truncate(label, max(room, 8)))}</text>"
        f'<text x="{_num(count_at)}" y="{_num(y + 17)}" font-size="{_num(BAR_LABEL_FONT)}" '
        f'fill="{MUTED}" text-anchor="end"{text_dir}>{escape(count_text)}</text>'
        f'<rect x="1" y="{_num(y + 26)}" width="{_num(inner - 1)}" '
        f'height="{_num(BAR_HEIGHT)}" rx="3" fill="{TRACK}" stroke="{TRACK_EDGE}" '
        f'stroke-width="1"/>'
    )
    if shown:
        bar = max((inner - 1) * share, 3)
        row += (
            f'<rect class="chart__bar" x="{_num(inner - bar if rtl else 1)}" '
            f'y="{_num(y + 26)}" width="{_num(bar)}" height="{_num(BAR_HEIGHT)}" '
            f'rx="3" fill="{fill}" data-value="{value}" data-total="{total}"/>'
        )
    return summary, row


@dataclass(frozen=True)
class _StepPlot:
    """The plot area of a step chart: years across, counts up, with round ticks."""

    left: float
    top: float
    width: float
    height: float
    first_year: int
    last_year: int
    y_max_value: int

    @property
    def span(self) -> int:
        return max(self.last_year - self.first_year, 1)

    @property
    def step(self) -> int:
        return _nice_step(max(self.y_max_value, 1))

    @property
    def y_top(self) -> int:
        return max(self.step * math.ceil(max(self.y_max_value, 1) / self.step), self.step)

    def sx(self, year: float) -> float:
        return self.left + (year - self.first_year) / self.span * self.width

    def sy(self, value: float) -> float:
        return self.top + self.height - value / self.y_top * self.height

    def grid(self, *, right_edge: float) -> list[str]:
        """Horizontal lines at the y ticks, year ticks (at most ~8) and the x axis."""
        left, base = self.left, self.top + self.height
        out = [f'<g font-size="14" fill="{MUTED}" stroke-width="1">']
        for tick in range(0, self.y_top + 1, self.step):
            y = self.sy(tick)
            out.append(
                f'<line x1="{_num(left)}" x2="{_num(right_edge)}" y1="{_num(y)}" '
                f'y2="{_num(y)}" stroke="{GRID}"/>'
                f'<text x="{_num(left - 8)}" y="{_num(y + 4)}" text-anchor="end" stroke="none">'
                f"{number_format(tick)}</text>"
            )
        for year in self._years():
            x = self.sx(year)
            out.append(
                f'<line x1="{_num(x)}" x2="{_num(x)}" y1="{_num(base)}" '
                f'y2="{_num(base + 5)}" stroke="{MUTED}"/>'
                f'<text x="{_num(x)}" y="{_num(base + 21)}" text-anchor="middle" '
                f'stroke="none">{year}</text>'
            )
        out.append(
            f'<line x1="{_num(left)}" x2="{_num(right_edge)}" y1="{_num(base)}" '
            f'y2="{_num(base)}" stroke="{MUTED}"/></g>'
        )
        return out

    def _years(self) -> range:
        """The labelled years: every one, or round years when there are too many."""
        year_step = max(1, math.ceil((self.span + 1) / 8))
        if year_step > 1:
            year_step = next(s for s in (2, 5, 10, 20, 25, 50) if s >= year_step)
        start = (
            self.first_year
            if year_step == 1
            else math.ceil(self.first_year / year_step) * year_step
        )
        return range(start, self.last_year + 1, year_step)

    def line(self, data: Sequence[tuple[int, int]]) -> list[str]:
        """The step path (across to the next year, then up or down to its value) and a
        point per year with its value."""
        sx, sy = self.sx, self.sy
        d = f"M{_num(sx(data[0][0]))} {_num(sy(data[0][1]))}"
        for next_year, next_value in data[1:]:
            d += f"H{_num(sx(next_year))}V{_num(sy(next_value))}"
        d += f"H{_num(sx(self.last_year))}"
        out = [
            f'<path class="chart__line" d="{d}" fill="none" stroke="{LINE}" stroke-width="3" '
            f'stroke-linejoin="round"/>'
        ]
        for year, value in data:
            out.append(
                f'<circle class="chart__point" cx="{_num(sx(year))}" cy="{_num(sy(value))}" '
                f'r="4" fill="{PAGE}" stroke="{LINE}" stroke-width="2" data-year="{year}" '
                f'data-value="{value}"><title>{year}: {number_format(value)}</title></circle>'
            )
        return out


def _nice_step(maximum: int, target_ticks: int = 5) -> int:
    """An integer tick step (1, 2, 5, 10, 20 …) giving about ``target_ticks`` ticks."""
    if maximum <= target_ticks:
        return 1
    raw = maximum / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def step_line_chart(
    points: Sequence[tuple[int, int]],
    *,
    title: str,
    y_label: str,
    description: str = "",
    until: int | None = None,
    width: float = 440,
    height: float = 260,
) -> SafeString:
    """A step line of a count over years, e.g. a treaty's parties among members per year.

    ``points`` are ``(year, value)``; the value holds until the next point (a step, since a
    count of parties changes on dates, not gradually). ``until`` extends the last step to
    that year (defaults to the last point's year).
    """
    data = sorted(points)
    left, right, top, bottom = 44.0, 16.0, 34.0, 36.0
    plot_w, plot_h = width - left - right, height - top - bottom
    summary = "; ".join(f"{year}: {number_format(value)}" for year, value in data)
    desc = ". ".join(d for d in (description, summary) if d)
    out = [_svg_open(width, height, "img", title, desc, title + summary)]
    out.append(f'<text x="0" y="16" font-size="14" fill="{MUTED}">{escape(y_label)}</text>')
    if not data:
        out.append(
            f'<text x="{_num(left)}" y="{_num(top + plot_h / 2)}" font-size="15" '
            f'fill="{MUTED}">{escape(_("No data yet."))}</text></svg>'
        )
        return mark_safe("".join(out))

    plot = _StepPlot(
        left=left,
        top=top,
        width=plot_w,
        height=plot_h,
        first_year=data[0][0],
        last_year=max(until or data[-1][0], data[-1][0]),
        y_max_value=max(v for _y, v in data),
    )
    out += plot.grid(right_edge=width - right)
    out += plot.line(data)
    # Label the latest value: the number people look for first.
    last_value = data[-1][1]
    out.append(
        f'<text x="{_num(plot.sx(plot.last_year))}" y="{_num(plot.sy(last_value) - 10)}" '
        f'text-anchor="end" '
        f'font-size="15" font-weight="700" fill="{TEXT}">{number_format(last_value)}</text>'
    )
    out.append("</svg>")
    # Every interpolated value is escaped or numeric.
    return mark_safe("".join(out))
