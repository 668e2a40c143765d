"""The focal point's walk and the review loop, each step in a real browser.

An invitation is accepted, a password set, the focal point signs in and reports on the
ICMW paragraph of the seed with a PDF attached, submits and sees the receipt; the
secretariat asks for clarification, the focal point answers, the secretariat accepts.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from memberstates.models import MemberState
from memberstates.services.invitations import invite_focal_point
from resolutions.models import Response

from ..portal.conftest import make_pdf

pytestmark = pytest.mark.browser

PASSWORD = "Blue lotus 2026 report!"


def confirm(page, action: str) -> None:
    """Outward actions ask first in a <dialog> (static/js/app.js): say yes."""
    dialog = page.locator("dialog#confirm-dialog[open]")
    dialog.wait_for()
    dialog.get_by_role("button", name=action, exact=True).click()


def test_focal_point_walk_and_review_loop(
    page,
    browser,
    live_server,
    seed_resolution,
    officer,
    password,
    login,
    assert_accessible,
    screenshot,
    tmp_path,
    js_errors,
):
    para3 = seed_resolution.paragraphs.get(kind="operative", number=3)
    mail.outbox.clear()
    invite_focal_point(
        member_state=MemberState.objects.get(iso3="IND"),
        email="new.focal@mea.example",
        name="Asha Example",
        role="main",
        invited_by=officer,
    )
    link = re.search(r"http://\S+/accounts/invitation/[0-9a-f-]+/", mail.outbox[-1].body).group(0)
    path = link.split("/accounts/", 1)[1]

    # 1. Accept the invitation and choose a password.
    page.goto(f"{live_server.url}/accounts/{path}")
    assert_accessible(page)
    screenshot(page, "portal-01-invitation")
    page.get_by_label("Your full name").fill("Asha Example")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    page.wait_for_url(f"{live_server.url}/my/")

    # 2. Sign out and in again with the new password.
    page.get_by_role("button", name="Sign out").click()
    login(page, live_server, "new.focal@mea.example", PASSWORD, next="/my/")
    assert page.get_by_role("heading", name="India", level=1).is_visible()
    assert page.get_by_text("Overdue from earlier cycles").is_visible()
    assert_accessible(page)
    screenshot(page, "portal-02-my-state")

    # 3. Report on the ICMW paragraph with a PDF, submit, see the receipt.
    page.get_by_role("link", name=re.compile(r"Report on this paragraph .*¶3")).click()
    page.get_by_label("Domestic procedure under way").check()
    page.get_by_label("Date of signature, ratification or accession").fill("2026-02-10")
    page.get_by_label("Anything to add?").fill("A cabinet note on accession is being prepared.")
    pdf = tmp_path / "cabinet-note.pdf"
    pdf.write_bytes(make_pdf())
    page.get_by_label("Supporting document").set_input_files(str(pdf))
    assert_accessible(page)
    screenshot(page, "portal-03-response-form")
    page.get_by_role("button", name="Submit to the secretariat").click()
    confirm(page, "Submit")
    page.wait_for_url(re.compile(r"/my/responses/[0-9a-f-]+/receipt/$"))
    assert page.get_by_role("heading", name="Report received").is_visible()
    assert page.get_by_role("link", name="cabinet-note.pdf").is_visible()
    assert_accessible(page)
    screenshot(page, "portal-04-receipt")
    response = Response.objects.get(member_state__iso3="IND", paragraph=para3)
    assert response.status == Response.Status.SUBMITTED
    assert any("Receipt" in m.subject for m in mail.outbox)

    # 4. The secretariat asks for clarification.
    officer_context = browser.new_context(viewport={"width": 1280, "height": 800})
    desk = officer_context.new_page()
    login(desk, live_server, officer.email, password, next="/responses/")
    desk.get_by_role("link", name=re.compile("India")).click()
    assert desk.get_by_role("heading", name=re.compile("India on")).is_visible()
    assert desk.get_by_role("link", name="cabinet-note.pdf").is_visible()
    desk.get_by_label("Ask the state to clarify").check()
    desk.get_by_label("Comment to the focal point").fill("Which ministry leads the procedure?")
    assert_accessible(desk)
    screenshot(desk, "portal-05-review")
    desk.get_by_role("button", name="Record the decision").click()
    confirm(desk, "Record the decision")
    assert desk.get_by_text("Clarification requested. The focal points were told.").is_visible()

    # 5. The focal point answers.
    page.goto(f"{live_server.url}/my/")
    assert page.get_by_text("Which ministry leads the procedure?").is_visible()
    page.get_by_role("link", name=re.compile("Answer the secretariat")).click()
    page.get_by_label("Anything to add?").fill(
        "The Ministry of Labour and Employment leads it, with External Affairs."
    )
    assert_accessible(page)
    screenshot(page, "portal-06-clarification-answer")
    page.get_by_role("button", name="Submit the new version").click()
    confirm(page, "Submit")
    page.wait_for_url(re.compile(r"/receipt/$"))

    # 6. The secretariat sees what changed and accepts.
    desk.reload()
    assert desk.get_by_text("Ministry of Labour and Employment").first.is_visible()
    desk.get_by_label("Accept the report").check()
    desk.get_by_role("button", name="Record the decision").click()
    confirm(desk, "Record the decision")
    assert desk.get_by_text("Report accepted.").is_visible()
    assert_accessible(desk)
    screenshot(desk, "portal-07-accepted")
    response.refresh_from_db()
    assert response.status == Response.Status.ACCEPTED
    # created, submitted, document added (a version of its own), clarification, resubmitted,
    # accepted
    assert response.history.count() == 6
    officer_context.close()
    assert js_errors == []
