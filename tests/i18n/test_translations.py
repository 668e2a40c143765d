"""Official translations of a resolution: lined up by paragraph number, mismatches flagged,
shown in the reader's language with the original one click away."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from resolutions.models import ResolutionTranslation
from resolutions.services.translations import read_translation, save_translation

pytestmark = pytest.mark.django_db


def arabic_text(resolution) -> str:
    preamble = resolution.paragraphs.filter(kind="preambular").count()
    operative = list(resolution.paragraphs.filter(kind="operative").order_by("order"))
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    lines = [
        "AALCO/RES/52/S 5",
        "حماية العمال المهاجرين قانونيًا",
        "إن المنظمة الاستشارية القانونية الآسيوية الأفريقية،",
    ]
    lines += [f"فقرة الديباجة رقم {i + 1}؛" for i in range(preamble)]
    lines += [f"{str(p.number).translate(digits)}. فقرة المنطوق رقم {p.number}؛" for p in operative]
    return "\n\n".join(lines)


def test_arabic_paragraphs_line_up_by_number(seed_resolution, officer):
    preview = read_translation(
        resolution=seed_resolution, language="ar", text=arabic_text(seed_resolution)
    )
    assert not preview.problems
    assert all(m.text for m in preview.matches)
    third = next(m for m in preview.matches if m.paragraph.number == 3)
    assert third.text == "فقرة المنطوق رقم 3؛"
    saved = save_translation(preview=preview, user=officer)
    assert saved.paragraphs.count() == seed_resolution.paragraphs.count()


def test_mismatches_are_flagged(seed_resolution):
    text = arabic_text(seed_resolution).replace("٣. ", "٧. ") + "\n\n٩٩. فقرة زائدة"
    with translation.override("en"):
        preview = read_translation(resolution=seed_resolution, language="ar", text=text)
        problems = " ".join(preview.problems)
    assert "numbered 7" in problems and "فقرة زائدة" in problems


def test_the_reader_sees_their_language_and_the_original(client_for, officer, seed_resolution):
    preview = read_translation(
        resolution=seed_resolution, language="ar", text=arabic_text(seed_resolution)
    )
    save_translation(preview=preview, user=officer)
    client = client_for(officer)
    client.cookies["django_language"] = "ar"
    html = client.get(seed_resolution.get_absolute_url()).content.decode()
    assert "فقرة المنطوق رقم 3؛" in html and 'id="original-text"' in html
    assert "Member States that have not yet done so" in html  # the original is there
    client.cookies["django_language"] = "fr"
    assert "فقرة المنطوق" not in client.get(seed_resolution.get_absolute_url()).content.decode()


def test_attach_through_the_screen_with_a_preview(client_for, officer, seed_resolution):
    client = client_for(officer)
    url = reverse("resolutions:translation", args=[seed_resolution.pk])
    page = client.post(url, {"language": "ar", "text": arabic_text(seed_resolution)})
    assert page.status_code == 200 and page.context["preview"] is not None
    assert not ResolutionTranslation.objects.exists()
    done = client.post(url, {"action": "confirm"})
    assert done.status_code == 302
    assert ResolutionTranslation.objects.get().language == "ar"


@pytest.mark.parametrize(
    "data",
    [
        {"language": "ar", "text": ""},
        {"language": "de", "text": "1. x"},
        {"language": "ar", "text": "no numbers at all"},
        {"language": "ar", "text": "1. x\x00"},
    ],
)
def test_bad_input_gets_a_message(client_for, officer, seed_resolution, data):
    page = client_for(officer).post(
        reverse("resolutions:translation", args=[seed_resolution.pk]), data
    )
    assert page.status_code == 200
    assert page.context["preview"] is None or data["text"] == "1. x\x00"


def test_only_the_secretariat_attaches(client_for, observer, focal_a, seed_resolution):
    url = reverse("resolutions:translation", args=[seed_resolution.pk])
    assert client_for(observer).get(url).status_code == 403
    assert client_for(focal_a).get(url).status_code == 403
