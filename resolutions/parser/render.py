"""Clean text of a parsed resolution, in the AALCO or UN layout, that parses back the same."""

from __future__ import annotations

import re

from .dates import format_date
from .header import enacting_session, symbol_session
from .model import Footnote, Operative, ParsedResolution, Subparagraph
from .ordinals import ordinal_words
from .vocabulary import operative_verb

FOOTNOTE_RULE = "_______________"
_UN_NUMBER = re.compile(r"/RES/(?P<number>(?:[A-Z]{1,3}-)?\d{1,3}/\d{1,4})$")


def _footnotes(footnotes: list[Footnote]) -> list[str]:
    # Placed right after their paragraph: the marker itself is gone from the text, and the
    # parser gives a footnote without a marker to the paragraph it interrupts.
    if not footnotes:
        return []
    return [FOOTNOTE_RULE, "", *(f"{f.marker} {f.text}" for f in footnotes), ""]


def _subparagraphs(subs: list[Subparagraph], depth: int = 1) -> list[str]:
    lines: list[str] = []
    for sub in subs:
        lines += [f"{'    ' * depth}({sub.label}) {sub.text}".rstrip(), ""]
        lines += _subparagraphs(sub.children, depth + 1)
    return lines


def _header(parsed: ParsedResolution) -> list[str]:
    lines: list[str] = []
    un_number = _UN_NUMBER.search(parsed.symbol or "")
    if parsed.body == "un_ga":
        if parsed.symbol:
            lines.append(parsed.symbol)
        if parsed.date:
            lines.append(
                f"Resolution adopted by the General Assembly on {format_date(parsed.date)}"
            )
        if parsed.session and 0 < parsed.session < 1000:
            lines.append(f"{ordinal_words(parsed.session).capitalize()} session")
        if parsed.deliberated is not None:
            lines.append("(Deliberated)" if parsed.deliberated else "(Non-Deliberated)")
        if parsed.title:
            lines += ["", f"{un_number['number']}. {parsed.title}" if un_number else parsed.title]
        return lines
    if parsed.symbol:
        lines.append(parsed.symbol)
    if parsed.date:
        lines.append(format_date(parsed.date))
    carried = {symbol_session(parsed.symbol), enacting_session(parsed.enacting_line)}
    if parsed.session and 0 < parsed.session < 1000 and parsed.session not in carried:
        lines.append(f"{ordinal_words(parsed.session).capitalize()} session")
    lines.append("")
    if parsed.title:
        lines.append(parsed.title)
    if parsed.deliberated is not None:
        lines.append("(Deliberated)" if parsed.deliberated else "(Non-Deliberated)")
    return lines


def _lettered(operatives: list[Operative]) -> bool:
    """Decisions recorded as "(a) invited ...; (b) approved ..." (ILO): keep the letters."""
    return 0 < len(operatives) <= 26 and all(
        not o.numbered and not o.section and operative_verb(o.text, curated_only=True) is None
        for o in operatives
    )


def _operative(operative: Operative, letter: str = "") -> list[str]:
    lines: list[str] = []
    if letter:
        lines += [f"({letter}) {operative.text}", ""]
    elif not operative.numbered:
        lines += [operative.text, ""]
    elif operative.text[:1].isupper():
        lines += [f"{operative.number}. {operative.text}", ""]
    else:
        # The parser trusts "1. text" only when the text opens with a capital.
        lines += [f"{operative.number}.", operative.text, ""]
    lines += _subparagraphs(operative.subparagraphs)
    lines += _footnotes(operative.footnotes)
    return lines


def render_resolution(parsed: ParsedResolution) -> str:
    """The resolution as clean text: one line per paragraph, blank lines between them.

    A resolution in sections gets each section's label on a line of its own, its heading on
    the next, then the section's own preamble and operative paragraphs.
    """
    lines = _header(parsed)
    if parsed.enacting_line:
        lines += ["", parsed.enacting_line]
    lines.append("")
    labels = ["", *(section.label for section in parsed.sections)]
    headings = {section.label: section.heading for section in parsed.sections}
    for label in labels:
        if label:
            lines += [label, *([headings[label]] if headings[label] else []), ""]
        for paragraph in parsed.preambular:
            if paragraph.section == label:
                lines += [paragraph.text, ""]
                lines += _footnotes(paragraph.footnotes)
        lettered = _lettered(parsed.operative)
        for index, operative in enumerate(parsed.operative):
            if operative.section == label:
                lines += _operative(operative, chr(ord("a") + index) if lettered else "")
    if parsed.meeting:
        lines += [parsed.meeting, ""]
    if parsed.vote:
        lines += [parsed.vote, ""]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
