"""python manage.py import_resolution PATH [--dry-run] [--json] [--replace]."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from memberstates.models import MemberState
from resolutions.models import Paragraph, Resolution, Response, Session

from .handmade import sectioned

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# The seed resolution as a person read it, item by item: the import must give the same.
SEED_EXPECTED = {
    "symbol": "AALCO/RES/52/S 5",
    "date": "2013-09-12",
    "session": 52,
    "deliberated": False,
    "title": "LEGAL PROTECTION OF MIGRANT WORKERS",
    "secretariat_document": "AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5",
}


def run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is None:
        call_command("import_resolution", *args, stdout=out, stderr=err)
    else:
        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            call_command("import_resolution", *args, stdout=out, stderr=err)
        finally:
            sys.stdin = saved
    return out.getvalue(), err.getvalue()


def check_seed_json(data: dict) -> None:
    for key, value in SEED_EXPECTED.items():
        assert data[key] == value, key
    assert [p["verb"] for p in data["preambular"]] == [
        "Having considered",
        "Recognizing",
        "Acknowledging",
        "Acknowledging further",
        "Welcoming",
    ]
    assert all(set(p) >= {"verb", "text"} for p in data["preambular"])
    operative = data["operative"]
    assert [(p["number"], p["verb"]) for p in operative] == [
        (1, "Requests"),
        (2, "Reaffirms"),
        (3, "Encourages"),
        (4, "Decides"),
    ]
    for paragraph in operative:
        assert set(paragraph) >= {
            "number", "verb", "text", "subparagraphs", "requests_report", "addressees",
            "treaties", "carries_to_session",
        }  # fmt: skip
    assert [p["requests_report"] for p in operative] == [True, False, True, False]
    assert operative[2]["treaties"] == ["ICMW"]
    assert operative[2]["addressees"] == "non_parties"
    assert operative[0]["addressees"] == "all"
    assert [p["carries_to_session"] for p in operative] == [None, None, None, 53]


def test_seed_json_matches_the_issue(reference_data, seed_file):
    out, err = run(str(seed_file), "--json")
    data = json.loads(out)
    check_seed_json(data)
    # Paragraph 3 addresses the 35 members not party to the ICMW on 12 September 2013.
    addressed = data["operative"][2]["addressed_states"]
    assert len(addressed) == 35 and "GMB" in addressed and "PHL" not in addressed
    assert len(data["operative"][0]["addressed_states"]) == 47
    assert data["operative"][1]["addressed_states"] is None
    assert "Imported AALCO/RES/52/S 5" in err  # the summary goes to stderr with --json
    assert Resolution.objects.filter(symbol="AALCO/RES/52/S 5").exists()


def test_summary_names_what_follows(reference_data, seed_file):
    out, _err = run(str(seed_file))
    assert "5 preambular and 4 operative paragraphs" in out
    assert "3. Encourages — asks states not party to ICMW to report, 35 states" in out
    assert "4. Decides — carries the item to session 53" in out


def test_dry_run_saves_nothing(reference_data, seed_file):
    out, _err = run(str(seed_file), "--dry-run")
    assert "Dry run: nothing was saved." in out
    assert not Resolution.objects.exists()


def test_dry_run_reports_unknown_session_as_a_warning(reference_data, seed_text):
    text = seed_text.replace("/52/", "/99/").replace("Fifty-Second", "Ninety-Ninth")
    out, err = run("-", "--dry-run", "--json", stdin=text)
    assert json.loads(out)["session"] == 99
    assert "warning: stdin: AALCO has no record of session 99 yet" in err
    with pytest.raises(CommandError, match="AALCO has no record of session 99 yet"):
        run("-", stdin=text)
    assert not Resolution.objects.exists()


@pytest.mark.django_db(transaction=False)
def test_dry_run_needs_no_database(tmp_path, seed_file):
    """A real process on a database file with no tables at all."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aalco.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "import_resolution", str(seed_file), "--dry-run", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    check_seed_json(data)
    assert data["operative"][2]["addressed_states"] is None
    assert "the database could not be read" in result.stderr


def test_existing_symbol_is_refused_without_replace(seed_resolution, seed_file):
    with pytest.raises(CommandError, match=r"AALCO/RES/52/S 5 is already imported"):
        run(str(seed_file))
    assert Resolution.objects.count() == 1


def test_replace_keeps_logged_responses(seed_resolution, seed_file, seed_text):
    third = seed_resolution.paragraphs.get(number=3)
    response = Response.objects.create(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=third,
        cycle=seed_resolution.session,
        narrative="Under consideration by the cabinet.",
    )
    corrected = seed_text.replace("particularly the ICMW 1990", "particularly the ICMW")
    seed_file.write_text(corrected, encoding="utf-8")
    run(str(seed_file), "--replace")
    resolution = Resolution.objects.get()
    assert resolution.pk == seed_resolution.pk
    third_again = resolution.paragraphs.get(number=3)
    assert third_again.pk == third.pk
    assert third_again.text.endswith("particularly the ICMW; and")
    assert Response.objects.get().paragraph_id == third.pk == response.paragraph_id
    assert [p.order for p in resolution.paragraphs.order_by("order")] == list(range(1, 10))
    assert resolution.paragraphs.count() == 9


def test_replace_refuses_to_drop_a_paragraph_with_responses(seed_resolution, seed_file, seed_text):
    fourth = seed_resolution.paragraphs.get(number=4)
    Response.objects.create(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=fourth,
        cycle=seed_resolution.session,
    )
    shorter = seed_text[: seed_text.index("4. **Decides**")]
    seed_file.write_text(shorter, encoding="utf-8")
    with pytest.raises(CommandError, match=r"operative paragraph 4 .* 1 responses logged"):
        run(str(seed_file), "--replace")
    assert seed_resolution.paragraphs.count() == 9


def test_replace_may_drop_a_paragraph_nobody_answered(seed_resolution, seed_file, seed_text):
    shorter = seed_text[: seed_text.index("4. **Decides**")]
    seed_file.write_text(shorter, encoding="utf-8")
    run(str(seed_file), "--replace")
    assert list(
        seed_resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).values_list(
            "number", flat=True
        )
    ) == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", r"stdin: The text is empty"),
        ("Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.\n", r"stdin: no operative"),
        ("\x00\x01\x02\x03binary\xff", r"stdin: The input is binary data"),
    ],
)
def test_bad_input_exits_non_zero_with_a_message(reference_data, text, expected):
    with pytest.raises(CommandError, match=expected):
        run("-", stdin=text)
    assert not Resolution.objects.exists()


def test_numbering_gap_is_a_warning_that_names_the_line(reference_data, parser_reads):
    reading = sectioned(body="aalco", session=52, symbol="AALCO/RES/52/S 9")
    operative = [*reading.operative[:3], dataclasses.replace(reading.operative[3], number=4)]
    parser_reads(dataclasses.replace(reading, operative=operative))
    out, err = run("-", "--dry-run", stdin="text")
    assert "warning: stdin, line 20: operative paragraph II.2 is missing" in err
    assert "Dry run: nothing was saved." in out
    # Saving goes ahead: a gap is not a reason to refuse.
    out, err = run("-", stdin="text")
    assert Resolution.objects.get().paragraphs.get(section="II", number=4)


def test_a_missing_symbol_is_named_and_nothing_saved(reference_data, parser_reads):
    parser_reads(sectioned(body="aalco", session=52, symbol=None))
    out, err = run("-", "--dry-run", "--json", stdin="text")
    assert "warning: stdin: no symbol was found: fill in the symbol" in err
    assert json.loads(out)["symbol"] is None
    with pytest.raises(CommandError, match="no symbol was found"):
        run("-", stdin="text")
    assert not Resolution.objects.exists()


def test_missing_file(reference_data):
    with pytest.raises(CommandError, match="no such file"):
        run("/nonexistent/resolution.txt")


def test_several_resolutions_in_one_file_import_together(reference_data, seed_text, documents):
    second = (documents / "AALCO_RES_53_S_5.txt").read_text(encoding="utf-8")
    out, _err = run("-", stdin=seed_text + "\n\n" + second)
    assert "Imported AALCO/RES/52/S 5" in out and "Imported AALCO/RES/53/S 5" in out
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "AALCO/RES/52/S 5",
        "AALCO/RES/53/S 5",
    }
    # The same work programme item links both sessions' resolutions.
    assert len({r.topic_id for r in Resolution.objects.all()}) == 1


def test_several_resolutions_all_or_nothing(reference_data, seed_text, documents):
    second = (documents / "AALCO_RES_53_S_5.txt").read_text(encoding="utf-8")
    bad = second.replace("/53/", "/99/").replace("Fifty-Third Session", "Ninety-Ninth Session")
    with pytest.raises(CommandError, match="session 99"):
        run("-", stdin=seed_text + "\n\n" + bad)
    assert not Resolution.objects.exists()


def test_general_assembly_resolution_needs_an_aalco_session(reference_data, documents):
    path = documents / "A_RES_69_167_extract.txt"
    with pytest.raises(CommandError, match="choose the AALCO annual session"):
        run(str(path))
    run(str(path), "--session", "54")
    resolution = Resolution.objects.get(symbol="A/RES/69/167")
    assert resolution.body == Resolution.Body.UN_GA
    assert resolution.session == Session.objects.get(number=54)
    operative = resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE)
    assert operative.get(number=2).subparagraphs[1]["label"] == "b"
    third = operative.get(number=3)
    assert third.verb == "Once again urges" and third.addressees == "non_parties"
    assert resolution.paragraphs.get(order=2).footnotes == [
        {"marker": "1", "text": "Resolution 217 A (III)."}
    ]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_docx_and_pdf_paths(reference_data, tmp_path, seed_text, kind):
    from .test_documents import seed_as_docx, seed_as_pdf

    path = tmp_path / f"AALCO_RES_52_S_5.{kind}"
    path.write_bytes(
        seed_as_docx(seed_text, word_numbering=True) if kind == "docx" else seed_as_pdf(seed_text)
    )
    out, _err = run(str(path), "--json", "--dry-run")
    check_seed_json(json.loads(out))
