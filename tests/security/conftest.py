"""The portal's fixtures (a draft of India, a submitted report of the Philippines) reused."""

from tests.portal.conftest import (  # noqa: F401
    draft_a,
    india,
    para1,
    para3,
    pdf_bytes,
    philippines,
    submitted_b,
)
