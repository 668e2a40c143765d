"""Server-side SVG: the member-state map and the charts.

Pure functions, no database: they must render every AALCO member (and any other ISO3 code)
as valid, accessible SVG quickly enough to sit on any page.
"""

from __future__ import annotations

import csv
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aalco.charts import horizontal_bar_chart, step_line_chart
from memberstates.maps import (
    GEOMETRY_PATH,
    TREATY_STATUS_LEGEND,
    known_codes,
    load_geometry,
    map_legend,
    render_member_map,
)

SVG = "{http://www.w3.org/2000/svg}"
DATA = Path(__file__).resolve().parent.parent / "memberstates" / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _treaty_categories() -> dict[str, str]:
    cats = {}
    for row in _rows("icmw_status_aalco.csv"):
        if row["consent_type"] in {"ratification", "accession", "succession"}:
            cats[row["iso3"]] = "party"
        elif row["signature_date"]:
            cats[row["iso3"]] = "signatory"
        else:
            cats[row["iso3"]] = "no_action"
    return cats


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is valid XML


def _states(root: ET.Element) -> dict[str, ET.Element]:
    return {
        el.get("data-iso3"): el
        for el in root.iter()
        if el.get("class") == "map__state" and el.get("data-iso3")
    }


@pytest.fixture(scope="module")
def categories() -> dict[str, str]:
    return _treaty_categories()


@pytest.fixture(scope="module")
def member_names() -> dict[str, str]:
    return {row["iso3"]: row["name"] for row in _rows("aalco_member_states.csv")}


# ------------------------------------------------------------------------------ geometry


def test_geometry_ships_small_and_covers_every_member(member_names):
    assert GEOMETRY_PATH.stat().st_size < 400_000
    missing = set(member_names) - known_codes()
    assert not missing, f"no geometry for {missing}"


def test_geometry_knows_every_un_member_in_the_reference_list():
    # Tuvalu has no Natural Earth 1:50m polygon: it must still be drawable (as a marker).
    geo = load_geometry()
    assert geo.countries["TUV"].d == ""
    assert geo.countries["TUV"].centre


# ------------------------------------------------------------------------------ the map


def test_map_draws_every_member_with_its_category_title_and_link(categories, member_names):
    svg = render_member_map(
        categories,
        legend=TREATY_STATUS_LEGEND,
        title="ICMW status of AALCO member states",
        links={code: f"/states/{code}/" for code in categories},
        names=member_names,
    )
    root = _parse(svg)
    assert root.get("role") == "group"  # links inside: role="img" would hide them
    assert root.find(f"{SVG}title").text == "ICMW status of AALCO member states"
    assert root.get("aria-labelledby") == root.find(f"{SVG}title").get("id")

    states = _states(root)
    assert set(states) == set(categories) == set(member_names)
    labels = {key: str(label) for key, label, *_rest in TREATY_STATUS_LEGEND}
    for code, el in states.items():
        assert el.tag == f"{SVG}a"
        assert el.get("href") == f"/states/{code}/"
        assert el.get("data-category") == categories[code]
        assert el.find(f"{SVG}title").text == f"{member_names[code]} — {labels[categories[code]]}"
        # A shape or a marker is always there to see and click.
        assert el.find(f"{SVG}path") is not None or el.find(f"{SVG}circle") is not None

    philippines = states["PHL"]
    assert philippines.find(f"{SVG}title").text == "Philippines — Party"
    party_colour = TREATY_STATUS_LEGEND[0][2]
    assert philippines.find(f"{SVG}path").get("fill") == party_colour
    # Signatories are hatched (a pattern), so colour is not the only cue.
    assert states["CMR"].find(f"{SVG}path").get("fill").startswith("url(#")


@pytest.mark.parametrize("code", ["BHR", "SGP", "MUS", "MDV", "TUV"])
def test_small_states_get_a_marker(code):
    # Japan and South Africa widen the frame to a continental scale.
    svg = render_member_map(
        {code: "party", "JPN": "no_action", "ZAF": "no_action"},
        legend=TREATY_STATUS_LEGEND,
        title="t",
    )
    marker = _states(_parse(svg))[code].find(f"{SVG}circle")
    assert marker is not None
    assert float(marker.get("r")) > 0


def test_all_small_aalco_members_have_markers(categories):
    states = _states(_parse(render_member_map(categories, legend=TREATY_STATUS_LEGEND, title="t")))
    for code in ("BHR", "SGP", "MUS", "BRN", "PSE", "CYP", "LBN", "QAT", "GMB"):
        assert states[code].find(f"{SVG}circle") is not None, code
    # Large states do not.
    assert states["CHN"].find(f"{SVG}circle") is None


def test_legend_lists_each_category_with_counts(categories):
    root = _parse(render_member_map(categories, legend=TREATY_STATUS_LEGEND, title="t"))
    legend = [el for el in root.iter() if el.get("class") == "map__legend"]
    assert len(legend) == 1
    texts = [t.text for t in legend[0].iter(f"{SVG}text")]
    assert texts == ["Party (13)", "Signatory, not a party (2)", "No action (32)"]
    desc = root.find(f"{SVG}desc").text
    assert "Party: 13" in desc
    assert "No action: 32" in desc


def test_legend_can_move_out_of_the_svg(categories):
    svg = render_member_map(categories, legend=TREATY_STATUS_LEGEND, title="t", legend_in_svg=False)
    root = _parse(svg)
    assert not [el for el in root.iter() if el.get("class") == "map__legend"]
    items = map_legend(categories, TREATY_STATUS_LEGEND)
    assert [(i.key, i.count, i.pattern) for i in items] == [
        ("party", 13, "solid"),
        ("signatory", 2, "hatch"),
        ("no_action", 32, "solid"),
    ]


def test_unknown_codes_and_keys_do_not_break_the_map():
    svg = render_member_map(
        {"XXX": "party", "ind": "mystery", "PHL": "party"},
        legend=[("party", "Party", "#0f6f6a")],
        title="t",
        links={"XXX": "/x/"},
    )
    root = _parse(svg)
    states = _states(root)
    assert set(states) == {"IND", "PHL"}  # lower-case codes are accepted
    assert states["IND"].find(f"{SVG}title").text == "India — mystery"
    assert "Not shown on the map: XXX" in root.find(f"{SVG}desc").text


def test_an_empty_map_shows_the_world():
    root = _parse(render_member_map({}, legend=[], title="Nothing yet"))
    assert root.get("role") == "img"
    assert not _states(root)


def test_the_map_works_for_all_un_members():
    geo = load_geometry()
    everyone = dict.fromkeys(geo.countries, "party")
    root = _parse(render_member_map(everyone, legend=TREATY_STATUS_LEGEND, title="World"))
    assert len(_states(root)) == len(geo.countries)


def test_values_are_escaped():
    svg = render_member_map(
        {"IND": "party"},
        legend=[("party", "<b>Party</b> & co", "#0f6f6a")],
        title='A "map" <script>',
        names={"IND": "India & <friends>"},
        links={"IND": '/x/?a=1&b="2"'},
    )
    root = _parse(svg)  # parses: nothing leaked unescaped
    assert root.find(f"{SVG}title").text == 'A "map" <script>'
    assert _states(root)["IND"].get("href") == '/x/?a=1&b="2"'
    assert "<script>" not in svg


def test_highlighted_state_is_outlined_and_drawn_last(categories):
    root = _parse(
        render_member_map(categories, legend=TREATY_STATUS_LEGEND, title="t", highlight=["IND"])
    )
    states = [el for el in root.iter() if el.get("class") == "map__state"]
    assert states[-1].get("data-iso3") == "IND"
    assert states[-1].get("data-highlight") == "true"


def test_two_maps_on_a_page_have_distinct_ids(categories):
    a = _parse(render_member_map(categories, legend=TREATY_STATUS_LEGEND, title="A"))
    b = _parse(render_member_map(categories, legend=TREATY_STATUS_LEGEND, title="B"))
    ids_a = {el.get("id") for el in a.iter() if el.get("id")}
    ids_b = {el.get("id") for el in b.iter() if el.get("id")}
    assert ids_a and not ids_a & ids_b


def test_map_renders_fast(categories):
    load_geometry()  # loaded once per process, as in production
    start = time.perf_counter()
    for _ in range(5):
        render_member_map(
            categories,
            legend=TREATY_STATUS_LEGEND,
            title="t",
            links={code: f"/s/{code}/" for code in categories},
        )
    assert (time.perf_counter() - start) / 5 < 0.05


def test_unknown_pattern_is_refused():
    with pytest.raises(ValueError, match="pattern"):
        render_member_map({"IND": "a"}, legend=[("a", "A", "#000000", "stripes")], title="t")


# ------------------------------------------------------------------------------ charts


def test_bar_chart_draws_one_bar_per_row_with_values():
    svg = horizontal_bar_chart(
        [
            ("AALCO/RES/52/S 5", 12, 34, "/resolutions/1/"),
            ("AALCO/RES/52/S 6", 34, 34, None),
            ("AALCO/RES/52/S 7", 0, 47, None),
            ("Nothing addressed", 0, 0, None),
        ],
        title="Reports received",
    )
    root = _parse(svg)
    assert root.get("role") == "group"  # one row is a link
    assert root.find(f"{SVG}title").text == "Reports received"
    bars = [el for el in root.iter(f"{SVG}rect") if el.get("class") == "chart__bar"]
    assert [(b.get("data-value"), b.get("data-total")) for b in bars] == [
        ("12", "34"),
        ("34", "34"),
    ]
    track_width = float(next(root.iter(f"{SVG}rect")).get("width"))
    assert float(bars[0].get("width")) == pytest.approx(track_width * 12 / 34, abs=0.01)
    assert float(bars[1].get("width")) == pytest.approx(track_width, abs=0.01)

    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "12 of 34" in texts
    assert "0 of 47" in texts
    assert "none addressed" in texts
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["/resolutions/1/"]
    desc = root.find(f"{SVG}desc").text
    assert "AALCO/RES/52/S 5: 12 of 34 (35%)" in desc


def test_bar_chart_without_links_is_an_image_and_handles_no_rows():
    root = _parse(horizontal_bar_chart([], title="Empty"))
    assert root.get("role") == "img"
    assert "No data yet." in [t.text for t in root.iter(f"{SVG}text")]


def test_bar_chart_clamps_and_shortens_long_labels():
    root = _parse(horizontal_bar_chart([("x" * 200, 50, 10, None)], title="t"))
    bar = next(el for el in root.iter(f"{SVG}rect") if el.get("class") == "chart__bar")
    track = next(root.iter(f"{SVG}rect"))
    assert float(bar.get("width")) == pytest.approx(float(track.get("width")))
    label = next(root.iter(f"{SVG}text")).text
    assert label.endswith("…")
    assert len(label) < 60


def test_step_line_chart_steps_through_the_points():
    points = [(1993, 1), (1995, 3), (2018, 13)]
    root = _parse(step_line_chart(points, title="ICMW parties", y_label="Parties", until=2026))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "ICMW parties"
    assert "1993: 1; 1995: 3; 2018: 13" in root.find(f"{SVG}desc").text
    dots = [el for el in root.iter(f"{SVG}circle") if el.get("class") == "chart__point"]
    assert [(d.get("data-year"), d.get("data-value")) for d in dots] == [
        ("1993", "1"),
        ("1995", "3"),
        ("2018", "13"),
    ]
    line = next(el for el in root.iter(f"{SVG}path") if el.get("class") == "chart__line")
    d = line.get("d")
    # Horizontal then vertical moves only: a step, never a slope.
    assert d.startswith("M")
    assert {c for c in d if c.isalpha()} == {"M", "H", "V"}
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Parties" in texts
    assert "13" in texts  # the latest value is labelled
    assert "2025" in texts or "2026" in texts  # axis runs to `until`


def test_step_line_chart_with_no_points():
    root = _parse(step_line_chart([], title="t", y_label="Parties"))
    assert "No data yet." in [t.text for t in root.iter(f"{SVG}text")]


def _points(svg: str) -> int:
    """Points drawn by the map's paths: one per coordinate pair of their data."""
    import re

    return sum(
        len(re.findall(r"-?\d+(?:\.\d+)?", d)) // 2 for d in re.findall(r' d="([^"]*)"', svg)
    )


def test_the_print_map_is_the_same_map_with_lighter_outlines(categories, member_names):
    """Paper gets the outlines the geometry build simplified for it: the same states, ids,
    categories and markers, with about a quarter of the points (WeasyPrint draws each)."""
    args = {"legend": TREATY_STATUS_LEGEND, "title": "t", "names": member_names}
    screen = render_member_map(categories, **args)
    paper = render_member_map(categories, **args, detail="print")
    screen_states, paper_states = _states(_parse(screen)), _states(_parse(paper))
    assert paper_states.keys() == screen_states.keys()
    for code, el in paper_states.items():
        assert el.get("data-category") == screen_states[code].get("data-category")
        # A state too small for a print outline keeps its marker.
        assert el.find(f"{SVG}path") is not None or el.find(f"{SVG}circle") is not None
    assert _points(paper) < _points(screen) / 3
    with pytest.raises(ValueError):
        render_member_map(categories, **args, detail="poster")


def test_drawings_take_their_colours_from_the_palette_stylesheet():
    from aalco.palette import PALETTE_CSS, colour, palette

    css = PALETTE_CSS.read_text()
    assert f"--colour-party: {colour('party')};" in css
    assert {key: c for key, _label, c, *_p in TREATY_STATUS_LEGEND} == {
        "party": palette()["party"],
        "signatory": palette()["signatory"],
        "no_action": palette()["no-action"],
    }
