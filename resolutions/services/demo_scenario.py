"""The demo's living cycle: a fictional scenario built around the real seed, through the real
services, relative to the day it is loaded.

- The session after the latest one on record gets demo dates some weeks ahead (and a
  ``source`` saying they are fictional), so a reporting cycle is open; running the demo again
  later moves those dates, never a real session's.
- Two fictional resolutions of the latest session (``data/demo/``, each saying in its own
  text that it is a demonstration) give that cycle something to report on.
- Fictional focal points and reports from several states, in every status: draft, submitted,
  clarification requested, accepted; a ratification reported and confirmed.
- Reports on the real seed (RES/52/S 5) in its 2013–14 cycle, dated inside it, and one sent
  late, so the annex of the 53rd session has something to show.
- Reminders sent (the step that has come) and scheduled (the next one), and the next
  session's agenda drafted with the usual standing items.

Idempotent: whatever exists (a report of a state on a paragraph, a ledger row, an agenda
item) is left as it is, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from memberstates.models import FocalPoint, MemberState, TreatyStatus

from ..models import Paragraph, Reminder, ReportingCycle, Resolution, Response, Session
from .agenda import add_default_standing_items, draft_agenda
from .reminder_mail import step_dates
from .reminders import plan_reminders
from .responses import (
    Decision,
    ResponseContent,
    confirm_ratification,
    review_response,
    save_draft,
    submit_response,
)

#: Every session, focal point and treaty record the demo invents says so in its source.
DEMO_SOURCE = "Fictional demonstration data written by load_demo_data"
#: The demo's next session opens this many days after the day the demo is loaded: the first
#: reminder step (90 days) has come, the next ones are ahead, the deadline is six weeks off.
DAYS_TO_NEXT_SESSION = 75

#: Fictional focal points besides the README's two (they cannot sign in: no password).
DEMO_FOCAL_POINTS = (
    ("KEN", "focal.ken@aalco.example", "Demo Focal Point, Kenya"),
    ("CMR", "focal.cmr@aalco.example", "Demo Focal Point, Cameroon"),
    ("JPN", "focal.jpn@aalco.example", "Demo Focal Point, Japan"),
    ("EGY", "focal.egy@aalco.example", "Demo Focal Point, Egypt"),
)


@dataclass(frozen=True)
class DemoReport:
    """One fictional report: state, resolution symbol (demo session or seed), paragraph
    number, where it ends, what it says, and for a closed cycle the day it was sent."""

    iso3: str
    symbol: str
    number: int
    status: str  # draft, submitted, clarification, accepted, ratified
    narrative: str = ""
    treaty_action: str = ""
    sent_on: datetime.date | None = None
    comment: str = ""


def _demo_reports(latest: int) -> tuple[DemoReport, ...]:
    return _open_cycle_reports(latest) + _seed_cycle_reports()


def _open_cycle_reports(latest: int) -> tuple[DemoReport, ...]:
    """The open cycle: every status, several states."""
    s5, s10 = f"AALCO/RES/{latest}/S 5", f"AALCO/RES/{latest}/S 10"
    return (
        DemoReport(
            "IND",
            s5,
            1,
            "draft",
            "Demo report: a draft bill on the recruitment of migrant workers is being discussed "
            "with the ministries concerned.",
        ),
        DemoReport(
            "IND",
            s10,
            1,
            "submitted",
            "Demo report: the national position on international law in cyberspace was "
            "published by the foreign ministry and is attached to this report.",
        ),
        DemoReport(
            "PHL",
            s5,
            1,
            "clarification",
            "Demo report: migrant workers' welfare offices were opened in three more countries.",
            comment="Please give the dates the offices opened and the countries concerned.",
        ),
        DemoReport(
            "PHL",
            s10,
            1,
            "accepted",
            "Demo report: the Philippines shared its national position in a note verbale.",
        ),
        DemoReport(
            "KEN",
            s5,
            1,
            "accepted",
            "Demo report: a labour migration policy was adopted and bilateral labour "
            "agreements were signed with two destination countries.",
        ),
        DemoReport(
            "KEN",
            s5,
            2,
            "submitted",
            "Demo report: the ratification of the ICMW is before the cabinet.",
            treaty_action=Response.TreatyAction.UNDER_CONSIDERATION,
        ),
        DemoReport(
            "CMR",
            s5,
            2,
            "ratified",
            "Demo report: Cameroon deposited its instrument of ratification of the ICMW.",
            treaty_action=Response.TreatyAction.RATIFIED,
        ),
        DemoReport(
            "JPN",
            s10,
            1,
            "submitted",
            "Demo report: Japan's basic position on international law applicable to cyber "
            "operations is shared with the secretariat.",
        ),
        DemoReport(
            "EGY",
            s5,
            1,
            "submitted",
            "Demo report: a national committee on migrant workers' rights met four times.",
        ),
    )


def _seed_cycle_reports() -> tuple[DemoReport, ...]:
    """The real seed's cycle (52nd to 53rd session), dated inside it; one report late."""
    seed = "AALCO/RES/52/S 5"
    return (
        DemoReport(
            "IND",
            seed,
            1,
            "accepted",
            "Demo report: India's emigration rules were amended to protect workers recruited "
            "abroad.",
            sent_on=datetime.date(2014, 6, 10),
        ),
        DemoReport(
            "PHL",
            seed,
            1,
            "accepted",
            "Demo report: the Philippines extended legal assistance to migrant workers abroad.",
            sent_on=datetime.date(2014, 7, 1),
        ),
        DemoReport(
            "KEN",
            seed,
            3,
            "submitted",
            "Demo report: the ICMW is under study by the Attorney General's office.",
            treaty_action=Response.TreatyAction.UNDER_CONSIDERATION,
            sent_on=datetime.date(2014, 8, 1),
        ),
        DemoReport(
            "JPN",
            seed,
            1,
            "submitted",
            "Demo report, sent after the 53rd session had opened: a technical intern training "
            "act strengthened the protection of foreign workers.",
        ),
    )


@dataclass
class DemoScenario:
    next_session: Session | None = None
    resolutions: list[str] = field(default_factory=list)
    reports_added: int = 0
    reminders: int = 0
    agenda_items: int = 0


def build_demo_scenario(*, officer, today: datetime.date | None = None) -> DemoScenario:
    """The living cycle around the imported seed and demo resolutions (see the module)."""
    today = today or timezone.localdate()
    result = DemoScenario()
    # The demo writes to fictional addresses (@aalco.example): it records receipts, notices
    # and reminders in the app as the real services do, and sends no mail.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        with transaction.atomic():
            latest = _latest_real_session(today)
            if latest is None:
                return result
            result.next_session = _open_next_session(latest, today)
            result.resolutions = list(
                Resolution.objects.filter(session=latest).values_list("symbol", flat=True)
            )
            focal_points = _demo_focal_points()
            result.reports_added = _demo_responses(
                officer=officer, focal_points=focal_points, latest=latest.number, today=today
            )
        with transaction.atomic():
            plan_reminders(today=today)
            result.reminders = _schedule_next_step(latest, today)
            if result.next_session is not None:
                draft_agenda(session=result.next_session)
                add_default_standing_items(session=result.next_session)
                result.agenda_items = result.next_session.agenda_items.count()
    return result


def _latest_real_session(today: datetime.date) -> Session | None:
    return (
        Session.objects.exclude(source__startswith=DEMO_SOURCE)
        .filter(start_date__lte=today)
        .order_by("-number")
        .first()
    )


def _open_next_session(latest: Session, today: datetime.date) -> Session | None:
    """Give the session after `latest` demo dates ahead of `today`; a real one is left alone."""
    start = today + datetime.timedelta(days=DAYS_TO_NEXT_SESSION)
    dates = {
        "year": start.year,
        "start_date": start,
        "end_date": start + datetime.timedelta(days=4),
    }
    session = Session.objects.filter(number=latest.number + 1).first()
    if session is None:
        return Session.objects.create(
            number=latest.number + 1,
            city="New Delhi",
            country="India",
            source=f"{DEMO_SOURCE}: dates set {DAYS_TO_NEXT_SESSION} days after {today}.",
            **dates,
        )
    if session.source.startswith(DEMO_SOURCE):
        for name, value in dates.items():
            setattr(session, name, value)
        session.source = f"{DEMO_SOURCE}: dates set {DAYS_TO_NEXT_SESSION} days after {today}."
        session.save()
    return session


def _demo_focal_points() -> dict[str, object]:
    """The focal point user of each demo state (the README's two, and fictional ones)."""
    User = get_user_model()
    users: dict[str, object] = {}
    for iso3, email, name in DEMO_FOCAL_POINTS:
        user, created = User.objects.get_or_create(email=email, defaults={"name": name})
        if created:
            user.set_unusable_password()  # a name on reports and reminders, not an account
            user.save(update_fields=["password"])
        state = MemberState.objects.get(iso3=iso3)
        if not FocalPoint.objects.filter(member_state=state, is_active=True).exists():
            FocalPoint.objects.create(
                user=user,
                member_state=state,
                role=FocalPoint.Role.MAIN,
                position="Demo focal point (fictional)",
                started_on=timezone.localdate(),
            )
    for fp in FocalPoint.objects.filter(
        is_active=True, member_state__iso3__in=["IND", "PHL", *(i for i, *_r in DEMO_FOCAL_POINTS)]
    ).select_related("user", "member_state"):
        users.setdefault(fp.member_state.iso3, fp.user)
    return users


def _demo_responses(*, officer, focal_points: dict, latest: int, today: datetime.date) -> int:
    paragraphs = {
        (p.resolution.symbol, p.number): p
        for p in Paragraph.objects.filter(
            resolution__symbol__in={r.symbol for r in _demo_reports(latest)},
            kind=Paragraph.Kind.OPERATIVE,
        ).select_related("resolution")
    }
    states = {s.iso3: s for s in MemberState.objects.filter(iso3__in=focal_points)}
    added = 0
    for report in _demo_reports(latest):
        paragraph = paragraphs.get((report.symbol, report.number))
        state = states.get(report.iso3)
        user = focal_points.get(report.iso3)
        if paragraph is None or state is None or user is None:
            continue  # the secretariat removed or corrected it: leave the demo without it
        if Response.objects.filter(
            member_state=state, paragraph=paragraph, cycle_id=paragraph.resolution.session_id
        ).exists():
            continue
        _report(report, state=state, paragraph=paragraph, user=user, officer=officer, today=today)
        added += 1
    return added


def _report(report: DemoReport, *, state, paragraph, user, officer, today) -> None:
    ratified = report.status == "ratified"
    content = ResponseContent(
        narrative=report.narrative,
        treaty_action=report.treaty_action,
        measure_date=today - datetime.timedelta(days=20) if ratified else None,
        instrument="Instrument of ratification deposited with the UN Secretary-General"
        if ratified
        else "",
    )
    if report.status == "draft":
        save_draft(
            member_state=state,
            paragraph=paragraph,
            content=content,
            user=user,
            expected_version=None,
        )
        return
    response = submit_response(
        member_state=state, paragraph=paragraph, content=content, user=user, expected_version=None
    )
    if report.status in ("accepted", "clarification"):
        response = review_response(
            response=response,
            decision=Decision.ACCEPT if report.status == "accepted" else Decision.CLARIFY,
            comment=report.comment,
            user=officer,
            expected_version=response.version,
        )
    elif ratified:
        confirm_ratification(
            response=response,
            user=officer,
            consent_type=TreatyStatus.ConsentType.RATIFICATION,
            consent_date=today - datetime.timedelta(days=20),  # the measure's date above
            source=f"{DEMO_SOURCE}: a ratification reported by the demo focal point.",
            expected_version=response.version,
        )
    if report.sent_on is not None:
        # A report of a past cycle is dated inside it, as it would have been sent then.
        sent = datetime.datetime.combine(report.sent_on, datetime.time(10), tzinfo=datetime.UTC)
        reviewed = sent + datetime.timedelta(days=12) if report.status == "accepted" else None
        Response.objects.filter(pk=response.pk).update(
            created_at=sent, submitted_at=sent, reviewed_at=reviewed, updated_at=reviewed or sent
        )


def _schedule_next_step(latest: Session, today: datetime.date) -> int:
    """Ledger rows for the step after the one that has come: the log shows what is ahead."""
    cycle = ReportingCycle.starting_at(latest)
    upcoming = sorted(
        ((day, step) for step, day in step_dates(cycle).items() if day > today),
    )
    if not upcoming:
        return Reminder.objects.filter(cycle=latest).count()
    day, step = upcoming[0]
    reminded = Reminder.objects.filter(cycle=latest).exclude(step=step)
    for state_id in set(reminded.values_list("member_state_id", flat=True)):
        Reminder.objects.get_or_create(
            member_state_id=state_id,
            cycle=latest,
            step=step,
            defaults={"due_on": day, "status": Reminder.Status.SCHEDULED},
        )
    return Reminder.objects.filter(cycle=latest).count()
