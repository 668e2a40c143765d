"""Registered exporters of the session agenda: one narrow interface, one module per format.

As pretix's ``base/exporter.py``: every format is a class with an ``identifier`` and a
``render(annex) -> (filename, content_type, bytes)``; the registry maps identifiers to
classes. Format modules import their heavy libraries (WeasyPrint, python-docx, openpyxl)
inside ``render``, and are themselves imported on first use, so importing this module costs
nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ..selectors.agenda import AgendaAnnex

#: Format modules, in the order the page shows their buttons.
FORMAT_MODULES = ("docx", "pdf", "xlsx", "csv", "json")

_registry: dict[str, type[AgendaExporter]] = {}


class AgendaExporter:
    identifier: ClassVar[str]
    verbose_name: ClassVar[StrOrPromise]
    extension: ClassVar[str]
    content_type: ClassVar[str]

    def filename(self, annex: AgendaAnnex) -> str:
        # The default language keeps the plain name; another one is told by its code, so
        # the English and Arabic files of one session can sit in the same folder.
        suffix = f"-{annex.language}" if annex.language not in ("", settings.LANGUAGE_CODE) else ""
        return f"aalco-{annex.session.number}-provisional-agenda{suffix}.{self.extension}"

    def render(self, annex: AgendaAnnex) -> tuple[str, str, bytes]:
        return self.filename(annex), self.content_type, self.render_bytes(annex)

    def render_bytes(self, annex: AgendaAnnex) -> bytes:
        raise NotImplementedError


def register(cls: type[AgendaExporter]) -> type[AgendaExporter]:
    _registry[cls.identifier] = cls
    return cls


def exporters() -> list[type[AgendaExporter]]:
    """Every registered exporter, in FORMAT_MODULES order."""
    for name in FORMAT_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    return [_registry[name] for name in FORMAT_MODULES if name in _registry]


def get_exporter(identifier: str) -> AgendaExporter | None:
    if identifier not in FORMAT_MODULES:
        return None
    exporters()
    cls = _registry.get(identifier)
    return cls() if cls else None
