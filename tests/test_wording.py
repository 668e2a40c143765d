"""Words of diplomats and lawyers, not of the program: no "sessions
table", "checked by content", command lines or file names in the interface; provenance as a
readable source with a link; titles in the case they were adopted in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

ROOT = Path(__file__).resolve().parent.parent
PROGRAM_WORDS = re.compile(
    r"sessions table|checked by content|manage\.py|import_resolution command|"
    r"load_reference_data|python -m|Reference data load",
    re.I,
)


def _interface_files():
    yield from (ROOT / "templates").rglob("*.html")
    yield from (ROOT / "templates").rglob("*.txt")
    for area in ("views", "forms", "services", "selectors"):
        yield from (ROOT / "resolutions" / area).rglob("*.py")
        yield from (ROOT / "memberstates" / area).rglob("*.py")


def _user_strings(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return re.sub(r"{% comment %}.*?{% endcomment %}", "", text, flags=re.S)
    # Only what reaches people: strings passed to gettext.
    return " ".join(re.findall(r"_\(\s*((?:\"[^\"]*\"\s*)+)", text))


def test_no_program_words_in_the_interface():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _interface_files()
        for match in PROGRAM_WORDS.finditer(_user_strings(path))
    ]
    assert found == []


def test_titles_keep_the_case_they_were_adopted_in():
    lowered = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if re.search(r"title\|(lower|upper|title)", path.read_text(encoding="utf-8"))
    ]
    assert lowered == []


UNTC_NOTE = (
    "not listed as participant: https://treaties.un.org/doc/Publication/MTDSG/Volume%20I/"
    "Chapter%20IV/iv-13.en.xml (UNTC IV-13 snapshot: 40 signatories, 59 parties) / "
    "https://webarchive.unesco.org/web/20151230013307/http:/portal.unesco.org/shs/en/ev.php "
    "(copy of UNTC list); 'no action' in world-politics-datalab/humanrights-treaties-"
    "ratification-status hr_status_icmw.csv"
)


def test_provenance_is_a_readable_source_with_a_link():
    html = Template('{% include "includes/source.html" with text=note %}').render(
        Context({"note": UNTC_NOTE})
    )
    assert ">UN Treaty Collection, chapter IV, entry 13</a>" in html
    assert 'href="https://treaties.un.org/doc/Publication/MTDSG/Volume%20I/Chapter%20IV/' in html
    assert "UNESCO web archive" in html
    assert ".csv" not in re.sub(r'href="[^"]*"', "", html)
    assert "datalab" not in html


@pytest.mark.django_db
def test_state_page_names_its_sources(client_for, officer, reference_data):
    html = client_for(officer).get("/states/BHR/").content.decode()
    text = re.sub(r'href="[^"]*"', "", html)
    assert "UN Treaty Collection, chapter IV, entry 13" in html
    assert ".csv" not in text and ".rda" not in text
