"""Template helpers that Django's built-ins do not cover.

Sorting and pagination links use Django 5.2's built-in ``{% querystring %}``; this library
only adds what it cannot do: the elided page range (a method that takes arguments) and the
mapping of stored status values to ``.tag--*`` classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django import template
from django.core.paginator import Page
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

register = template.Library()

# The one stored value that does not spell its tag class: a treaty status category
# (TreatyStatus.category) of "none" is shown as "no action". Every other status a model or
# the follow-up stores is its class, with "_" read as "-".
_TAG_ALIASES = {"none": "no-action"}

TAG_CLASSES = frozenset(
    {
        "not-reported",
        "draft",
        "submitted",
        "accepted",
        "clarification",
        "party",
        "signatory",
        "no-action",
        "overdue",
        "late",
        "sent",
        "failed",
        "scheduled",
        "missed",
        "cancelled",
        "paused",
    }
)


@register.filter
def status_tag_class(status: object) -> str:
    """``"not_reported"`` -> ``"tag--not-reported"``; unknown values get the plain tag."""
    value = str(status or "").strip().lower()
    slug = _TAG_ALIASES.get(value, value.replace("_", "-").replace(" ", "-"))
    return f"tag--{slug}" if slug in TAG_CLASSES else ""


@register.simple_tag
def status_tag(status: object, label: object = "") -> SafeString:
    """The markup of includes/status_tag.html, as a tag: for loops over thousands of cells,
    where an include per cell costs more than the rest of the page."""
    # The class comes from a fixed set; the label is escaped. (format_html's checks for
    # lazy arguments cost more than the tag itself, thousands of times per page.)
    text = conditional_escape(str(label or status))
    return mark_safe(f'<strong class="tag {status_tag_class(status)}">{text}</strong>')


def _day(day, fmt: str) -> str:
    # An annex repeats a few hundred days thousands of times: each formatted once per language.
    return _formatted_day(get_language(), day, fmt)


@lru_cache(maxsize=4096)
def _formatted_day(language, day, fmt: str) -> str:
    return date_format(day, fmt)


@register.simple_tag
def annex_answer(answer) -> SafeString:
    """What a state reported on one paragraph (selectors.agenda.Answer), as the annex prints
    it: its answer in words and its text, never the review status; words carry the meaning,
    styles only set them apart. A tag, not an include: an annex has a cell per state and
    paragraph, and an include per cell cost more than the rest of the agenda page."""
    if answer is None:
        return mark_safe(f'<span class="muted">{conditional_escape(_("Not addressed"))}</span>')
    if answer.kind == "party":
        on = _day(answer.on, "j F Y") if answer.on else ""
        words = _("Became a party on %(date)s") % {"date": on}
        return mark_safe(f"<strong>{conditional_escape(words)}</strong>")
    if answer.kind == "none":
        return mark_safe(f'<span class="muted">{conditional_escape(_("No report"))}</span>')
    parts = []
    if answer.action:
        parts.append(f"<strong>{conditional_escape(answer.action)}.</strong> ")
    if answer.text:
        # The state's own words may be in another script than the page's.
        parts.append(f'<span dir="auto">{conditional_escape(answer.text)}</span>')
    if answer.on:
        on = conditional_escape(_day(answer.on, "j M Y"))
        parts.append(f' <span class="muted nowrap">({on})</span>')
    return mark_safe("".join(parts))


@register.simple_tag
def elided_page_range(page_obj: Page, on_each_side: int = 1, on_ends: int = 1) -> Iterator:
    """Page numbers around the current one, with ``paginator.ELLIPSIS`` for the gaps."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=on_each_side, on_ends=on_ends
    )


@register.simple_tag
def palette_properties() -> SafeString:
    """static/css/palette.css as one ``:root`` rule, for the print template's own styles
    (WeasyPrint and the print view read it without loading another file)."""
    from aalco.palette import custom_properties

    return mark_safe(custom_properties())  # names and #hex values matched by a strict pattern


@register.simple_tag
def static_file_uri(path: str) -> str:
    """A static file as a file:// URI, for documents rendered on the server (the PDF's fonts)."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    found = finders.find(path)
    return Path(found).resolve().as_uri() if found else ""


# --- Provenance as a reader cites it --------------------------------------------------------

#: Hosts of the sources the secretariat relies on, as a lawyer would name them.
_SOURCE_NAMES = {
    "treaties.un.org": gettext_lazy("UN Treaty Collection"),
    "www.aalco.int": gettext_lazy("AALCO website"),
    "aalco.int": gettext_lazy("AALCO website"),
    "www.un.org": gettext_lazy("United Nations"),
    "undocs.org": gettext_lazy("UN Official Document System"),
    "documents.un.org": gettext_lazy("UN Official Document System"),
    "webarchive.unesco.org": gettext_lazy("UNESCO web archive (copy of the UN list)"),
    "web.archive.org": gettext_lazy("Internet Archive copy"),
}
_URL = re.compile(r"https?://[^\s)>\]\"';]+")
_UNTC_ENTRY = re.compile(r"(?:mtdsg_no=|Chapter%20)([IVXLC]+)[-/](?:iv-)?(\d+)", re.I)
_UNTC_XML = re.compile(r"Chapter%20([IVXLC]+)/[a-z]+-(\d+)\.", re.I)


@dataclass(frozen=True)
class SourceLink:
    label: str
    url: str


def _source_label(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    name = _SOURCE_NAMES.get(host)
    if name is None:
        return host.removeprefix("www.") or url
    if host == "treaties.un.org":
        entry = _UNTC_XML.search(url) or _UNTC_ENTRY.search(url)
        if entry:
            return _("%(name)s, chapter %(chapter)s, entry %(entry)s") % {
                "name": name,
                "chapter": entry.group(1).upper(),
                "entry": entry.group(2),
            }
    return str(name)


@register.simple_tag
def source_links(text: str | None) -> list[SourceLink]:
    """The links of a stored provenance note, each named as a reader would cite it.

    Reference data keeps where each fact comes from as free text with URLs, file names and
    repository paths; pages show only the sources, readable, with their links.
    """
    seen: dict[str, SourceLink] = {}
    for url in _URL.findall(text or ""):
        url = url.rstrip(".,")
        seen.setdefault(url, SourceLink(_source_label(url), url))
    return list(seen.values())


_FILE_LIKE = re.compile(r"\S+\.(?:csv|rda|xml|json|txt|py)\b|\S+/\S+")


@register.filter
def source_note(text: str | None) -> str:
    """The words of a provenance note without its URLs, file names or repository paths."""
    words = _FILE_LIKE.sub("", _URL.sub("", text or ""))
    words = re.sub(r"\(\s*[^()]*snapshot[^()]*\)", "", words)
    words = re.sub(r"[\s;/,:]+$", "", re.sub(r"\s{2,}", " ", words)).strip(" ;/,:()")
    return words


@register.filter
def css_string(value) -> str:
    """Text for inside a double-quoted CSS string (a margin box's `content`): backslashes,
    quotes, angle brackets and line breaks as CSS escapes, so a translation with an
    apostrophe or quotes cannot end the string or the style element."""
    escaped = re.sub(r'[\\"\'<>\n\r]', lambda m: f"\\{ord(m.group(0)):x} ", str(value))
    return mark_safe(escaped)
