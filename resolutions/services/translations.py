"""Official translations of a resolution: its French or Arabic text, paragraph by paragraph.

A resolution stays in the language it was adopted in; the secretariat attaches the official
translation of the same resolution. Operative paragraphs are matched by their number (Western
or Arabic-Indic digits), in order, so numbering that restarts in sections still lines up;
preambular paragraphs are matched in order, counting back from the first operative paragraph.
Whatever does not line up is flagged in the preview, before anything is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Paragraph, ParagraphTranslation, Resolution, ResolutionTranslation

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.\-–)]\s*(?=\S)")
_SUB = re.compile(r"^\s*\(\s*[\w\u0600-\u06FF]{1,4}\s*\)")
MAX_TEXT = 500_000


@dataclass
class Match:
    paragraph: Paragraph
    text: str | None  # None: the translation has no paragraph for it
    problem: str = ""


@dataclass
class TranslationPreview:
    resolution: Resolution
    language: str
    title: str
    source_text: str
    matches: list[Match] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # translated paragraphs with no original

    @property
    def problems(self) -> list[str]:
        found = [f"{_label(m.paragraph)}: {m.problem}" for m in self.matches if m.problem]
        found += [_("Not in the original: “%(text)s”") % {"text": t[:80]} for t in self.extra]
        return found

    @property
    def matched(self) -> int:
        return sum(1 for m in self.matches if m.text)


def _label(paragraph: Paragraph) -> str:
    if paragraph.kind == Paragraph.Kind.OPERATIVE:
        return _("Operative paragraph %(n)s") % {"n": paragraph.number}
    return _("Preambular paragraph %(n)s") % {"n": paragraph.order}


def _blocks(text: str) -> list[str]:
    """Paragraphs of the text: blank-line separated, or one per line when there are none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p.strip()]


def _split(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """(unnumbered blocks before the first numbered one, [(number, text)] after it).

    Sub-paragraphs ("(a) ...", "(أ) ...") and unnumbered blocks after the first operative
    paragraph belong to the paragraph before them."""
    head: list[str] = []
    operative: list[tuple[int, str]] = []
    for block in _blocks(text):
        normalised = block.translate(_DIGITS)
        match = _NUMBERED.match(normalised)
        if match:
            operative.append((int(match.group(1)), block[match.end() :].strip()))
        elif operative:
            number, previous = operative[-1]
            operative[-1] = (number, f"{previous} {block}")
        else:
            head.append(block)
    return head, operative


def read_translation(
    *, resolution: Resolution, language: str, text: str, title: str = ""
) -> TranslationPreview:
    """Line the translated text up with the resolution's paragraphs (nothing is saved)."""
    if language not in ResolutionTranslation.Language.values:
        raise ValidationError({"language": _("Choose French or Arabic.")})
    text = text.replace("\x00", "")
    if not text.strip():
        raise ValidationError({"text": _("Paste the translated text or choose its file.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("This text is far longer than a resolution.")})
    paragraphs = list(resolution.paragraphs.order_by("order"))
    preambular = [p for p in paragraphs if p.kind == Paragraph.Kind.PREAMBULAR]
    operative = [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE]
    head, numbered = _split(text)
    if not numbered:
        raise ValidationError(
            {"text": _("No numbered paragraph was found: is this the text of the resolution?")}
        )
    preview = TranslationPreview(
        resolution=resolution,
        language=language,
        title=(title or "").strip()[:500] or (head[0][:500] if head else resolution.title),
        source_text=text,
    )
    # Preambular paragraphs: the last ones before the first operative paragraph.
    translated_preamble = head[-len(preambular) :] if preambular else []
    offset = len(preambular) - len(translated_preamble)
    for index, paragraph in enumerate(preambular):
        position = index - offset
        found = translated_preamble[position] if position >= 0 else None
        problem = "" if found else _("no matching paragraph in the translation")
        preview.matches.append(Match(paragraph, found, problem))
    for index, paragraph in enumerate(operative):
        if index >= len(numbered):
            preview.matches.append(
                Match(paragraph, None, _("no matching paragraph in the translation"))
            )
            continue
        number, found = numbered[index]
        problem = ""
        if number != paragraph.number:
            problem = _("numbered %(found)s in the translation") % {"found": number}
        preview.matches.append(Match(paragraph, found, problem))
    preview.extra = [t for _n, t in numbered[len(operative) :]]
    return preview


@transaction.atomic
def save_translation(*, preview: TranslationPreview, user) -> ResolutionTranslation:
    """Replace the resolution's translation in that language with the preview's."""
    ResolutionTranslation.objects.filter(
        resolution=preview.resolution, language=preview.language
    ).delete()
    translation = ResolutionTranslation.objects.create(
        resolution=preview.resolution,
        language=preview.language,
        title=preview.title,
        source_text=preview.source_text,
        added_by=user,
    )
    ParagraphTranslation.objects.bulk_create(
        ParagraphTranslation(translation=translation, paragraph=m.paragraph, text=m.text)
        for m in preview.matches
        if m.text
    )
    return translation


def remove_translation(*, resolution: Resolution, language: str) -> None:
    ResolutionTranslation.objects.filter(resolution=resolution, language=language).delete()


def translated_texts(*, resolution: Resolution, language: str) -> dict[int, str] | None:
    """Paragraph id -> translated text in `language`, or None without such a translation."""
    translation = (
        ResolutionTranslation.objects.filter(resolution=resolution, language=language)
        .only("pk", "title")
        .first()
    )
    if translation is None:
        return None
    return dict(
        ParagraphTranslation.objects.filter(translation=translation).values_list(
            "paragraph_id", "text"
        )
    )
