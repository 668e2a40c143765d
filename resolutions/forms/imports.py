"""Forms of the import screen: the text or file to read, then the corrections to what was read."""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from aalco.forms import AppForm
from memberstates.models import MemberState, Treaty

from ..models import Paragraph, Resolution, Session
from ..parser import vocabulary
from ..parser.model import Operative, Preambular
from ..services.documents import check_size, extract_text
from ..services.import_preview import reading_order
from ..services.imports import ImportEdits, ImportPreview, ImportRefused, ParagraphEdit


def text_digest(text: str) -> str:
    """Ties a confirmation to the text that was previewed.

    Line ends do not count: a browser sends a text area's lines with CRLF in a form but
    with LF through FormData (htmx), and the words are the same.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ImportSourceForm(AppForm):
    """Paste the text, or upload the document; `cleaned_data["source"]` is the text to read."""

    text = forms.CharField(
        label=_("Paste the text of the resolution"),
        help_text=_("From the symbol and date down to the last operative paragraph."),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "textarea", "spellcheck": "false"}),
    )
    document = forms.FileField(
        label=_("Or upload the document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf,text/plain"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(".txt, .docx or .pdf, up to %(size)s.") % {
            "size": filesizeformat(settings.IMPORT_MAX_BYTES)
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        text, document = cleaned.get("text") or "", cleaned.get("document")
        if self.errors:
            return cleaned
        if document and text.strip():
            raise ValidationError(
                _("Paste the text or upload a document, not both."), code="both_sources"
            )
        try:
            if document:
                # Refused before reading: the size is known from the upload itself.
                check_size(size=document.size, name=document.name)
                cleaned["source"] = extract_text(data=document.read(), filename=document.name)
            elif text.strip():
                check_size(size=len(text.encode("utf-8", "surrogatepass")))
                cleaned["source"] = text
            else:
                raise ValidationError(
                    _("Paste the text of a resolution or choose a file to upload."),
                    code="no_source",
                )
        except ImportRefused as error:
            self.add_error("document" if document else "text", error.describe())
        return cleaned


class ResolutionEditForm(AppForm):
    """The resolution's own fields as read by the parser, for the secretariat to correct."""

    source = forms.CharField(
        label=_("Text of the resolution"),
        help_text=_("Change the text and choose “Read the text again” to preview it afresh."),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "textarea", "spellcheck": "false"}),
    )
    digest = forms.CharField(widget=forms.HiddenInput)
    # Which resolution of a compilation this is (empty for a text holding one).
    item = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=100,
        error_messages={"required": _("Fill in the symbol, such as AALCO/RES/52/S 5")},
    )
    date = forms.DateField(
        label=_("Adopted on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Fill in the date the resolution was adopted")},
    )
    session = forms.TypedChoiceField(
        label=_("Annual session"),
        help_text=_(
            "The AALCO annual session that follows the resolution up (for another body's "
            "resolution, choose the AALCO session)."
        ),
        coerce=int,
        empty_value=None,
        error_messages={
            "required": _("Select the AALCO annual session the resolution is filed under")
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        error_messages={"required": _("Fill in the title")},
    )
    topic = forms.CharField(
        label=_("Work programme item"),
        max_length=255,
        help_text=_("Resolutions on the same item are linked from session to session."),
        widget=forms.TextInput(attrs={"list": "topic-names", "autocomplete": "off"}),
    )
    body = forms.ChoiceField(label=_("Adopted by"), choices=Resolution.Body.choices)
    deliberated = forms.BooleanField(
        label=_("Deliberated at the session"),
        help_text=_("Untick for a resolution adopted as (Non-Deliberated)."),
        required=False,
    )
    secretariat_document = forms.CharField(
        label=_("Secretariat document"), max_length=200, required=False
    )
    meeting = forms.CharField(label=_("Meeting"), max_length=200, required=False)
    vote = forms.CharField(label=_("Vote"), max_length=500, required=False)
    replace = forms.BooleanField(
        label=_("Replace the resolution already imported under this symbol"),
        help_text=_(
            "Its paragraphs are updated by section and number; responses already logged are "
            "kept, and the import is refused if a paragraph with responses would disappear."
        ),
        required=False,
    )

    EDIT_FIELDS = (
        "symbol",
        "date",
        "session",
        "title",
        "body",
        "deliberated",
        "secretariat_document",
        "meeting",
        "vote",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["session"]).choices = [
            ("", _("Choose the session"))
        ] + [(s.number, str(s)) for s in Session.objects.order_by("-number")]

    @classmethod
    def initial_from(cls, preview: ImportPreview) -> dict[str, Any]:
        parsed = preview.parsed
        return {
            "source": preview.source_text,
            "digest": text_digest(preview.source_text),
            "item": preview.index if preview.index else None,
            "symbol": parsed.symbol or "",
            "date": parsed.date,
            "session": preview.session_number if preview.session is not None else None,
            "title": parsed.title or "",
            "topic": preview.topic_name,
            "body": parsed.body if parsed.body in Resolution.Body.values else "other",
            "deliberated": parsed.deliberated is not False,
            "secretariat_document": parsed.secretariat_document or "",
            "meeting": parsed.meeting or "",
            "vote": parsed.vote or "",
            "replace": preview.replace,
        }

    @classmethod
    def as_entered(cls, data: Any) -> ResolutionEditForm:
        """An unbound form showing what was posted, without error messages (after a split)."""
        bound = cls(data, prefix="resolution")
        initial = {
            name: field.widget.value_from_datadict(bound.data, bound.files, bound.add_prefix(name))
            for name, field in bound.fields.items()
        }
        return cls(prefix="resolution", initial=initial)

    @property
    def text_changed(self) -> bool:
        """The text was edited after the preview: paragraph corrections no longer apply."""
        source, digest = (
            self.data.get(self.add_prefix("source"), ""),
            self.data.get(self.add_prefix("digest"), ""),
        )
        return text_digest(source) != digest

    @property
    def item_index(self) -> int | None:
        value = self.data.get(self.add_prefix("item"), "")
        try:
            index = int(value)
        except (TypeError, ValueError):
            return None
        return index if 0 <= index < 10_000 else None

    def resolution_edits(self, *, partial: bool = False) -> dict[str, Any]:
        """The corrections; `partial`: only the fields that are valid and filled in."""
        data = self.cleaned_data
        values = {
            "symbol": " ".join(data["symbol"].split()) if "symbol" in data else None,
            "date": data.get("date"),
            "session": data.get("session"),
            "title": " ".join(data["title"].split()) if "title" in data else None,
            "body": data.get("body"),
            "deliberated": data.get("deliberated"),
            "secretariat_document": (data.get("secretariat_document") or "").strip() or None,
            "meeting": (data.get("meeting") or "").strip() or None,
            "vote": (data.get("vote") or "").strip() or None,
        }
        if partial:
            return {
                key: value
                for key, value in values.items()
                if key not in self.errors and key in data and value not in (None, "")
            }
        return values


class ParagraphRowForm(AppForm):
    """One paragraph in the structure editor: its kind, place, words and follow-up."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Paragraph.Kind.choices)
    section = forms.CharField(
        label=_("Section"), max_length=20, required=False, widget=forms.TextInput(attrs={"size": 4})
    )
    number = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"class": "input--narrow"}),
    )
    verb = forms.CharField(label=_("Opening verb"), max_length=100, required=False)
    text = forms.CharField(
        label=_("Text"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "textarea", "spellcheck": "false"}),
        error_messages={"required": _("A paragraph needs its text: merge it or delete its words")},
    )
    extra = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200_000)
    requests_report = forms.BooleanField(
        label=_("Asks member states to act and report"), required=False
    )
    addressees = forms.ChoiceField(
        label=_("Addressed to"),
        choices=Paragraph.Addressees.choices,
        initial="none",
        required=False,  # absent for a preambular paragraph: "none"
    )
    treaties = forms.MultipleChoiceField(
        label=_("Treaty"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “not party to the treaty”: party on the adoption date or not."),
    )
    states = forms.MultipleChoiceField(
        label=_("Chosen member states"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "class": "select"}),
        help_text=_("For “Chosen member states”. Hold Ctrl or Shift to choose several."),
    )
    carries_to_session = forms.IntegerField(
        label=_("Carries the item to session"),
        required=False,
        min_value=1,
        max_value=999,
    )

    def __init__(
        self,
        *args: Any,
        treaty_choices: list[tuple[str, str]],
        state_choices: list[tuple[str, str]],
        strict: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # While editing (split, merge, a choice changed) a paragraph may be half-done: its
        # follow-up is checked on confirmation, and the preview lists what is missing.
        self.strict = strict
        #: The row the keyboard focus returns to after a redraw (set by the view).
        self.focused = False
        cast(forms.ChoiceField, self.fields["treaties"]).choices = treaty_choices
        cast(forms.ChoiceField, self.fields["states"]).choices = state_choices
        #: The preview of this operative paragraph (addressed states...), set by the view.
        self.item = None
        #: The field that gets the keyboard focus after a redraw ("text", "kind"...).
        self.focus_field = ""

    @property
    def index(self) -> int | None:
        prefix = (self.prefix or "").rpartition("-")[2]
        return int(prefix) if prefix.isdigit() else None

    @property
    def position(self) -> int | None:
        return None if self.index is None else self.index + 1

    @property
    def shows_states(self) -> bool:
        """The list of states is drawn only where it is used: it is long."""
        return self["addressees"].value() == "chosen" or bool(self.errors.get("states"))

    @property
    def reference(self) -> str:
        section, number = self["section"].value() or "", self["number"].value() or "?"
        return f"{section}.{number}" if section else str(number)

    @property
    def extra_view(self) -> dict[str, Any]:
        """Sub-paragraphs and footnotes to show (nothing when the hidden data is damaged)."""
        try:
            return parse_extra(str(self["extra"].value() or ""))
        except (ValueError, RecursionError):
            return {"origin": None, "subparagraphs": [], "footnotes": []}

    def clean_extra(self) -> dict[str, Any]:
        try:
            return parse_extra(self.cleaned_data.get("extra") or "")
        except (ValueError, RecursionError) as error:
            raise ValidationError(
                _("This paragraph's hidden data was damaged: start the import again."),
                code="bad_extra",
            ) from error

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") != Paragraph.Kind.OPERATIVE or not self.strict:
            return cleaned
        if cleaned.get("number") is None and "number" not in self.errors:
            self.add_error("number", _("Give this operative paragraph a number."))
        if cleaned.get("requests_report") and cleaned.get("addressees") == "none":
            self.add_error(
                "addressees",
                _(
                    "This paragraph asks member states to report: choose whom it addresses, "
                    "or untick “Asks member states to act and report”."
                ),
            )
        if (
            cleaned.get("requests_report")
            and cleaned.get("addressees") == "chosen"
            and not cleaned.get("states")
        ):
            self.add_error("states", _("Choose the member states this paragraph addresses."))
        return cleaned

    def row(self) -> dict[str, Any]:
        """The cleaned paragraph as a row of the editor (see `rows_from_preview`)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "section": data["section"].strip().rstrip("."),
            "number": data["number"],
            "verb": " ".join(data["verb"].split()),
            "text": data["text"].strip(),
            "extra": data["extra"],
            "requests_report": data["requests_report"],
            "addressees": data["addressees"] or "none",
            "treaties": list(data["treaties"]),
            "states": list(data["states"]),
            "carries_to_session": data["carries_to_session"],
        }


class BaseParagraphFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.forms:
            raise ValidationError(_("A resolution needs at least one paragraph."))


ParagraphFormSet = forms.formset_factory(
    ParagraphRowForm,
    formset=BaseParagraphFormSet,
    extra=0,
    max_num=400,
    absolute_max=400,
    validate_max=True,
)


def parse_extra(value: str) -> dict[str, Any]:
    """A row's hidden data: where it came from, its sub-paragraphs and footnotes."""
    if not value:
        return {"origin": None, "subparagraphs": [], "footnotes": []}
    data = json.loads(value)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    origin = data.get("origin")
    if origin is not None and (not isinstance(origin, int) or isinstance(origin, bool)):
        raise ValueError("bad origin")
    subparagraphs = data.get("subparagraphs", [])
    footnotes = data.get("footnotes", [])
    if not isinstance(subparagraphs, list) or not isinstance(footnotes, list):
        raise ValueError("bad lists")
    for sub in subparagraphs:
        _check_subparagraph(sub, depth=0)
    for note in footnotes:
        if not (isinstance(note, dict) and _strings(note, ("marker", "text"))):
            raise ValueError("bad footnote")
    return {"origin": origin, "subparagraphs": subparagraphs, "footnotes": footnotes}


def _strings(data: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return all(isinstance(data.get(key), str) and "\x00" not in data[key] for key in keys)


def _check_subparagraph(sub: Any, *, depth: int) -> None:
    if depth > 6 or not isinstance(sub, dict) or not _strings(sub, ("label", "text")):
        raise ValueError("bad sub-paragraph")
    children = sub.get("children", [])
    if not isinstance(children, list):
        raise ValueError("bad children")
    for child in children:
        _check_subparagraph(child, depth=depth + 1)


def dump_extra(origin: int | None, subparagraphs: list[Any], footnotes: list[Any]) -> str:
    return json.dumps(
        {"origin": origin, "subparagraphs": subparagraphs, "footnotes": footnotes},
        ensure_ascii=False,
    )


def rows_from_preview(preview: ImportPreview) -> list[dict[str, Any]]:
    """Every paragraph of the preview in reading order, as editor rows."""
    parsed = preview.parsed
    items = {id(item.paragraph): item for item in preview.operative}
    reading = preview.reading or parsed
    read: list[Preambular | Operative] = [*reading.preambular, *reading.operative]
    by_line = {p.line: index for index, p in enumerate(read) if p.line is not None}
    by_id = {id(p): index for index, p in enumerate(read)}

    def origin(paragraph: Any) -> int | None:
        if id(paragraph) in by_id:
            return by_id[id(paragraph)]
        return by_line.get(paragraph.line) if paragraph.line is not None else None

    rows: list[dict[str, Any]] = []
    for paragraph in reading_order(parsed):
        item = items.get(id(paragraph))
        footnotes = [f.to_dict() for f in paragraph.footnotes]
        if item is None:
            rows.append(
                {
                    "kind": "preambular",
                    "section": paragraph.section,
                    "number": None,
                    "verb": paragraph.verb,
                    "text": paragraph.text,
                    "extra": dump_extra(origin(paragraph), [], footnotes),
                    "requests_report": False,
                    "addressees": "none",
                    "treaties": [],
                    "states": [],
                    "carries_to_session": None,
                    "item": None,
                }
            )
            continue
        paragraph = item.paragraph
        rows.append(
            {
                "kind": "operative",
                "section": paragraph.section,
                "number": paragraph.number or None,
                "verb": paragraph.verb,
                "text": paragraph.text,
                "extra": dump_extra(
                    origin(paragraph),
                    [sub.to_dict() for sub in paragraph.subparagraphs],
                    footnotes,
                ),
                "requests_report": paragraph.requests_report,
                "addressees": str(paragraph.addressees),
                "treaties": [t.short_name for t in item.treaties] or list(paragraph.treaties),
                "states": list(item.chosen),
                "carries_to_session": paragraph.carries_to_session,
                "item": item,
            }
        )
    return rows


def structure_from_rows(rows: list[dict[str, Any]]) -> tuple[ParagraphEdit, ...]:
    """The editor's rows as the service's structure edits, in reading order.

    The reading order is the rows' order except that the service stores preambular
    paragraphs before operative ones; the editor keeps them apart the same way.
    """
    edits = []
    for row in rows:
        extra = row["extra"] if isinstance(row["extra"], dict) else parse_extra(row["extra"])
        operative = row["kind"] == "operative"
        edits.append(
            ParagraphEdit(
                kind=row["kind"],
                text=row["text"],
                verb=row["verb"],
                section=row["section"],
                number=row["number"] if operative else None,
                subparagraphs=tuple(extra["subparagraphs"]),
                footnotes=tuple(extra["footnotes"]),
                requests_report=operative and row["requests_report"],
                addressees=row["addressees"] if operative else "none",
                treaties=tuple(row["treaties"]) if operative else (),
                states=tuple(row["states"]) if operative else (),
                carries_to_session=row["carries_to_session"] if operative else None,
                origin=extra["origin"],
            )
        )
    return tuple(edits)


def apply_operation(rows: list[dict[str, Any]], operation: str) -> tuple[list[dict], int | None]:
    """Split, merge or renumber the editor's rows; returns the rows and the row to focus.

    "split-N" cuts row N at the first line break of its text (the person types Enter where
    the new paragraph begins); "merge-N" joins row N to the one above; "renumber" numbers
    the operative paragraphs 1, 2, 3... in each section. Anything else changes nothing.
    """
    parts = operation.split("-")
    verb = parts[0]
    try:
        index = int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        return rows, None
    rows = [dict(row) for row in rows]
    if verb == "split" and index is not None and 0 <= index < len(rows):
        return _split_row(rows, index)
    if verb == "merge" and index is not None and 0 < index < len(rows):
        return _merge_rows(rows, index)
    if verb == "check" and index is not None and 0 <= index < len(rows):
        return rows, index
    if verb == "renumber":
        _renumber(rows)
    return rows, None


def _extra_of(row: dict[str, Any]) -> dict[str, Any]:
    return parse_extra(row["extra"]) if isinstance(row["extra"], str) else row["extra"]


def _split_row(rows: list[dict], index: int) -> tuple[list[dict], int]:
    """Row ``index`` cut at the first line break of its text, if both halves have words."""
    row = rows[index]
    head, newline, tail = row["text"].replace("\r\n", "\n").partition("\n")
    if not newline or not head.strip() or not tail.strip():
        return rows, index
    extra = _extra_of(row)
    first = {**row, "text": head.strip(), "extra": dump_extra(extra["origin"], [], [])}
    second = {
        **row,
        "text": " ".join(tail.split()),
        "verb": _opening_words(tail, row["kind"]),
        # The follow-up read from the paragraph stays with its first half.
        "requests_report": False,
        "addressees": "none",
        "treaties": [],
        "states": [],
        "carries_to_session": None,
        "number": (row["number"] + 1) if row["number"] else None,
        "extra": dump_extra(None, extra["subparagraphs"], extra["footnotes"]),
    }
    rows[index : index + 1] = [first, second]
    return rows, index + 1


def _merge_rows(rows: list[dict], index: int) -> tuple[list[dict], int]:
    """Row ``index`` joined to the one above, with its sub-paragraphs and footnotes."""
    above, row = rows[index - 1], rows[index]
    top, low = _extra_of(above), _extra_of(row)
    rows[index - 1] = {
        **above,
        "text": f"{above['text']} {row['text']}".strip(),
        "extra": dump_extra(
            top["origin"],
            top["subparagraphs"] + low["subparagraphs"],
            top["footnotes"] + low["footnotes"],
        ),
    }
    del rows[index]
    return rows, index - 1


def _renumber(rows: list[dict]) -> None:
    """The operative paragraphs numbered 1, 2, 3... in each section."""
    counters: dict[str, int] = {}
    for row in rows:
        if row["kind"] == "operative":
            counters[row["section"]] = counters.get(row["section"], 0) + 1
            row["number"] = counters[row["section"]]


def _opening_words(text: str, kind: str) -> str:
    """The opening verb of a paragraph made by a split, as the parser would read it."""
    # Looked up by name: the parser's vocabulary is its own module's business.
    finder = getattr(
        vocabulary, "operative_verb" if kind == "operative" else "preambular_verb", None
    )
    try:
        found = finder(text.strip()) if finder is not None else None
    except Exception:  # a vocabulary change must not break the editor
        found = None
    return found or ""


def treaty_choices() -> list[tuple[str, str]]:
    return [(t.short_name, t.short_name) for t in Treaty.objects.order_by("short_name")]


def state_choices() -> list[tuple[str, str]]:
    return list(MemberState.objects.active().order_by("name").values_list("iso3", "name"))


def build_edits(
    form: ResolutionEditForm, rows: list[dict[str, Any]], *, partial: bool = False
) -> ImportEdits:
    topic = " ".join((form.cleaned_data.get("topic") or "").split()) or None
    return ImportEdits(
        resolution=form.resolution_edits(partial=partial),
        structure=structure_from_rows(rows),
        topic=topic,
    )
