"""The import screen: paste or upload, preview, correct, confirm; and who may use it."""

from __future__ import annotations

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memberstates.models import MemberState
from resolutions.models import Paragraph, Resolution, Response, Topic

from .test_documents import seed_as_docx, seed_as_pdf

pytestmark = pytest.mark.django_db

URL = "/resolutions/import/"


def preview_post(client, text: str):
    return client.post(URL, {"action": "preview", "text": text})


def form_data(response) -> dict[str, object]:
    """The preview form's fields as the browser would submit them (no JS involved)."""
    html = response.content.decode()
    form = html[html.index('<form method="post"', html.index('id="import-editor"')) :]
    form = form[: form.index("</form>")]
    data: dict[str, object] = {}
    for tag in re.finditer(r"<(input|textarea|select)\b([^>]*)>", form):
        kind, attrs = tag.group(1), tag.group(2)
        name = re.search(r'name="([^"]+)"', attrs)
        if not name:
            continue
        name = name.group(1)
        if kind == "input":
            value = re.search(r'value="([^"]*)"', attrs)
            value = _unescape(value.group(1)) if value else ""
            input_type = re.search(r'type="([^"]+)"', attrs)
            input_type = input_type.group(1) if input_type else "text"
            if input_type == "checkbox":
                if "checked" in attrs:
                    data.setdefault(name, [])
                    data[name].append(value or "on")
                continue
            data[name] = value
        elif kind == "textarea":
            rest = form[tag.end() :]
            data[name] = _unescape(rest[: rest.index("</textarea>")]).removeprefix("\n")
        else:
            rest = form[tag.end() : form.index("</select>", tag.end())]
            selected = re.findall(r'<option value="([^"]*)"[^>]*selected', rest)
            if "multiple" in attrs:
                data[name] = selected
            else:
                data[name] = selected[0] if selected else ""
    return data


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["observer", "focal_a"])
def test_observers_and_focal_points_are_refused(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert preview_post(client, "anything").status_code == 403


def test_secretariat_sees_the_form(client_for, officer):
    response = client_for(officer).get(URL)
    assert response.status_code == 200
    assert b"Import a resolution" in response.content
    assert reverse("resolutions:import") == URL


def test_paste_preview_edit_confirm(client_for, officer, seed_text, django_assert_max_num_queries):
    client = client_for(officer)
    # session, user, groups; treaty aliases, session, symbol, topic, treaties by name, states,
    # treaty statuses; the form's sessions, treaties and states (for "chosen states"), the
    # topic names for the datalist.
    with django_assert_max_num_queries(14):
        response = preview_post(client, seed_text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the resolution before saving" in html
    assert 'value="AALCO/RES/52/S 5"' in html
    assert re.search(r'<textarea class="textarea" name="p-0-text"[^>]*>\s*Having considered', html)
    assert form_data(response)["p-7-verb"] == "Encourages"
    # 35 states were not party to the ICMW on 12 September 2013; Gambia has since joined.
    assert re.search(r'data-testid="addressed-count-3">\s*35 member states', html)
    assert "Gambia (has since become a party)" in html
    assert re.search(r'data-testid="addressed-count-1">\s*47 member states', html)
    assert form_data(response)["p-8-carries_to_session"] == "53"
    assert Resolution.objects.count() == 0

    data = form_data(response)
    data["action"] = "confirm"
    data["resolution-title"] = "LEGAL PROTECTION OF MIGRANT WORKERS (corrected)"
    data["p-6-requests_report"] = ["on"]
    data["p-6-addressees"] = "all"
    # session, user, groups, the form's sessions and treaties; the text read once to check
    # the corrections (7) and once more inside the transaction (7); topic lookup (2) and
    # insert; resolution, paragraphs and treaty links inserted in bulk; 4 savepoint
    # statements; the paragraph count for the message; the obligations kept in the same
    # transaction (delete, paragraphs with treaties, states, consents, insert: 5).
    with django_assert_max_num_queries(35):
        response = client.post(URL, data)
    resolution = Resolution.objects.get(symbol="AALCO/RES/52/S 5")
    assert response.status_code == 302
    assert response["Location"] == reverse("resolutions:detail", args=[resolution.pk])
    assert resolution.title == "LEGAL PROTECTION OF MIGRANT WORKERS (corrected)"
    assert resolution.imported_by == officer
    assert resolution.paragraphs.filter(kind=Paragraph.Kind.PREAMBULAR).count() == 5
    assert resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).count() == 4
    second = resolution.paragraphs.get(number=2)
    assert second.requests_report and second.addressees == "all"
    third = resolution.paragraphs.get(number=3)
    assert [t.short_name for t in third.treaties.all()] == ["ICMW"]
    assert resolution.topic == Topic.objects.get(name="Legal Protection of Migrant Workers")


def confirm_data(client, text: str) -> dict[str, object]:
    response = preview_post(client, text)
    assert response.status_code == 200
    data = form_data(response)
    data["action"] = "confirm"
    return data


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_upload_docx_and_pdf(client_for, officer, seed_text, kind):
    client = client_for(officer)
    data = (
        seed_as_docx(seed_text, word_numbering=True) if kind == "docx" else seed_as_pdf(seed_text)
    )
    upload = SimpleUploadedFile(f"AALCO_RES_52_S_5.{kind}", data)
    response = client.post(URL, {"action": "preview", "document": upload})
    html = response.content.decode()
    assert response.status_code == 200, html
    assert 'value="AALCO/RES/52/S 5"' in html
    assert form_data(response)["p-8-verb"] == "Decides"
    # The text read from the file travels on as the source to confirm.
    response = client.post(URL, {**form_data(response), "action": "confirm"})
    assert response.status_code == 302
    assert Resolution.objects.get().paragraphs.count() == 9


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("resolution.pdf", b"AALCO/RES/52/S 5 is not a PDF", "is named as a PDF but its content"),
        ("resolution.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "its content is a PDF"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a .txt, .docx, .pdf"),
    ],
)
def test_disguised_uploads_get_a_message(client_for, officer, name, data, message):
    response = client_for(officer).post(
        URL, {"action": "preview", "document": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    assert message in html_text(response)
    assert 'class="error-summary"' in response.content.decode()


def test_oversized_upload_and_paste_are_refused(client_for, officer, seed_text, settings):
    settings.IMPORT_MAX_BYTES = 1024
    client = client_for(officer)
    upload = SimpleUploadedFile("big.txt", seed_text.encode())
    response = client.post(URL, {"action": "preview", "document": upload})
    assert "files up to 1.0\xa0KB can be imported" in html_text(response)
    response = preview_post(client, seed_text)
    assert "files up to 1.0\xa0KB can be imported" in html_text(response)
    assert not Resolution.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste the text of a resolution or choose a file to upload."),
        ("   \n\n  ", "Paste the text of a resolution or choose a file to upload."),
        ("Lorem ipsum dolor sit amet.", "no operative paragraphs found"),
        ("AALCO/RES/52/S 5\x00 with a null", "invisible null characters"),
    ],
)
def test_garbage_gets_a_message_and_saves_nothing(client_for, officer, text, message):
    response = preview_post(client_for(officer), text)
    assert response.status_code == 200
    assert message in html_text(response)
    assert not Resolution.objects.exists()


def test_paste_or_upload_not_both(client_for, officer, seed_text):
    upload = SimpleUploadedFile("seed.txt", seed_text.encode())
    response = client_for(officer).post(
        URL, {"action": "preview", "text": seed_text, "document": upload}
    )
    assert "Paste the text or upload a document, not both." in html_text(response)


def test_numbering_gap_shows_the_line_and_keeps_the_text(client_for, officer, seed_text):
    # The gap is a warning on the preview, not a refusal.
    gap = seed_text.replace("3. **Encourages**", "5. **Encourages**")
    response = preview_post(client_for(officer), gap)
    text = html_text(response)
    assert "operative paragraph 3 is missing" in text and "line 26" in text


def test_existing_symbol_must_be_replaced_explicitly(
    client_for, officer, seed_resolution, seed_text
):
    Response.objects.create(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=seed_resolution.paragraphs.get(number=3),
        cycle=seed_resolution.session,
    )
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "AALCO/RES/52/S 5 is already imported" in html_text(response)
    data["resolution-replace"] = "on"
    data["resolution-title"] = "LEGAL PROTECTION OF MIGRANT WORKERS (REVISED)"
    response = client.post(URL, data)
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert resolution.pk == seed_resolution.pk
    assert resolution.title.endswith("(REVISED)")
    assert Response.objects.get().paragraph.number == 3


def test_invalid_corrections_are_shown_on_the_preview(client_for, officer, seed_text):
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    data["resolution-symbol"] = ""
    data["p-6-requests_report"] = ["on"]
    data["p-6-addressees"] = "none"
    response = client.post(URL, data)
    text = html_text(response)
    assert response.status_code == 200
    assert "Fill in the symbol" in text
    assert "Paragraph 7, Addressed to: This paragraph asks member states to report" in text
    assert not Resolution.objects.exists()


def test_changed_text_is_read_again_before_saving(client_for, officer, seed_text):
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    data["resolution-source"] = seed_text.replace("S 5", "S 6")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "The text was changed, so it was read again" in html_text(response)
    assert 'value="AALCO/RES/52/S 6"' in response.content.decode()
    assert not Resolution.objects.exists()


def test_tampered_hidden_data_is_refused_with_a_message(client_for, officer, seed_text):
    client = client_for(officer)
    data = confirm_data(client, seed_text)
    data["p-6-extra"] = '{"origin": "x", "subparagraphs": 3}'
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "hidden data was damaged" in html_text(response)
    assert not Resolution.objects.exists()


def test_general_assembly_resolution_needs_an_aalco_session(client_for, officer, documents):
    client = client_for(officer)
    text = (documents / "A_RES_69_167_extract.txt").read_text(encoding="utf-8")
    data = confirm_data(client, text)
    response = client.post(URL, data)
    assert "choose the AALCO annual session that follows this resolution up" in html_text(response)
    assert "Select the AALCO annual session the resolution is filed under" in html_text(response)
    data["resolution-session"] = "54"
    response = client.post(URL, data)
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert (resolution.symbol, resolution.session.number, resolution.body) == (
        "A/RES/69/167",
        54,
        "un_ga",
    )
    assert resolution.paragraphs.get(number=2).subparagraphs[2]["label"] == "c"


def test_preview_is_quick(client_for, officer, seed_text):
    client = client_for(officer)
    started = time.perf_counter()
    preview_post(client, seed_text)
    assert time.perf_counter() - started < 1.0


def html_text(response) -> str:
    """The page's text, tags removed and entities decoded, for message assertions."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
