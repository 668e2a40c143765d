"""/my/: the open cycle first with its deadline, then what is overdue, then what is answered."""

from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse

from resolutions.models import Session
from resolutions.selectors.portal import portal_overview
from resolutions.services.responses import ResponseContent, submit_response
from tests.factories import ParagraphFactory, ResolutionFactory

TODAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


@time_machine.travel(TODAY, tick=False)
def test_overdue_seed_paragraphs_are_flagged(india, para1, para3, client_for, focal_a):
    overview = portal_overview(state=india, today=datetime.date(2026, 11, 25))
    assert [i.paragraph.number for i in overview.overdue] == [1, 3]
    assert all(i.overdue for i in overview.overdue)
    assert overview.due == []
    page = client_for(focal_a).get(reverse("portal:home")).content.decode()
    assert "Overdue from earlier cycles" in page
    assert "a late report is still welcome" in page
    assert "was due by 16 August 2014" in page  # 30 days before the 53rd session opened


@time_machine.travel(TODAY, tick=False)
def test_open_cycle_first_with_its_deadline(india, para1, focal_a, client_for, philippines):
    Session.objects.create(number=64, year=2027, start_date=datetime.date(2027, 5, 10))
    current = ParagraphFactory(
        resolution=ResolutionFactory(
            session=Session.objects.get(number=63), symbol="AALCO/RES/63/S 5"
        ),
        number=1,
    )
    overview = portal_overview(state=india, today=datetime.date(2026, 11, 25))
    assert [i.paragraph for i in overview.due] == [current]
    assert overview.due[0].deadline == datetime.date(2027, 4, 10)
    page = client_for(focal_a).get(reverse("portal:home")).content.decode()
    assert page.index("due by 10 April 2027") < page.index("Overdue from earlier cycles")


@time_machine.travel(TODAY, tick=False)
def test_answered_items_and_query_budget(
    india, para1, para3, focal_a, client_for, django_assert_max_num_queries
):
    submit_response(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="Done."),
        user=focal_a,
        expected_version=None,
    )
    client = client_for(focal_a)
    client.get(reverse("portal:home"))
    # session, user, focal point+state, role groups, sessions (cycles), paragraphs,
    # treaties, the state, treaty statuses, responses, recent notifications, unread count,
    # navigation's group/focal-point checks: a constant, whatever the number of paragraphs.
    with django_assert_max_num_queries(16):
        page = client.get(reverse("portal:home")).content.decode()
    assert "Already answered" in page
    overview = portal_overview(state=india, today=datetime.date(2026, 11, 25))
    assert [i.paragraph.number for i in overview.answered] == [1]
    assert [i.paragraph.number for i in overview.overdue] == [3]
