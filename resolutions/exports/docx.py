"""The agenda and its annex as a Word document the secretariat can edit and circulate.

Real Word styles throughout (Title, Heading 1–3, List Number, List Bullet, Table Grid), so
the navigation pane, the table of contents and restyling work; page numbers are a PAGE field
in the footer, not text.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _

from ..selectors.agenda import session_dates, session_place
from .base import AgendaExporter, register

if TYPE_CHECKING:
    from docx.document import Document as DocumentType
    from docx.text.paragraph import Paragraph as DocxParagraph

    from ..selectors.agenda import AgendaAnnex, AnnexItem, Answer, TreatyAnnex


#: The face Word is asked to use for Arabic (complex script) text: the one the PDF embeds.
ARABIC_FONT = "Noto Naskh Arabic"
#: Word's proofing language per interface language (English keeps the template's).
WORD_LANGUAGES = {"fr": "fr-FR", "ar": "ar-SA"}
_RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _long(day) -> str:
    return date_format(day, "j F Y") if day else ""


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word computes when it lays the pages out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"  # what readers that do not compute fields show
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, shown, end):
        run._r.append(element)


def _table(doc: DocumentType, header: list[str], rows: list[list[str]]):
    """A Table Grid table whose header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=2, cols=len(header))
    table.style = "Table Grid"
    header_row, template_row = table.rows
    for cell, text in zip(header_row.cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    tr_pr = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    # Rows are copies of an empty row filled at the XML level: python-docx's cell objects
    # cost ~0.2 ms each, which made 193 states × 40 items take seconds.
    for cell in template_row.cells:
        cell.paragraphs[0].add_run(" ")
    template = template_row._tr
    text_tag = qn("w:t")
    tbl = table._tbl
    for values in rows:
        tr = copy.deepcopy(template)
        for t, text in zip(tr.iter(text_tag), values, strict=True):
            t.text = text
        tbl.append(tr)
    tbl.remove(template)
    return table


def _title_page(doc: DocumentType, annex: AgendaAnnex) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for _i in range(6):
        doc.add_paragraph()
    org = doc.add_paragraph(_("Asian-African Legal Consultative Organization"))
    org.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # As AALCO's own session documents: the symbol above, "For official use only".
    symbol = doc.add_paragraph(annex.document_symbol or "_" * 20)
    symbol.add_run().add_break()
    symbol.add_run(_("For official use only"))
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = doc.add_paragraph(_("Provisional agenda"), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    session = doc.add_paragraph(
        _("%(ordinal)s Annual Session") % {"ordinal": annex.session.ordinal}, style="Subtitle"
    )
    session.alignment = WD_ALIGN_PARAGRAPH.CENTER
    where = ", ".join(p for p in (session_place(annex.session), session_dates(annex.session)) if p)
    if where:
        doc.add_paragraph(where).alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = doc.add_paragraph(
        _("With an annex on the follow-up of the resolutions of the %(previous)s Annual Session")
        % {"previous": annex.previous.ordinal}
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (
        _("Document symbol: %(symbol)s") % {"symbol": annex.document_symbol or "_" * 20},
        _("Date: %(date)s") % {"date": _long(annex.document_date)},
    ):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    secretariat = doc.add_paragraph(_("Prepared by the AALCO Secretariat, New Delhi"))
    secretariat.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_page_break()


def _reports(doc: DocumentType, entry: AnnexItem) -> None:
    doc.add_heading(_("Reports from member states"), level=3)
    if not entry.reporting:
        doc.add_paragraph(_("No paragraph of this resolution asks member states to report."))
        return
    for pf in entry.reporting:
        doc.add_paragraph(
            _(
                "Paragraph %(number)s: %(settled)s of %(total)s member states addressed have "
                "reported or acted."
            )
            % {"number": pf.paragraph.reference, "settled": pf.settled_count, "total": pf.total},
            style="List Bullet",
        )
    header = [_("Member state"), _("ISO3")]
    header += [
        _("Paragraph %(number)s") % {"number": pf.paragraph.reference} for pf in entry.reporting
    ]
    header += [_("%(treaty)s status") % {"treaty": t.treaty.short_name} for t in entry.treaties]
    rows = [
        [
            line.state.name,
            line.state.iso3,
            *(_answer_text(answer) for answer in line.answers),
            *line.treaty_statuses,
        ]
        for line in entry.lines
    ]
    _table(doc, header, rows)
    if entry.late:
        doc.add_heading(
            _("Reports received after the session opened (late, not counted above)"), level=4
        )
        for report in entry.late:
            doc.add_paragraph(
                _("%(state)s, paragraph %(number)s, sent %(date)s (late): %(answer)s")
                % {
                    "state": report.state.name,
                    "number": report.paragraph.number,
                    "date": _long(report.answer.on),
                    "answer": _answer_text(report.answer),
                },
                style="List Bullet",
            )


def _answer_text(answer: Answer | None) -> str:
    """What the state reported, in words (the annex never prints the review status)."""
    if answer is None:
        return _("Not addressed")
    if answer.kind != "reported":
        return answer.summary
    return " ".join(p for p in (f"{answer.action}." if answer.action else "", answer.text) if p)


def _treaty(doc: DocumentType, annex: AgendaAnnex, entry: AnnexItem, t: TreatyAnnex) -> None:
    doc.add_heading(
        _("%(treaty)s among the member states") % {"treaty": t.treaty.short_name}, level=3
    )
    doc.add_paragraph(t.treaty.title)
    joined = ", ".join(
        f"{s.member_state.name} ({s.get_consent_type_display().lower()}, {_long(s.consent_date)})"
        for s in t.joined_since
    ) or _("none")
    signatories = ", ".join(s.member_state.name for s in t.signatories) or _("none")
    for text in (
        _("%(parties)s of %(members)s member states are parties on %(date)s.")
        % {
            "parties": len(t.parties),
            "members": t.participation.members,
            "date": _long(annex.as_of),
        },
        _("Joined between %(since)s and %(until)s: %(states)s.")
        % {"since": _long(annex.since), "until": _long(annex.until), "states": joined},
        _("Signatories, not parties: %(states)s.") % {"states": signatories},
        _("%(count)s member states have taken no action.") % {"count": len(t.no_action)},
    ):
        doc.add_paragraph(text, style="List Bullet")
    if t.shown_at_item != entry.anchor:
        doc.add_paragraph(
            _("The list of parties to the %(treaty)s is under “%(heading)s”.")
            % {"treaty": t.treaty.short_name, "heading": t.shown_at_label}
        )
        return
    _table(
        doc,
        [_("Member state"), _("Form of consent"), _("Date")],
        [
            [s.member_state.name, s.get_consent_type_display(), _long(s.consent_date)]
            for s in t.parties
        ],
    )


def build_document(annex: AgendaAnnex) -> DocumentType:
    from docx import Document

    doc = Document()
    _page_setup(doc, annex)

    _title_page(doc, annex)

    doc.add_heading(_("Provisional agenda"), level=1)
    for entry in annex.items:
        p = doc.add_paragraph(style="List Number")
        p.add_run(entry.title).bold = True
        if entry.item.secretariat_document:
            p.add_run().add_break()
            p.add_run(entry.item.secretariat_document).italic = True

    doc.add_page_break()
    doc.add_heading(
        _("Annex: follow-up of the resolutions of the %(previous)s Annual Session")
        % {"previous": annex.previous.ordinal},
        level=1,
    )
    followed = annex.followed
    # Resolution texts left in their original (English) in a right-to-left document.
    left_to_right: set = set()
    if not followed:
        doc.add_paragraph(
            _(
                "No resolution of the previous session asks member states to report, and no "
                "item on this agenda was carried forward by one: there is no follow-up to "
                "report."
            )
        )
    if annex.late_from:
        doc.add_paragraph(
            _(
                "Only reports sent before the session opened on %(date)s are counted; reports "
                "sent later are listed under each resolution as late."
            )
            % {"date": _long(annex.late_from)}
        )
    for entry in followed:
        _followed_item(doc, annex, entry, left_to_right)
    _in_language(doc, left_to_right=left_to_right)
    return doc


def _page_setup(doc: DocumentType, annex: AgendaAnnex) -> None:
    """Properties, A4 page and the "Page N of M" footer (not on the title page)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc.core_properties.title = _("Provisional agenda of the %(ordinal)s Annual Session") % {
        "ordinal": annex.session.ordinal
    }
    doc.core_properties.author = _("AALCO Secretariat")
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.different_first_page_header_footer = True  # no page number on the title page
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("of") + " ")
    _field(footer, "NUMPAGES")


def _followed_item(
    doc: DocumentType, annex: AgendaAnnex, entry: AnnexItem, left_to_right: set
) -> None:
    """One followed item: its resolution, operative paragraphs, reports and treaties.

    Paragraphs left in their original (English) are added to `left_to_right`.
    """
    doc.add_heading(entry.heading, level=2)
    resolution = entry.resolution
    assert resolution is not None  # followed items come from a resolution
    source = _("Resolution: %(symbol)s, adopted %(date)s") % {
        "symbol": resolution.symbol,
        "date": _long(resolution.adopted_on),
    }
    if not resolution.deliberated:
        source += " (" + _("non-deliberated") + ")"
    doc.add_paragraph(source)
    if entry.item.secretariat_document:
        doc.add_paragraph(
            _("Secretariat document: %(symbol)s") % {"symbol": entry.item.secretariat_document}
        )
    if entry.item.notes:
        doc.add_paragraph(entry.item.notes)
    doc.add_heading(_("Operative paragraphs"), level=3)
    for para in entry.operative_texts:
        written = [doc.add_paragraph(f"{para.reference}. {para.text}")]
        for line in _subparagraph_lines(para.subparagraph_items):
            written.append(doc.add_paragraph(line, style="List Continue"))
        if para.direction == "ltr":
            left_to_right.update(w._p for w in written)
    _reports(doc, entry)
    for t in entry.treaties:
        _treaty(doc, annex, entry, t)


def _flag(parent, tag: str, on: bool = True) -> None:
    """Set the on/off element `tag` (w:bidi, w:rtl ...) of a property element, in the place
    the schema orders it (Word refuses a file whose properties are out of order)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = parent.find(qn(tag))
    if element is None:
        sequence = getattr(parent, "_tag_seq", ())
        successors = sequence[sequence.index(tag) + 1 :] if tag in sequence else ()
        element = parent.insert_element_before(OxmlElement(tag), *successors)
    if not on:
        element.set(qn("w:val"), "0")


def _in_language(doc: DocumentType, *, left_to_right: AbstractSet[Any] = frozenset()) -> None:
    """Mark the document as written in the active language; in a right-to-left one (Arabic)
    make every paragraph (but the `left_to_right` ones: texts quoted in a left-to-right
    language), table and section read right to left, Arabic runs right-to-left runs, and
    give complex-script text its own font, bold and italic."""
    from docx.enum.table import WD_TABLE_DIRECTION
    from docx.oxml.ns import qn

    language = get_language() or ""
    word_language = WORD_LANGUAGES.get(language.split("-")[0])
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if word_language:
        doc.core_properties.language = word_language
        lang = default_rpr.find(qn("w:lang"))
        lang.set(qn("w:val"), word_language)
    if not get_language_bidi():
        return
    # Complex-script fonts: the Arabic face everywhere the template named a theme font.
    for fonts in styles.iter(qn("w:rFonts")):
        fonts.attrib.pop(qn("w:cstheme"), None)
        fonts.set(qn("w:cs"), ARABIC_FONT)
    _flag(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"), "w:bidi")
    for part in (doc.element.body, *(s.footer._element for s in doc.sections)):
        for paragraph in part.iter(qn("w:p")):
            # Explicitly off for a quoted left-to-right text: the default is now on.
            _flag(paragraph.get_or_add_pPr(), "w:bidi", on=paragraph not in left_to_right)
        for run in part.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            rpr = run.get_or_add_rPr()
            if _RTL_TEXT.search(text):
                _flag(rpr, "w:rtl")
            # Word draws Arabic bold or italic only from the complex-script flags.
            if rpr.find(qn("w:b")) is not None:
                _flag(rpr, "w:bCs")
            if rpr.find(qn("w:i")) is not None:
                _flag(rpr, "w:iCs")
    for table in doc.tables:
        table.table_direction = WD_TABLE_DIRECTION.RTL
    for section in doc.sections:
        _flag(section._sectPr, "w:bidi")


@register
class DocxExporter(AgendaExporter):
    identifier = "docx"
    verbose_name = gettext_lazy("Word")
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render_bytes(self, annex: AgendaAnnex) -> bytes:
        output = io.BytesIO()
        build_document(annex).save(output)
        return output.getvalue()


def _subparagraph_lines(items: list[dict[str, Any]], depth: int = 0) -> Iterator[str]:
    """Sub-paragraphs as indented lines: "(a) text", nested ones one step further in."""
    for item in items:
        yield "    " * depth + f"{item['label']} {item['text']}".strip()
        yield from _subparagraph_lines(item["children"], depth + 1)
