"""The 53rd session's agenda, carried from AALCO/RES/52/S 5 imported through the real service,
with India's report on paragraph 1 submitted by its focal point."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from memberstates.models import MemberState
from resolutions.models import Session
from resolutions.services.agenda import draft_agenda
from resolutions.services.responses import ResponseContent, submit_response

#: During the 52 -> 53 reporting cycle, before the deadline.
IN_CYCLE = datetime.datetime(2014, 7, 1, 6, tzinfo=datetime.UTC)
#: The day the annex is prepared in most tests: the cycle is still open.
PREPARED = datetime.datetime(2014, 9, 1, 6, tzinfo=datetime.UTC)


@pytest.fixture
def session53(reference_data) -> Session:
    return Session.objects.get(number=53)


@pytest.fixture
def india_reported(seed_resolution, focal_a):
    paragraph = seed_resolution.paragraphs.get(number=1)
    with time_machine.travel(IN_CYCLE, tick=False):
        return submit_response(
            member_state=MemberState.objects.get(iso3="IND"),
            paragraph=paragraph,
            content=ResponseContent(narrative="A national migration policy was adopted."),
            user=focal_a,
            expected_version=None,
        )


@pytest.fixture
def agenda53(seed_resolution, india_reported, session53):
    """The drafted agenda, the annex prepared on 1 September 2014."""
    with time_machine.travel(PREPARED, tick=False):
        draft_agenda(session=session53)
    return session53


@pytest.fixture
def prepared_day():
    with time_machine.travel(PREPARED, tick=False):
        yield PREPARED.date()
