from __future__ import annotations

from pathlib import Path

import pytest

DOCUMENTS = Path(__file__).resolve().parent / "documents"


@pytest.fixture
def documents() -> Path:
    """Real-shaped resolutions written for these tests (an AALCO one, a GA one from a PDF)."""
    return DOCUMENTS


@pytest.fixture
def seed_file(tmp_path, seed_text) -> Path:
    path = tmp_path / "AALCO_RES_52_S_5.txt"
    path.write_text(seed_text, encoding="utf-8")
    return path


from .handmade import parser_reads  # noqa: E402,F401  (fixture)
