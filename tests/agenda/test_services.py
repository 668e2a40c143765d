"""Drafting and editing the provisional agenda (resolutions.services.agenda)."""

from __future__ import annotations

import pytest

from resolutions.models import AgendaItem, Paragraph, Session
from resolutions.services.agenda import (
    AgendaError,
    NoPreviousSession,
    add_default_standing_items,
    add_standing_item,
    draft_agenda,
    item_code,
    missing_default_items,
    move_agenda_item,
    remove_agenda_item,
    suggest_document_symbol,
    update_agenda_item,
)

from ..factories import ParagraphFactory, ResolutionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _titles(session: Session) -> list[str]:
    return list(session.agenda_items.order_by("position").values_list("title", flat=True))


def test_the_53rd_session_gets_the_item_carried_from_res_52_s_5(seed_resolution, session53):
    items = draft_agenda(session=session53)
    assert [(i.position, i.kind, i.title) for i in items] == [
        (1, "carried", "Legal Protection of Migrant Workers")
    ]
    assert items[0].source_resolution.symbol == "AALCO/RES/52/S 5"
    assert items[0].secretariat_document == "AALCO/53/TEHRAN/2014/S 5"


def test_drafting_again_changes_nothing_and_keeps_the_secretariats_edits(
    seed_resolution, session53
):
    add_standing_item(session=session53, title="Adoption of the agenda", where="opening")
    (carried,) = [i for i in draft_agenda(session=session53) if i.kind == "carried"]
    update_agenda_item(
        item=carried,
        title="Migrant workers",
        secretariat_document="AALCO/53/TEHRAN/2014/S 5 REV.1",
        notes="Presented by the Deputy Secretary-General.",
    )
    move_agenda_item(item=carried, direction="up")
    before = list(session53.agenda_items.order_by("position").values())
    draft_agenda(session=session53)
    draft_agenda(session=session53)
    assert list(session53.agenda_items.order_by("position").values()) == before
    assert _titles(session53) == ["Migrant workers", "Adoption of the agenda"]


def test_a_new_carrying_resolution_lands_after_the_last_carried_item(seed_resolution, session53):
    add_default_standing_items(session=session53)
    draft_agenda(session=session53)
    other = ResolutionFactory(
        session=seed_resolution.session,
        symbol="AALCO/RES/52/S 10",
        topic=TopicFactory(name="Law of the Sea"),
    )
    ParagraphFactory(
        resolution=other,
        number=1,
        verb="Decides",
        requests_report=False,
        addressees="none",
        carries_to_session=53,
    )
    draft_agenda(session=session53)
    assert _titles(session53) == [
        "Adoption of the agenda",
        "Admission of observers",
        "Report of the Secretary-General on the work of AALCO",
        "Legal Protection of Migrant Workers",
        "Law of the Sea",
        "Venue and dates of the next annual session",
        "Any other matters",
        "Adoption of the summary report",
    ]
    assert list(session53.agenda_items.values_list("position", flat=True).order_by("position")) == (
        list(range(1, 9))
    )


def test_an_item_whose_paragraph_no_longer_carries_is_dropped(seed_resolution, session53):
    draft_agenda(session=session53)
    Paragraph.objects.filter(resolution=seed_resolution, carries_to_session=53).update(
        carries_to_session=None
    )
    assert draft_agenda(session=session53) == []


def test_only_the_previous_sessions_resolutions_carry(seed_resolution, reference_data):
    # Paragraph 4 names the 53rd session; the 54th session's agenda does not get the item.
    assert draft_agenda(session=Session.objects.get(number=54)) == []


def test_the_first_session_on_record_has_no_previous_session(reference_data):
    first = Session.objects.order_by("number").first()
    with pytest.raises(NoPreviousSession, match="first one on record"):
        draft_agenda(session=first)


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(seed_resolution, session53):
    add_default_standing_items(session=session53)
    items = draft_agenda(session=session53)
    first, carried = items[0], items[3]
    move_agenda_item(item=first, direction="up")
    assert _titles(session53)[0] == "Adoption of the agenda"
    move_agenda_item(item=carried, direction="up")
    move_agenda_item(item=carried, direction="up")
    assert _titles(session53)[1] == "Legal Protection of Migrant Workers"
    with pytest.raises(AgendaError):
        move_agenda_item(item=carried, direction="sideways")


def test_standing_items_are_offered_not_forced(seed_resolution, session53):
    draft_agenda(session=session53)
    assert AgendaItem.objects.filter(session=session53, kind="standing").count() == 0
    assert len(missing_default_items(session=session53)) == 6
    added = add_default_standing_items(session=session53)
    assert len(added) == 6
    assert add_default_standing_items(session=session53) == []
    assert missing_default_items(session=session53) == []


def test_a_standing_item_title_must_be_new_and_not_blank(seed_resolution, session53):
    add_standing_item(session=session53, title="Admission of observers", where="opening")
    with pytest.raises(AgendaError, match="already on the agenda"):
        add_standing_item(session=session53, title="admission of OBSERVERS")
    with pytest.raises(AgendaError):
        add_standing_item(session=session53, title="   ")


def test_standing_items_can_be_removed_carried_ones_cannot(seed_resolution, session53):
    standing = add_standing_item(session=session53, title="Any other matters")
    (carried,) = [i for i in draft_agenda(session=session53) if i.kind == "carried"]
    with pytest.raises(AgendaError, match="AALCO/RES/52/S 5"):
        remove_agenda_item(item=carried)
    remove_agenda_item(item=standing)
    assert _titles(session53) == ["Legal Protection of Migrant Workers"]
    assert session53.agenda_items.get().position == 1


def test_document_symbols_follow_aalco_practice(seed_resolution, reference_data):
    assert item_code("AALCO/RES/52/S 5") == "S 5"
    assert item_code("AALCO/52/HEADQUARTERS (NEW DELHI)/ 2013 /S5") == "S 5"
    assert item_code("AALCO/RES/40/ORG 3") == "ORG 3"
    assert item_code("no code") == ""
    tehran = Session.objects.get(number=53)
    headquarters = Session.objects.get(number=55)  # New Delhi, 2016
    assert suggest_document_symbol(session=tehran, resolution=seed_resolution) == (
        "AALCO/53/TEHRAN/2014/S 5"
    )
    assert suggest_document_symbol(session=headquarters, resolution=seed_resolution) == (
        "AALCO/55/HEADQUARTERS (NEW DELHI)/2016/S 5"
    )
    assert suggest_document_symbol(session=tehran, resolution=None) == ""
