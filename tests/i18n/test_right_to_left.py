"""Right to left, what CSS logical properties alone do not mirror. Progress bars are
mirrored (label at the right, the count at the left, the bar filling from the right), their
text laid out right to left so "0 من 47" reads in order; every chart's geometry is fixed left
to right by the stylesheet, so the page's direction cannot push labels out of the drawing.
A reporting cycle's arrow and the menu's chevron point the right way."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from aalco.charts import horizontal_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"


def _bars(language: str):
    with translation.override(language):
        svg = horizontal_bar_chart([("AALCO/RES/52/S 5", 12, 34, None)], title="t", width=440)
    root = ET.fromstring(str(svg))  # noqa: S314 - our own output
    label, count = list(root.iter(f"{SVG}text"))
    track, bar = list(root.iter(f"{SVG}rect"))
    return label, count, track, bar


def test_arabic_bars_are_mirrored_and_their_text_right_to_left():
    label, count, track, bar = _bars("ar")
    assert label.text == "AALCO/RES/52/S 5"
    # Right to left, a text's start is its right edge: the label starts at the right edge of
    # the drawing and runs left, the count ends at its left edge.
    assert label.get("direction") == count.get("direction") == "rtl"
    assert float(label.get("x")) > 400 and label.get("text-anchor") in (None, "start")
    assert float(count.get("x")) < 5 and count.get("text-anchor") == "end"
    # The bar ends where the track ends, on the right.
    end = float(bar.get("x")) + float(bar.get("width"))
    assert end == pytest.approx(float(track.get("x")) + float(track.get("width")), abs=0.01)
    assert float(bar.get("x")) > float(track.get("x"))


def test_english_bars_stay_left_to_right():
    label, count, track, bar = _bars("en")
    assert float(label.get("x")) < 5 and label.get("direction") is None
    assert float(count.get("x")) > 400 and count.get("text-anchor") == "end"
    assert bar.get("x") == track.get("x")


def test_chart_geometry_does_not_follow_the_page_direction():
    css = CSS.read_text(encoding="utf-8")
    rule = re.search(r"svg\.map,\s*svg\.chart\s*\{([^}]*)\}", css)
    assert rule and "direction: ltr" in rule.group(1)


def test_a_reporting_cycle_points_the_way_the_text_reads(reference_data):
    from resolutions.models import ReportingCycle, Session

    cycle = ReportingCycle(
        opening=Session.objects.get(number=52), closing=Session.objects.get(number=53)
    )
    with translation.override("en"):
        assert str(cycle) == "52 → 53"
    with translation.override("ar"):
        assert str(cycle) == "52 ← 53"


def test_the_menu_chevron_points_down_right_to_left_too():
    css = CSS.read_text(encoding="utf-8")
    assert re.search(
        r'\[dir="rtl"\]\.js-enabled \.service-nav__toggle::after \{\s*transform: '
        r"translateY\(-25%\) rotate\(-45deg\);",
        css,
    )
