"""Treaties are data: no treaty's name is written into the code.

The name of the treaty that ships as reference data may appear only in that data, in the
code that loads it, and in migrations; tests and documentation may name it freely.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("aalco", "resolutions", "memberstates", "templates")
SUFFIXES = {".py", ".html", ".txt"}
NAME = "ICMW"

#: Where the name may appear, and why.
ALLOWED = {
    # The reference data itself (CSV and the seed resolution's own text).
    "memberstates/data/": "reference data",
    "resolutions/data/": "reference data: the seed resolution as adopted",
    # Its loaders: the shipped status file and `load_reference_data --icmw-status`.
    "memberstates/reference.py": "the reference-data loader",
    "resolutions/services/reference.py": "the reference-data loader",
    "resolutions/management/commands/load_reference_data.py": "the loader's --icmw-status",
    # The demo's fictional reports speak of the shipped treaty (demo data, not rules).
    "resolutions/services/demo_scenario.py": "the demo's fictional reports",
    # The benchmark data generator builds on the shipped reference treaty (test data).
    "resolutions/services/bench_data.py": "the benchmark generator: reference data at UN size",
    # Examples of a short name in the loading screens' help (documentation).
    "memberstates/management/commands/load_treaty_status.py": "the loader's help text",
    "memberstates/treaty_import.py": "the loader's message, an example of a short name",
    "resolutions/forms/treaties.py": "the loader's help text, an example of a short name",
    # The parser is pure (no database): its table of common treaty names is reference data
    # too; the app adds every Treaty row's aliases to it.
    "resolutions/parser/": "the parser's reference table of treaty names and its docs",
    # Title case of imported titles: a list of acronyms, not a choice of treaty.
    "resolutions/services/import_preview.py": "acronyms kept in capitals in titles",
}


def _allowed(relative: str) -> bool:
    return "/migrations/" in relative or any(relative.startswith(p) for p in ALLOWED)


def test_no_treaty_name_is_written_into_the_code():
    found = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            relative = path.relative_to(ROOT).as_posix()
            if _allowed(relative):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if NAME in line:
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "A treaty's name is written into the code:\n" + "\n".join(found)


def test_the_allowed_places_still_exist():
    """An allowance for a file that is gone would hide nothing and should go too."""
    missing = [p for p in ALLOWED if not (ROOT / p).exists()]
    assert not missing, missing
