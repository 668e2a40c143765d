"""`load_reference_data`: counts equal the CSV rows, idempotent, updates with history, atomic."""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from memberstates.models import MemberState, Treaty, TreatyStatus
from memberstates.reference import ICMW_STATUS_CSV, MEMBER_STATES_CSV
from resolutions.models import Session
from resolutions.services.reference import SESSIONS_CSV

pytestmark = pytest.mark.django_db


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def empty_db(db):
    TreatyStatus.objects.all().delete()
    MemberState.objects.all().delete()
    Session.objects.all().delete()
    Treaty.objects.all().delete()


def test_counts_equal_the_csv_rows(empty_db):
    call_command("load_reference_data")
    assert MemberState.objects.count() == len(_rows(MEMBER_STATES_CSV)) == 47
    assert Session.objects.count() == len(_rows(SESSIONS_CSV))
    assert TreatyStatus.objects.filter(treaty__short_name="ICMW").count() == 47
    assert MemberState.objects.filter(region="africa").count() == 15


def test_icmw_participation_matches_the_domain(reference_data):
    icmw = Treaty.objects.get(short_name="ICMW")
    assert (icmw.untc_reference, icmw.adopted_on) == ("IV-13", datetime.date(1990, 12, 18))
    statuses = list(TreatyStatus.objects.filter(treaty=icmw))
    assert sum(s.category == "party" for s in statuses) == 13
    assert {s.member_state.iso3 for s in statuses if s.category == "signatory"} == {"CMR", "SLE"}
    assert sum(s.category == "none" for s in statuses) == 32
    # Dated status: Gambia ratified in 2018, so it was not a party when RES/52/S 5 was adopted.
    adopted = datetime.date(2013, 9, 12)
    assert MemberState.objects.not_party_to(icmw, on=adopted).count() == 35
    assert MemberState.objects.not_party_to(icmw, on=datetime.date(2025, 1, 1)).count() == 34
    assert MemberState.objects.party_to(icmw, on=adopted).filter(iso3="GMB").count() == 0


def test_running_twice_changes_nothing(reference_data, capsys):
    history_before = TreatyStatus.history.count() + MemberState.history.count()
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "0 created, 0 updated, 47 unchanged" in out
    assert TreatyStatus.history.count() + MemberState.history.count() == history_before


def test_a_changed_row_updates_that_row_and_history_shows_it(reference_data, tmp_path):
    path = tmp_path / "icmw.csv"
    rows = _rows(ICMW_STATUS_CSV)
    for row in rows:
        if row["iso3"] == "IND":
            row.update(signature_date="2026-01-05", consent_date="2026-06-01")
            row.update(consent_type="accession", source="UNTC IV-13, depositary notification")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    call_command("load_reference_data", icmw_status=path)

    india = TreatyStatus.objects.get(member_state__iso3="IND", treaty__short_name="ICMW")
    assert india.consent_date == datetime.date(2026, 6, 1)
    assert india.consent_type == "accession"
    history = list(india.history.order_by("history_date"))
    assert [h.consent_date for h in history] == [None, datetime.date(2026, 6, 1)]
    assert TreatyStatus.objects.filter(consent_date__isnull=False).count() == 14


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda r: r.update(consent_date="12/09/2013"), "line 3, field 'consent_date'"),
        (lambda r: r.update(consent_type="acceptance"), "line 3, field 'consent_type'"),
        (lambda r: r.update(iso3="ZZZ"), "line 3, field 'iso3': ZZZ is not a known member state"),
        (
            lambda r: r.update(signature_date="2012-01-01", consent_date="2011-01-01"),
            "line 3, field 'consent_date': is before the signature date",
        ),
    ],
)
def test_bad_csv_names_file_line_and_field_and_loads_nothing(
    reference_data, tmp_path, edit, message
):
    rows = _rows(ICMW_STATUS_CSV)
    rows[0]["source"] = "edited, and must not be saved"
    edit(rows[1])  # line 3 of the file: header, then rows[0] on line 2
    path = tmp_path / "icmw_status_aalco.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference_data", icmw_status=path)

    assert f"icmw_status_aalco.csv, {message}" in str(excinfo.value)
    # All or nothing: the row before the bad one was not updated either.
    assert not TreatyStatus.objects.filter(source__startswith="edited").exists()


def test_missing_column_and_bad_session_rows(reference_data, tmp_path):
    path = tmp_path / "aalco_sessions.csv"
    shutil.copy(SESSIONS_CSV, path)
    text = path.read_text(encoding="utf-8").replace(
        "2014-09-15,2014-09-18", "2014-09-18,2014-09-15"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=r"aalco_sessions.csv, line 15, field 'end_date'"):
        call_command("load_reference_data", sessions=path)

    path.write_text("number,year\n53,2014\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        call_command("load_reference_data", sessions=path)
    assert Session.objects.get(number=53).start_date == datetime.date(2014, 9, 15)


def test_every_treaty_of_the_treaties_csv_is_loaded_with_its_status_file(empty_db, tmp_path):
    """Treaties are data: a second treaty in treaties.csv, with <name>_status_aalco.csv
    next to it, is loaded like the ICMW, with no code change."""
    from memberstates.reference import TREATIES_CSV
    from resolutions.services.reference import load_reference_data

    treaties = tmp_path / "treaties.csv"
    shutil.copy(TREATIES_CSV, treaties)
    with treaties.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(
            [
                "CRPD",
                "Convention on the Rights of Persons with Disabilities",
                "CRPD",
                "2006-12-13",
                "2008-05-03",
                "IV-15",
                "",
            ]
        )
    shutil.copy(ICMW_STATUS_CSV, tmp_path / "icmw_status_aalco.csv")
    (tmp_path / "crpd_status_aalco.csv").write_text(
        "iso3,signature_date,consent_date,consent_type,source\n"
        "IND,2007-03-30,2007-10-01,ratification,UNTC\n"
        "LBN,2007-06-14,,,UNTC\n",
        encoding="utf-8",
    )
    load_reference_data(treaties_csv=treaties)
    crpd = Treaty.objects.get(short_name="CRPD")
    assert crpd.adopted_on == datetime.date(2006, 12, 13)
    statuses = {s.member_state.iso3: s for s in TreatyStatus.objects.filter(treaty=crpd)}
    assert statuses["IND"].consent_date == datetime.date(2007, 10, 1)
    assert statuses["LBN"].signature_date == datetime.date(2007, 6, 14)
    icmw = Treaty.objects.get(short_name="ICMW")
    assert TreatyStatus.objects.filter(treaty=icmw).count() == len(_rows(ICMW_STATUS_CSV))
