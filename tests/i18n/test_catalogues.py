"""The French and Arabic catalogues are complete: no message untranslated or fuzzy, the same
placeholders as the English, and the compiled .mo files in step with the .po files."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%|%[sdif]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.fixture(params=["fr", "ar"])
def catalogue(request) -> polib.POFile:
    return polib.pofile(str(LOCALE / request.param / "LC_MESSAGES" / "django.po"))


def test_every_message_is_translated(catalogue):
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_no_message_is_fuzzy(catalogue):
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_placeholders_match_the_english(catalogue):
    wrong = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            expected = {tuple(placeholders(entry.msgid)), tuple(placeholders(entry.msgid_plural))}
            for text in entry.msgstr_plural.values():
                if tuple(placeholders(text)) not in expected:
                    wrong.append((entry.msgid, text))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, wrong[:5]


def test_compiled_catalogue_is_current(catalogue):
    compiled = polib.mofile(catalogue.fpath.replace(".po", ".mo"))
    translations = {(e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural) for e in compiled}
    stale = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and translations.get((e.msgctxt, e.msgid))
        != (e.msgstr or {int(k): v for k, v in e.msgstr_plural.items()})
    ]
    assert not stale, f"run compilemessages: {len(stale)} messages differ, e.g. {stale[:3]}"
