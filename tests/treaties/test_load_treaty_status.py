"""Loading a treaty's status from a UN Treaty Collection participant table."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from memberstates.models import Treaty, TreatyStatus
from memberstates.untc import (
    ParticipantTableError,
    fold,
    match_participant,
    name_index,
    parse_untc_date,
    read_participant_table,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Sep 2003 a", (datetime.date(2003, 9, 15), "accession")),
        ("26 Jun 1987 d", (datetime.date(1987, 6, 26), "succession")),
        ("7 Oct 1998", (datetime.date(1998, 10, 7), "")),
        ("3 Jan 2005 AA", (datetime.date(2005, 1, 3), "approval")),
        ("1 August 2000 A", (datetime.date(2000, 8, 1), "acceptance")),
        ("", (None, "")),
    ],
)
def test_untc_dates_carry_the_form_of_consent(text, expected):
    assert parse_untc_date(text) == expected


@pytest.mark.parametrize("text", ["Sep 2003", "31 Feb 2003", "15 Foo 2003", "yesterday"])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_untc_date(text)


def test_participants_match_by_un_spelling_and_footnotes_are_dropped():
    index = name_index(
        [
            ("TUR", "Türkiye"),
            ("IRN", "Iran (Islamic Republic of)"),
            ("TZA", "United Republic of Tanzania"),
        ],
        {fold("Turkey"): "TUR", fold("Tanzania"): "TZA"},
    )
    rows = read_participant_table(
        'Participant,Signature,"Ratification, Accession(a), Succession(d)"\n'
        "Turkiye 3,,1 Jan 2000\nIRAN (ISLAMIC REPUBLIC OF),,\nTanzania,,\nFrance,,\n"
    )
    assert [match_participant(r.participant, index) for r in rows] == ["TUR", "IRN", "TZA", None]


def test_a_file_without_the_untc_columns_is_refused_with_the_missing_column():
    with pytest.raises(ParticipantTableError, match="Signature"):
        read_participant_table("Participant,Date\nIndia,1 Jan 2000\n")


def test_command_creates_the_treaty_and_every_members_status(reference_data, untc_table):
    call_command(
        "load_treaty_status",
        "CRPD",
        str(untc_table),
        "--title",
        "Convention on the Rights of Persons with Disabilities",
    )
    treaty = Treaty.objects.get(short_name="CRPD")
    statuses = {
        s.member_state.iso3: s
        for s in TreatyStatus.objects.filter(treaty=treaty).select_related("member_state")
    }
    assert len(statuses) == 47  # every member: those not listed have taken no action
    assert statuses["IRN"].consent_type == "accession"
    assert statuses["IRN"].consent_date == datetime.date(2009, 10, 23)
    assert statuses["TUR"].consent_type == "ratification"
    assert statuses["LBN"].signature_date == datetime.date(2007, 6, 14)
    assert statuses["LBN"].consent_date is None
    assert statuses["PHL"].category == "none"
    assert "participant table" in statuses["IND"].source


def test_loading_again_changes_nothing_and_a_change_keeps_history(
    reference_data, untc_table, capsys
):
    args = ["load_treaty_status", "CRPD", str(untc_table), "--title", "CRPD"]
    call_command(*args)
    call_command(*args)
    assert "0 new, 0 changed, 47 unchanged" in capsys.readouterr().out
    untc_table.write_text(
        untc_table.read_text().replace("Lebanon,14 Jun 2007,", "Lebanon,14 Jun 2007,2 Mar 2023")
    )
    call_command(*args)
    status = TreatyStatus.objects.get(treaty__short_name="CRPD", member_state__iso3="LBN")
    assert status.consent_date == datetime.date(2023, 3, 2)
    assert status.history.count() == 2


def test_new_treaty_needs_a_title_and_nothing_is_written(reference_data, untc_table):
    with pytest.raises(CommandError, match="full title"):
        call_command("load_treaty_status", "CRPD", str(untc_table))
    assert not Treaty.objects.filter(short_name="CRPD").exists()


def test_a_bad_line_is_named_and_nothing_is_half_loaded(reference_data, untc_table):
    untc_table.write_text(untc_table.read_text() + "Nepal,3 Jan 2008,sometime\n")
    with pytest.raises(CommandError, match=r"Line 21.*sometime"):
        call_command("load_treaty_status", "CRPD", str(untc_table), "--title", "CRPD")
    assert not TreatyStatus.objects.filter(treaty__short_name="CRPD").exists()


def test_dry_run_writes_nothing(reference_data, untc_table, capsys):
    call_command("load_treaty_status", "ICMW", str(untc_table), "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert (
        TreatyStatus.objects.get(treaty__short_name="ICMW", member_state__iso3="IND").consent_date
        is None
    )
