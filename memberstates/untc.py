"""Read a treaty's participant table as the UN Treaty Collection publishes it.

The UNTC page of each treaty ends with a table — `Participant`, `Signature`,
`Ratification, Accession(a), Succession(d)` — whose dates carry the form of consent as a
suffix: `15 Sep 2003 a` is an accession, `26 Jun 1987 d` a succession, a bare date a
ratification (`A` acceptance and `AA` approval count as ratification here, the form is kept in
the source). Participants carry footnote numbers (`Bangladesh 4`, `Türkiye3`) and the UN's
spellings ("Iran (Islamic Republic of)"), matched here to member states by name.

Pure reading, no database: `memberstates.treaty_import` compares the result with what is
stored and writes it.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PARTICIPANT_NAMES_CSV = Path(__file__).resolve().parent / "data" / "participant_names.csv"

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
# "15 Sep 2003 a", "1 August 2000", "26 Jun 1987 d", "3 Jan 2005 AA", "15 Sep 2003 a 4"
_DATE = re.compile(
    r"^\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>\d{4})"
    r"(?:\s*(?P<form>AA|A|a|d|P|p))?(?:\s*[\d,\s]*)?\s*$"
)
FORMS = {"a": "accession", "d": "succession", "A": "acceptance", "AA": "approval", "": ""}


class ParticipantTableError(ValueError):
    """The file is not a participant table; the message says why, for the person loading it."""


@dataclass(frozen=True)
class ParticipantRow:
    line: int
    participant: str  # as printed, footnote numbers removed
    signature_date: datetime.date | None
    consent_date: datetime.date | None
    consent_form: str  # "ratification", "accession", "succession", "acceptance", "approval", ""

    @property
    def consent_type(self) -> str:
        """The stored form of consent: acceptance and approval are ratification-like."""
        if not self.consent_date:
            return ""
        if self.consent_form in ("accession", "succession"):
            return self.consent_form
        return "ratification"


def fold(name: str) -> str:
    """A participant name reduced for matching: no accents, case, punctuation or 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    words = re.findall(r"[a-z]+", text)
    return " ".join(w for w in words if w != "the")


def _clean_participant(raw: str) -> str:
    # Footnote numbers and superscripts after the name: "Bangladesh 4,5", "Türkiye³".
    name = re.sub(r"[\s\d,¹²³⁴⁵⁶⁷⁸⁹⁰*]+$", "", raw.strip())
    return re.sub(r"\s+", " ", name)


def parse_untc_date(value: str) -> tuple[datetime.date | None, str]:
    """`15 Sep 2003 a` -> (date, "accession"); empty -> (None, ""). ValueError if unreadable."""
    value = value.strip()
    if not value:
        return None, ""
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date such as '15 Sep 2003 a'")
    month = MONTHS.get(match["month"][:3].casefold())
    if month is None:
        raise ValueError(f"{value!r}: unknown month {match['month']!r}")
    date = datetime.date(int(match["year"]), month, int(match["day"]))
    return date, FORMS.get(match["form"] or "", "")


def _column(fieldnames: list[str], *starts: str) -> str | None:
    for name in fieldnames:
        folded = fold(name)
        if any(folded.startswith(start) for start in starts):
            return name
    return None


def read_participant_table(data: bytes | str) -> list[ParticipantRow]:
    """Every participant of the table, in order; errors name the line and the column."""
    text = _text_of(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    participant, signature, consent = _columns([f or "" for f in (reader.fieldnames or [])])
    rows: list[ParticipantRow] = []
    try:
        for record in reader:
            name = _clean_participant(record.get(participant) or "")
            if name:
                rows.append(
                    _participant_row(
                        reader.line_num,
                        name,
                        signature=record.get(signature) or "",
                        consent=record.get(consent) or "",
                        consent_column=consent,
                    )
                )
    except csv.Error as exc:
        raise ParticipantTableError(f"Line {reader.line_num}: {exc}.") from None
    if not rows:
        raise ParticipantTableError("The table lists no participant.")
    return rows


def _text_of(data: bytes | str) -> str:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ParticipantTableError(
                "The file is not UTF-8 text (save it as CSV UTF-8)."
            ) from None
    if "\x00" in data:
        raise ParticipantTableError("The file is not a text CSV file.")
    return data


def _columns(fieldnames: list[str]) -> tuple[str, str, str]:
    """The participant, signature and consent columns, whatever the table calls them."""
    participant = _column(fieldnames, "participant", "state", "country")
    signature = _column(fieldnames, "signature")
    consent = _column(fieldnames, "ratification", "accession", "consent")
    missing = [
        label
        for label, column in (
            ("Participant", participant),
            ("Signature", signature),
            ("Ratification, Accession(a), Succession(d)", consent),
        )
        if column is None
    ]
    if missing:
        raise ParticipantTableError(
            "This is not a UN Treaty Collection participant table: missing column(s) "
            + ", ".join(f"“{m}”" for m in missing)
            + "."
        )
    assert participant is not None and signature is not None and consent is not None
    return participant, signature, consent


def _participant_row(
    line: int, name: str, *, signature: str, consent: str, consent_column: str
) -> ParticipantRow:
    try:
        signed, _form = parse_untc_date(signature)
    except ValueError as exc:
        raise ParticipantTableError(f"Line {line}, column “Signature”: {exc}.") from None
    try:
        consented, form = parse_untc_date(consent)
    except ValueError as exc:
        raise ParticipantTableError(f"Line {line}, column “{consent_column}”: {exc}.") from None
    if consented and not form:
        form = "ratification"
    return ParticipantRow(line, name, signed, consented, form)


def load_participant_names(path: Path = PARTICIPANT_NAMES_CSV) -> dict[str, str]:
    """Other spellings of member states' names (folded name -> ISO alpha-3)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {fold(row["name"]): row["iso3"].upper() for row in csv.DictReader(handle)}


def name_index(states: Iterable[tuple[str, str]], aliases: dict[str, str]) -> dict[str, str]:
    """Folded name -> ISO3 for the given (iso3, name) pairs, other spellings included."""
    iso3s = {iso3 for iso3, _name in states}
    index = {folded: iso3 for folded, iso3 in aliases.items() if iso3 in iso3s}
    for iso3, name in states:
        index[fold(name)] = iso3
        index[fold(iso3)] = iso3
    return index


def match_participant(name: str, index: dict[str, str]) -> str | None:
    folded = fold(name)
    if folded in index:
        return index[folded]
    # "Bolivia (Plurinational State of)" against "Bolivia": the name before the brackets.
    bare = fold(re.sub(r"\(.*?\)", "", name))
    return index.get(bare)
