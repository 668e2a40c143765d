"""Test documents, read from this folder only: tests never reach into /work/shared."""

from __future__ import annotations

from pathlib import Path

DOCUMENTS = Path(__file__).resolve().parent / "documents"


def load(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


SEED = "AALCO_RES_52_S_5.txt"
UN_80_1 = "A_RES_80_1.txt"
UN_79_160 = "A_RES_79_160_pdf.txt"
LAW_OF_THE_SEA = "AALCO_RES_61_S_6_law_of_the_sea.txt"
TWO_AALCO = "two_aalco_resolutions.txt"
UN_SECTIONS = "A_RES_78_sections_and_annex.txt"
UN_WEB = "A_RES_79_160_web.txt"
