"""Load the shipped reference data (member states, treaties, treaty status) from CSV.

Loading is idempotent: a row that has not changed is not written, so history only records
real changes. A bad row raises ReferenceDataError naming the file, line and field; callers
wrap the whole load in one transaction so nothing is half-loaded.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models

from .models import MemberState, Treaty, TreatyStatus

DATA_DIR = Path(__file__).resolve().parent / "data"
MEMBER_STATES_CSV = DATA_DIR / "aalco_member_states.csv"
TREATIES_CSV = DATA_DIR / "treaties.csv"
ICMW_STATUS_CSV = DATA_DIR / "icmw_status_aalco.csv"


def status_csv_for(short_name: str, data_dir: Path = DATA_DIR) -> Path:
    """Where the status of a treaty of treaties.csv lives: <short name>_status_aalco.csv."""
    return data_dir / f"{short_name.lower()}_status_aalco.csv"


def shipped_treaty_names(path: Path = TREATIES_CSV) -> list[str]:
    """The short names of the treaties in treaties.csv, in the file's order."""
    return [row["short_name"].strip() for _line, row in CsvRows(path, ["short_name"])]


# Continent is a fact about the country, not about AALCO membership, so it is not in the CSV.
AFRICAN_ISO3 = frozenset(
    "DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB "
    "GMB GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN "
    "SYC SLE SOM ZAF SSD SDN TZA TGO TUN UGA ZMB ZWE".split()
)
CONSENT_TYPES = {
    "none": "",
    "": "",
    "ratification": TreatyStatus.ConsentType.RATIFICATION,
    "accession": TreatyStatus.ConsentType.ACCESSION,
    "succession": TreatyStatus.ConsentType.SUCCESSION,
}


class ReferenceDataError(Exception):
    def __init__(self, path: Path, line: int, column: str | None, message: str) -> None:
        self.path, self.line, self.column = path, line, column
        where = f"{path.name}, line {line}" + (f", field '{column}'" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    #: Member states created or whose treaty status changed: what follow-up depends on.
    changed_states: set[int] = field(default_factory=set)

    def count(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    def merge(self, other: LoadReport) -> LoadReport:
        for outcome in ("created", "updated", "unchanged"):
            for kind, n in getattr(other, outcome).items():
                getattr(self, outcome)[kind] = getattr(self, outcome).get(kind, 0) + n
        self.changed_states |= other.changed_states
        return self

    def summary(self) -> str:
        kinds = sorted({*self.created, *self.updated, *self.unchanged})
        return "; ".join(
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated, "
            f"{self.unchanged.get(kind, 0)} unchanged"
            for kind in kinds
        )


class CsvRows:
    """Rows of a CSV file with their line numbers and typed, named-error field readers."""

    def __init__(self, path: Path, required: list[str]) -> None:
        self.path = path
        self.required = required

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            handle = self.path.open(newline="", encoding="utf-8-sig")
        except OSError as exc:
            raise ReferenceDataError(self.path, 0, None, f"cannot be read ({exc})") from exc
        with handle:
            try:
                reader = csv.DictReader(handle)
                missing = [c for c in self.required if c not in (reader.fieldnames or [])]
                if missing:
                    raise ReferenceDataError(
                        self.path, 1, None, f"missing column(s): {', '.join(missing)}"
                    )
                for row in reader:
                    if None in row:
                        raise ReferenceDataError(
                            self.path, reader.line_num, None, "more fields than the header has"
                        )
                    yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
            except UnicodeDecodeError as exc:
                raise ReferenceDataError(self.path, 0, None, "is not UTF-8 text") from exc
            except csv.Error as exc:
                raise ReferenceDataError(self.path, reader.line_num, None, str(exc)) from exc

    def text(self, line: int, row: dict[str, str], column: str, *, max_length: int = 0) -> str:
        value = row[column]
        if not value:
            raise ReferenceDataError(self.path, line, column, "must not be empty")
        if max_length and len(value) > max_length:
            raise ReferenceDataError(
                self.path, line, column, f"is longer than {max_length} characters"
            )
        return value

    def date(self, line: int, row: dict[str, str], column: str) -> datetime.date | None:
        value = row[column]
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ReferenceDataError(
                self.path, line, column, f"{value!r} is not a date (YYYY-MM-DD)"
            ) from None

    def year(self, line: int, row: dict[str, str], column: str) -> int | None:
        value = row[column]
        if not value:
            return None
        if not value.isdigit() or not 1900 <= int(value) <= 2100:
            raise ReferenceDataError(self.path, line, column, f"{value!r} is not a year")
        return int(value)


def upsert(
    model: type[models.Model], lookup: dict, values: dict, report: LoadReport, kind: str
) -> models.Model:
    """Create, or update only the fields that differ (so history records real changes)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        report.count(kind, "created")
        _note_state(report, obj)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.count(kind, "updated")
        _note_state(report, obj)
    else:
        report.count(kind, "unchanged")
    return obj


def _note_state(report: LoadReport, obj: models.Model) -> None:
    if isinstance(obj, MemberState):
        report.changed_states.add(obj.pk)
    elif isinstance(obj, TreatyStatus):
        report.changed_states.add(obj.member_state_id)


def load_member_states(path: Path = MEMBER_STATES_CSV) -> LoadReport:
    report = LoadReport()
    rows = CsvRows(path, ["name", "iso2", "iso3", "joined_year", "source"])
    seen: dict[str, int] = {}
    for line, row in rows:
        iso3 = rows.text(line, row, "iso3").upper()
        iso2 = rows.text(line, row, "iso2").upper()
        if len(iso3) != 3 or not iso3.isalpha() or not iso3.isascii():
            raise ReferenceDataError(path, line, "iso3", f"{iso3!r} is not an ISO alpha-3 code")
        if len(iso2) != 2 or not iso2.isalpha() or not iso2.isascii():
            raise ReferenceDataError(path, line, "iso2", f"{iso2!r} is not an ISO alpha-2 code")
        if iso3 in seen:
            raise ReferenceDataError(
                path, line, "iso3", f"{iso3} already appears on line {seen[iso3]}"
            )
        seen[iso3] = line
        upsert(
            MemberState,
            {"iso3": iso3},
            {
                "name": rows.text(line, row, "name", max_length=120),
                "iso2": iso2,
                "joined_year": rows.year(line, row, "joined_year"),
                "region": "africa" if iso3 in AFRICAN_ISO3 else "asia",
                "source": row["source"],
                "is_active": True,
            },
            report,
            "member states",
        )
    return report


def load_treaties(path: Path = TREATIES_CSV) -> LoadReport:
    report = LoadReport()
    rows = CsvRows(
        path,
        ["short_name", "title", "aliases", "adopted_on", "entry_into_force", "untc_reference"],
    )
    for line, row in rows:
        upsert(
            Treaty,
            {"short_name": rows.text(line, row, "short_name", max_length=30)},
            {
                "title": rows.text(line, row, "title"),
                "aliases": [a.strip() for a in row["aliases"].split("|") if a.strip()],
                "adopted_on": rows.date(line, row, "adopted_on"),
                "entry_into_force": rows.date(line, row, "entry_into_force"),
                "untc_reference": row["untc_reference"],
                "url": row.get("url", ""),
            },
            report,
            "treaties",
        )
    return report


def load_treaty_status(treaty_short_name: str, path: Path) -> LoadReport:
    report = LoadReport()
    rows = CsvRows(path, ["iso3", "signature_date", "consent_date", "consent_type", "source"])
    treaty = Treaty.objects.filter(short_name=treaty_short_name).first()
    if treaty is None:
        raise ReferenceDataError(path, 0, None, f"treaty {treaty_short_name} is not loaded")
    states = {s.iso3: s for s in MemberState.objects.all()}
    for line, row in rows:
        iso3 = rows.text(line, row, "iso3").upper()
        state = states.get(iso3)
        if state is None:
            raise ReferenceDataError(path, line, "iso3", f"{iso3} is not a known member state")
        kind = row["consent_type"].lower()
        if kind not in CONSENT_TYPES:
            raise ReferenceDataError(
                path,
                line,
                "consent_type",
                f"{row['consent_type']!r} is not one of none, ratification, accession, succession",
            )
        signature = rows.date(line, row, "signature_date")
        consent = rows.date(line, row, "consent_date")
        consent_type = CONSENT_TYPES[kind]
        if consent and not consent_type:
            raise ReferenceDataError(
                path, line, "consent_type", "a consent date needs its form of consent"
            )
        if consent_type and not consent:
            raise ReferenceDataError(path, line, "consent_date", f"{kind} needs its date")
        if signature and consent and consent < signature:
            raise ReferenceDataError(path, line, "consent_date", "is before the signature date")
        upsert(
            TreatyStatus,
            {"member_state": state, "treaty": treaty},
            {
                "signature_date": signature,
                "consent_date": consent,
                "consent_type": consent_type,
                "source": row["source"],
            },
            report,
            f"{treaty.short_name} status",
        )
    return report
