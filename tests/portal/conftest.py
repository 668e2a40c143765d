"""Fixtures of the portal tests: the seed resolution with a report from each persona's state."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from resolutions.models import Paragraph
from resolutions.services.responses import ResponseContent, save_draft, submit_response


def make_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def pdf_bytes() -> bytes:
    return make_pdf()


@pytest.fixture
def para1(seed_resolution) -> Paragraph:
    """ "Requests all Member States ... to promote and protect the human rights of migrants"."""
    return seed_resolution.paragraphs.get(kind="operative", number=1)


@pytest.fixture
def para3(seed_resolution) -> Paragraph:
    """The ICMW paragraph: addressed to the states not party when it was adopted."""
    return seed_resolution.paragraphs.get(kind="operative", number=3)


@pytest.fixture
def india(focal_a):
    from memberstates.roles import focal_point_state

    return focal_point_state(focal_a)


@pytest.fixture
def philippines(focal_b):
    from memberstates.roles import focal_point_state

    return focal_point_state(focal_b)


@pytest.fixture
def draft_a(india, focal_a, para3):
    """India's draft on the ICMW paragraph."""
    return save_draft(
        member_state=india,
        paragraph=para3,
        content=ResponseContent(treaty_action="under_consideration", narrative="Under study."),
        user=focal_a,
        expected_version=None,
    )


@pytest.fixture
def submitted_b(philippines, focal_b, para1):
    """The Philippines' submitted report on paragraph 1."""
    return submit_response(
        member_state=philippines,
        paragraph=para1,
        content=ResponseContent(narrative="The Migrant Workers Act was amended in 2022."),
        user=focal_b,
        expected_version=None,
    )
