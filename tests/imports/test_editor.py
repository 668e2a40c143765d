"""The preview as a structure editor, and a session's compilation as a batch (no JS)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.models import Paragraph, Resolution

from .test_views import URL, confirm_data, form_data, html_text, preview_post

pytestmark = pytest.mark.django_db


def operate(client, data: dict, op: str, **headers):
    return client.post(URL, {**data, "op": op, "action": ""}, **headers)


def test_split_a_paragraph_at_the_line_break_then_save(client_for, officer, seed_text):
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    # Paragraph 4 (row 8) holds two paragraphs: the officer marks where the second begins.
    data["p-8-text"] = (
        "Decides to place this item on the provisional agenda of its Fifty-Third Annual "
        "Session.\nFurther requests the Secretariat to report on the item."
    )
    response = operate(client, data, "split-8", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-editor"' in html
    fields = form_data(response)
    assert (fields["p-9-number"], fields["p-9-verb"]) == ("5", "Further requests")
    # The new paragraph has the keyboard focus.
    assert re.search(r'<textarea class="textarea" name="p-9-text"[^>]*autofocus', html)
    data = form_data(response)
    data["action"] = "confirm"
    response = client.post(URL, data)
    assert response.status_code == 302, html_text(response)
    resolution = Resolution.objects.get()
    operative = resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE)
    assert [(p.reference, p.verb) for p in operative] == [
        ("1", "Requests"),
        ("2", "Reaffirms"),
        ("3", "Encourages"),
        ("4", "Decides"),
        ("5", "Further requests"),
    ]
    assert operative.get(number=5).text == "Further requests the Secretariat to report on the item."
    split = next(c for c in resolution.corrections if c["where"] == "structure")
    assert split["saved"][-2:] == ["4", "5"]
    assert resolution.parsed_reading["operative"][3]["verb"] == "Decides"


def test_merge_change_kind_section_and_renumber(client_for, officer, seed_text):
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    response = operate(client, data, "merge-6")  # paragraph 2 into paragraph 1
    data = form_data(response)
    assert form_data(response)["p-6-verb"] == "Encourages"
    # The last preambular paragraph becomes operative, in section "B" with paragraph 3.
    data["p-4-kind"] = "operative"
    data["p-4-number"] = "1"
    data["p-4-section"] = "A"
    data["p-5-section"] = "A"
    for row in (6, 7):
        data[f"p-{row}-section"] = "B"
    response = operate(client, data, "renumber")
    html = response.content.decode()
    data = form_data(response)
    references = [(data[f"p-{row}-section"], data[f"p-{row}-number"]) for row in range(4, 8)]
    assert references == [("A", "1"), ("A", "2"), ("B", "1"), ("B", "2")]
    assert "Section B" in html
    data["action"] = "confirm"
    response = client.post(URL, data)
    assert response.status_code == 302, html_text(response)
    resolution = Resolution.objects.get()
    assert [p.reference for p in resolution.paragraphs.filter(kind="operative")] == [
        "A.1",
        "A.2",
        "B.1",
        "B.2",
    ]
    assert resolution.paragraphs.count() == 8
    assert [s["label"] for s in resolution.sections] == ["A", "B"]


def test_chosen_states_from_the_editor(client_for, officer, seed_text):
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    data["p-6-requests_report"] = ["on"]
    data["p-6-addressees"] = "chosen"
    response = client.post(URL, data)
    assert "Choose the member states this paragraph addresses." in html_text(response)
    assert not Resolution.objects.exists()
    data["p-6-states"] = ["IND", "SEN"]
    response = client.post(URL, data)
    assert response.status_code == 302
    second = Resolution.objects.get().paragraphs.get(number=2)
    assert sorted(second.chosen_states.values_list("iso3", flat=True)) == ["IND", "SEN"]


def test_missing_symbol_is_asked_for_and_filled_in(client_for, officer, seed_text):
    client = client_for(officer)
    text = seed_text.replace("AALCO/RES/52/S 5\n", "\n", 1)
    response = preview_post(client, text)
    assert response.status_code == 200
    assert "no symbol was found: fill in the symbol" in html_text(response)
    data = form_data(response)
    data["action"] = "confirm"
    response = client.post(URL, data)
    assert "Fill in the symbol" in html_text(response)
    data["resolution-symbol"] = "AALCO/RES/52/S 5"
    response = client.post(URL, data)
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert resolution.symbol == "AALCO/RES/52/S 5"
    assert {"where": "resolution", "field": "symbol", "read": None,
            "saved": "AALCO/RES/52/S 5"} in resolution.corrections  # fmt: skip


def test_sixty_paragraphs_in_constant_queries(
    client_for, officer, seed_text, django_assert_max_num_queries
):
    head = seed_text[: seed_text.index("1. **Requests**")]
    body = "\n".join(
        f"{n}. **Requests** Member States to report on measure {n};" for n in range(1, 61)
    )
    client = client_for(officer)
    with django_assert_max_num_queries(14):
        response = preview_post(client, head + body)
    assert form_data(response)["p-64-number"] == "60"
    data = form_data(response)
    data["action"] = "confirm"
    with django_assert_max_num_queries(40):
        response = client.post(URL, data)
    assert response.status_code == 302
    assert Resolution.objects.get().paragraphs.count() == 65


def test_a_compilation_opens_as_a_batch(client_for, officer, seed_text, documents):
    client = client_for(officer)
    second = (documents / "AALCO_RES_53_S_5.txt").read_text(encoding="utf-8")
    text = seed_text + "\n\n" + second.replace("AALCO/RES/53/S 5", "", 1)
    response = preview_post(client, text)
    page = html_text(response)
    assert "2 resolutions in this text" in page
    assert "no symbol was found: fill in the symbol" in page
    html = response.content.decode()
    assert 'name="items" value="0" id="batch-choose-0" checked' in html
    assert 'name="items" value="1" id="batch-choose-1">' in html
    # Save both: the first is saved, the second is refused on its own.
    response = client.post(
        URL,
        {"action": "batch-save", "source": text, "items": ["0", "1"]},
        HTTP_ACCEPT="application/json",
    )
    results = response.json()["results"]
    assert [(r["index"], r["saved"]) for r in results] == [(0, True), (1, False)]
    assert "fill in the symbol" in results[1]["error"]
    assert list(Resolution.objects.values_list("symbol", flat=True)) == ["AALCO/RES/52/S 5"]
    # The second opens in the editor, is given its symbol and saved.
    response = client.post(URL, {"source": text, "edit": "1"})
    data = form_data(response)
    assert data["resolution-item"] == "1"
    data["resolution-symbol"] = "AALCO/RES/53/S 5"
    data["action"] = "confirm"
    response = client.post(URL, data)
    assert response.status_code == 302, html_text(response)
    assert Resolution.objects.count() == 2


def test_batch_without_javascript_shows_the_results(client_for, officer, seed_text, documents):
    client = client_for(officer)
    second = (documents / "AALCO_RES_53_S_5.txt").read_text(encoding="utf-8")
    text = seed_text + "\n\n" + second
    response = client.post(URL, {"action": "batch-save", "source": text, "items": ["0", "1"]})
    assert response.status_code == 200
    assert "2 of 2 chosen resolutions were saved." in html_text(response)
    assert Resolution.objects.count() == 2


JUNK = st.dictionaries(
    st.sampled_from(
        [
            "action", "op", "p-TOTAL_FORMS", "p-INITIAL_FORMS", "p-0-kind", "p-0-number",
            "p-0-extra", "p-0-text", "p-0-addressees", "p-0-states", "resolution-item",
            "resolution-session", "resolution-date", "edit", "items", "source",
        ]
    ),
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["confirm", "batch-save", "split-0", "merge-1", "renumber", "check-0", "-1",
             "99999999999999999999", "[[[[[[[[", '{"origin": 1}', "operative", "chosen"]
        ),
    ),
    max_size=10,
)  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(junk=JUNK)
def test_junk_posts_to_the_editor_never_fail_or_half_save(client_for, officer, seed_text, junk):
    client = client_for(officer)
    before = (Resolution.objects.count(), Paragraph.objects.count())
    base = {"resolution-source": seed_text, "resolution-digest": "x"}
    response = client.post(URL, {**base, **{k: v.replace("\x00", "") for k, v in junk.items()}})
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert (Resolution.objects.count(), Paragraph.objects.count()) == before


def test_tampered_editor_rows_never_fail(client_for, officer, seed_text):
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    for key, value in [
        ("p-TOTAL_FORMS", "5000"),
        ("p-0-extra", "[" * 5000 + "]" * 5000),
        ("p-7-kind", "annex"),
        ("p-7-number", "-3"),
        ("resolution-item", "12"),
        ("p-7-states", ["ZZZ"]),
    ]:
        for action in ("confirm", ""):
            response = client.post(URL, {**data, key: value, "action": action, "op": "split-7"})
            assert response.status_code in (200, 400), (key, response.status_code)
    assert not Resolution.objects.exists()


def test_line_ends_changed_by_the_browser_are_not_a_changed_text(client_for, officer, seed_text):
    # A form posts the text area with CRLF, htmx (FormData) with LF: the same words.
    client = client_for(officer)
    data = confirm_data(client, seed_text.replace("\n", "\r\n"))
    data["resolution-source"] = data["resolution-source"].replace("\r\n", "\n")
    response = operate(client, data, "renumber")
    assert "read again" not in html_text(response)


def test_a_resolution_in_sections_in_the_editor(client_for, officer, parser_reads):
    from .handmade import sectioned

    parser_reads(sectioned())
    client = client_for(officer)
    response = preview_post(client, "any text")
    page = html_text(response)
    assert "Section II — Migrant workers" in page
    assert "Paragraph 5 — operative II.1" in page
    assert "choose the AALCO annual session that follows this resolution up" in page
    assert 'name="resolution-meeting" value="55th plenary meeting"' in response.content.decode()
    data = form_data(response)
    data["resolution-session"] = "62"
    data["action"] = "confirm"
    response = client.post(URL, data)
    assert response.status_code == 302, html_text(response)
    resolution = Resolution.objects.get()
    assert [p.reference for p in resolution.paragraphs.filter(kind="operative")] == [
        "I.1",
        "I.2",
        "II.1",
        "II.2",
    ]
    detail = html_text(client.get(resolution.get_absolute_url()))
    assert "II.2. Urges" in " ".join(detail.split())
