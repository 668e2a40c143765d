"""Every workspace page costs the same number of queries with 47 states and one resolution
as with 193 states and 20 resolutions (`un_scale`)."""

from __future__ import annotations

# Every signed-in page starts with: the session, the user, the user's groups (role).
AUTH = 3
# build_follow_up: reporting paragraphs, their treaties, the obligations joined to their
# responses' status (tuples), and the responses themselves for pages that link to them.
FOLLOW_UP = 4  # with the states read by the page itself: + 1 when build_follow_up reads them
# build_follow_up(responses=False), for pages that count and list states only.
FOLLOW_UP_COUNTS = 3

PAGES = [
    # sessions (cycles, also giving the current one), active states, follow-up (counts), the
    # treaties the cycle's paragraphs name and their statuses, reminders by step and status,
    # reports awaiting review
    ("/", AUTH + 1 + 1 + FOLLOW_UP_COUNTS + 2 + 1 + 1),
    ("/?map=reporting", AUTH + 1 + 1 + FOLLOW_UP_COUNTS + 2 + 1 + 1),
    # a chosen cycle: the same
    ("/?cycle=52", AUTH + 1 + 1 + FOLLOW_UP_COUNTS + 2 + 1 + 1),
    # the paginator's count, the page's resolutions, their counts (one aggregate over the
    # obligations), the filter form's sessions and treaties
    ("/resolutions/", AUTH + 1 + 1 + 1 + 2),
    # sorted on progress: every filtered resolution and their counts; + the treaty named in
    # the filter
    (
        "/resolutions/?outstanding=yes&sort=progress&treaty=ICMW&q=a",
        AUTH + 1 + 1 + 1 + 2,
    ),
    # resolutions and their counts, per chunk of 500 (no form rendered)
    ("/resolutions/download/csv/", AUTH + 1 + 1),
    ("/resolutions/download/xlsx/", AUTH + 1 + 1),
    # the resolution, its paragraphs and their treaties, follow-up with states and sessions
    # + 1: the official translation in the reader's language, if any.
    ("{detail}", AUTH + 1 + 2 + FOLLOW_UP + 2 + 1),
    # sessions (cycles, and so the current one), states, their focal points, the treaties (the
    # filter's choices), those the cycle names, the shown treaty's statuses, the cells'
    # counts (outstanding per state)
    ("/states/", AUTH + 1 + 1 + 2 + 1 + 1 + 1),
    (
        "/states/?outstanding=yes&cycle=52&icmw=party&sort=-outstanding",
        AUTH + 1 + 1 + 2 + 1 + 1 + 1,
    ),
    # the state, focal points, treaties, statuses, history, sessions (cycles, and current),
    # the state's cells as tuples (every cycle counted), follow-up of the shown cycle (the
    # state given, not read again), its reminders, the cycle's steps
    ("/states/IND/", AUTH + 1 + 1 + 1 + 1 + 1 + 1 + 1 + FOLLOW_UP + 1 + 1),
    ("/states/IND/?cycle=52", AUTH + 1 + 1 + 1 + 1 + 1 + 1 + 1 + FOLLOW_UP + 1 + 1),
    # the state, the treaty, the current status
    ("/states/IND/treaties/ICMW/", AUTH + 3),
    # the opening session, the next one
    ("/cycles/52/next-session/", AUTH + 2),
]


def _check_pages(client, seed_resolution, django_assert_max_num_queries) -> None:
    for url, expected in PAGES:
        url = url.format(detail=seed_resolution.get_absolute_url())
        client.get(url)  # warm per-process caches (map geometry, templates)
        with django_assert_max_num_queries(expected) as captured:
            response = client.get(url)
            response.getvalue()  # a streamed download reads its rows as it is sent
        assert response.status_code == 200, url
        assert len(captured.captured_queries) == expected, url


def test_query_counts_with_47_states(
    client_for, officer, seed_resolution, india_report, django_assert_max_num_queries
):
    _check_pages(client_for(officer), seed_resolution, django_assert_max_num_queries)


def test_query_counts_with_193_states_and_20_resolutions(
    client_for, officer, seed_resolution, india_report, un_scale, django_assert_max_num_queries
):
    _check_pages(client_for(officer), seed_resolution, django_assert_max_num_queries)
