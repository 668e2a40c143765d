"""The parser's work grows linearly with the text.

Timing-free: we count the Python lines the parser executes (a deterministic measure) for a
text and for the same kind of text four times longer; linear work gives a ratio near 4,
a rescan at every line or paragraph gives 16. The inputs cover the shapes real resolutions take:
sections, repeated numbers, quotations, closing lines and one-line web copies.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from resolutions.parser import parse_resolution

PARSER = str(Path(__file__).resolve().parents[2] / "resolutions" / "parser")


def executed_lines(text: str) -> int:
    count = 0

    def tracer(frame, event, _arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(PARSER):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        parse_resolution(text)
    finally:
        sys.settrace(None)
    return count


def _sections(n: int) -> str:
    labels = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    body = "".join(
        f"{labels[i % 10]}\nHeading {i}\n\nHaving considered x,\n\n1. Decides y;\n\n2. Notes z;\n\n"
        for i in range(n)
    )
    return "The General Assembly,\n\n" + body


def _repeated_numbers(n: int) -> str:
    return "The Assembly,\n\n" + "  1. REQUESTS the Commission to act;\n\n" * n


def _open_quotation(n: int) -> str:
    return 'The Assembly,\n\n1. Decides to amend article 4 to read: "4. The text\n' + (
        "2. continues here;\n" * n
    )


def _one_line_web_copy(n: int) -> str:
    preamble = "".join(f"Recalling its resolution {i}, " for i in range(n))
    operative = "".join(f"{i}. Decides {i}; " for i in range(1, n + 1))
    return f"The Security Council, {preamble}{operative}\n"


def _closing(n: int) -> str:
    return "The Assembly,\n\n1. Decides x.\n\n3rd plenary meeting\n" + "Some note.\n" * n


@pytest.mark.parametrize(
    "make",
    [_sections, _repeated_numbers, _open_quotation, _one_line_web_copy, _closing],
    ids=["sections", "repeated-numbers", "open-quotation", "one-line-web-copy", "closing"],
)
def test_work_grows_linearly(make: Callable[[int], str]) -> None:
    small, large = executed_lines(make(100)), executed_lines(make(400))
    assert large / small < 4 * 1.5, (small, large)
