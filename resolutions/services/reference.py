from __future__ import annotations

from pathlib import Path

from django.db import transaction

from memberstates.reference import (
    TREATIES_CSV,
    CsvRows,
    LoadReport,
    ReferenceDataError,
    load_member_states,
    load_treaties,
    load_treaty_status,
    shipped_treaty_names,
    status_csv_for,
    upsert,
)
from memberstates.services.parties import parties_changed

from ..models import Session

SESSIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "aalco_sessions.csv"


def load_sessions(path: Path = SESSIONS_CSV) -> LoadReport:
    report = LoadReport()
    rows = CsvRows(path, ["number", "year", "city", "country", "start_date", "end_date"])
    for line, row in rows:
        number = row["number"]
        if not number.isdigit() or int(number) < 1:
            raise ReferenceDataError(path, line, "number", f"{number!r} is not a session number")
        year = rows.year(line, row, "year")
        if year is None:
            raise ReferenceDataError(path, line, "year", "must not be empty")
        start, end = rows.date(line, row, "start_date"), rows.date(line, row, "end_date")
        if start and end and end < start:
            raise ReferenceDataError(path, line, "end_date", "is before the start date")
        if start and start.year != year:
            raise ReferenceDataError(path, line, "start_date", f"is not in {year}")
        upsert(
            Session,
            {"number": int(number)},
            {
                "year": year,
                "city": row["city"],
                "country": row["country"],
                "start_date": start,
                "end_date": end,
                "source": row.get("source", ""),
            },
            report,
            "sessions",
        )
    return report


def load_reference_data(
    *,
    member_states_csv: Path | None = None,
    sessions_csv: Path | None = None,
    icmw_status_csv: Path | None = None,
    treaties_csv: Path | None = None,
) -> LoadReport:
    """Load every shipped reference table in one transaction: all of it or nothing."""
    with transaction.atomic():
        report = LoadReport()
        report.merge(
            load_member_states(member_states_csv) if member_states_csv else load_member_states()
        )
        report.merge(load_sessions(sessions_csv or SESSIONS_CSV))
        report.merge(load_treaties(treaties_csv) if treaties_csv else load_treaties())
        # Every treaty of treaties.csv with its status file next to it, if it has one.
        treaties_csv = treaties_csv or TREATIES_CSV
        # (The shipped ICMW file is icmw_status_aalco.csv: --icmw-status replaces it.)
        overrides = {"ICMW": icmw_status_csv} if icmw_status_csv else {}
        for short_name in shipped_treaty_names(treaties_csv):
            path = overrides.get(short_name) or status_csv_for(short_name, treaties_csv.parent)
            if path.exists() or short_name in overrides:
                report.merge(load_treaty_status(short_name, path))
        # Follow-up reads who is addressed from the obligations table: same transaction.
        parties_changed(state_ids=report.changed_states)
        return report
