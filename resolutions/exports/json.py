"""The agenda and its annex as JSON for other systems; the shape is in docs/agenda-json.md.

Keys are stable English identifiers; labels (``status_label``) follow the language chosen for
the export (``language``), and ``translated_text`` gives a paragraph's official translation
into it where one is attached.
Dates are ISO 8601. Bump SCHEMA when a key changes meaning or disappears.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .base import AgendaExporter, register

if TYPE_CHECKING:
    from memberstates.models import MemberState, TreatyStatus

    from ..models import Paragraph, Resolution, Session
    from ..selectors.agenda import AgendaAnnex, AnnexItem, Answer, TreatyAnnex

SCHEMA = "aalco-agenda/1"


def _session(session: Session) -> dict[str, Any]:
    return {
        "number": session.number,
        "year": session.year,
        "city": session.city,
        "country": session.country,
        "start_date": session.start_date,
        "end_date": session.end_date,
    }


def _state(state: MemberState) -> dict[str, str]:
    return {"iso3": state.iso3, "name": state.name}


def _resolution(resolution: Resolution) -> dict[str, Any]:
    return {
        "symbol": resolution.symbol,
        "title": resolution.title,
        "adopted_on": resolution.adopted_on,
        "deliberated": resolution.deliberated,
        "session": resolution.session.number,
        "secretariat_document": resolution.secretariat_document,
    }


def _paragraph(p: Paragraph, translated: str | None = None) -> dict[str, Any]:
    return {
        "number": p.number,
        "reference": p.reference,
        "verb": p.verb,
        "text": p.text,
        "subparagraphs": p.subparagraphs,
        "requests_report": p.requests_report,
        "addressees": p.addressees,
        "treaties": [t.short_name for t in p.named_treaties],
        "carries_to_session": p.carries_to_session,
        # The official translation into the export's language, where one is attached.
        "translated_text": translated,
    }


def _party(status: TreatyStatus) -> dict[str, Any]:
    return {
        **_state(status.member_state),
        "consent_type": status.consent_type,
        "consent_date": status.consent_date,
    }


def _treaty(t: TreatyAnnex) -> dict[str, Any]:
    return {
        "short_name": t.treaty.short_name,
        "title": t.treaty.title,
        "members": t.participation.members,
        "parties": [_party(s) for s in t.parties],
        "joined_since": [_party(s) for s in t.joined_since],
        "signatories": [
            {**_state(s.member_state), "signature_date": s.signature_date} for s in t.signatories
        ],
        "no_action": [_state(s) for s in t.no_action],
    }


def _item(entry: AnnexItem) -> dict[str, Any]:
    from ..selectors.agenda import answer_of

    item = entry.item
    data: dict[str, Any] = {
        "number": entry.number,
        "kind": item.kind,
        "title": item.title,
        "secretariat_document": item.secretariat_document,
        "notes": item.notes,
        "source_resolution": _resolution(entry.resolution) if entry.resolution else None,
        "operative_paragraphs": [
            _paragraph(p, entry.translated.get(p.pk)) for p in entry.operative
        ],
        "follow_up": [],
        "treaties": [_treaty(t) for t in entry.treaties],
    }
    for pf in entry.reporting:
        data["follow_up"].append(
            {
                "paragraph": pf.paragraph.number,
                "paragraph_reference": pf.paragraph.reference,
                "addressees": pf.paragraph.addressees,
                "addressed": pf.total,
                "settled": pf.settled_count,
                "states": [
                    {
                        **_state(cell.state),
                        "status": cell.status,
                        "status_label": cell.label,
                        "settled": cell.settled,
                        **_answer(answer_of(cell)),
                    }
                    for cell in pf.cells.values()
                ],
            }
        )
    return data


def _answer(answer: Answer | None) -> dict[str, Any]:
    """What the state reported: its answer and its words (the annex's reading)."""
    if answer is None:
        return {}
    return {"answer": answer.summary, "reported_text": answer.text, "reported_on": answer.on}


def annex_to_dict(annex: AgendaAnnex) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "language": annex.language or get_language(),
        "generated_on": annex.today,
        "document_symbol": annex.document_symbol,
        "document_date": annex.document_date,
        "late_from": annex.late_from,
        "other_resolutions": [_item(entry) for entry in annex.others],
        "late_reports": [
            {
                **_state(report.state),
                "resolution": report.paragraph.resolution.symbol,
                "paragraph": report.paragraph.number,
                **_answer(report.answer),
            }
            for report in annex.late
        ],
        "session": _session(annex.session),
        "previous_session": _session(annex.previous),
        "joined_window": {"since": annex.since, "until": annex.until},
        "items": [_item(entry) for entry in annex.items],
    }


@register
class JsonExporter(AgendaExporter):
    identifier = "json"
    verbose_name = _("JSON")
    extension = "json"
    content_type = "application/json"

    def render_bytes(self, annex: AgendaAnnex) -> bytes:
        text = json.dumps(annex_to_dict(annex), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
