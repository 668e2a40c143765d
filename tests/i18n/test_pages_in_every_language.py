"""Every page in French and Arabic: the right lang and dir, and no English sentence of the
catalogue left in what the reader sees (names of documents and states aside)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def english_sentences() -> set[str]:
    """Messages of three words or more, placeholders cut out: what must not stay English."""
    catalogue = polib.pofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))
    found = set()
    for entry in catalogue:
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\{.*?\}\}", text):
                piece = " ".join(piece.split()).strip(" .,:;()“”\"'")
                if len(piece.split()) >= 3:
                    found.add(piece)
    return found


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


PAGES = {
    "officer": [
        "/",
        "/resolutions/",
        "{resolution}",
        "/resolutions/import/",
        "/states/",
        "/states/IND/",
        "/treaties/",
        "/treaties/ICMW/",
        "/responses/",
        "/reminders/",
        "/sessions/",
        "/accounts/focal-points/",
        "/accounts/api-tokens/",
    ],
    "focal_a": ["/my/", "/my/notifications/", "/accounts/api-tokens/"],
    None: ["/accounts/login/", "/accounts/password_reset/"],
}


@pytest.mark.parametrize("language,direction", [("fr", "ltr"), ("ar", "rtl")])
@pytest.mark.parametrize("persona", list(PAGES), ids=lambda p: p or "anonymous")
def test_pages_speak_the_readers_language(
    request, client_for, seed_resolution, persona, language, direction
):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    client.cookies["django_language"] = language
    english = english_sentences()
    # Names and documents stay as adopted: the resolution's own words, states, symbols.
    own_words = " ".join(seed_resolution.paragraphs.values_list("text", flat=True))
    problems = []
    for url in PAGES[persona]:
        url = url.format(resolution=seed_resolution.get_absolute_url())
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html, url
        text = VisibleText.of(html)
        left = sorted(s for s in english if s in text and s not in own_words)
        if left:
            problems.append((url, left[:5]))
    assert not problems, problems
