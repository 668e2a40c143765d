"""Reminders before the next session: the policy, the planner and the delivery ledger.

Policy. A reporting cycle runs from one session to the next. Reminders go out
``settings.REMINDER_STEPS_DAYS`` days before the next session opens; reports are due
``REPORTING_DEADLINE_DAYS`` before it. Every date is computed from ``Session.start_date``:
moving the session moves every date (``Reminder.due_on`` is a snapshot for the log, and
re-planning updates it on rows still scheduled). Which paragraphs a state still owes comes
from ``resolutions.followup`` — recomputed when the mail is sent, so a state that reported or
became a party in the meantime is not written to.

Ledger. ``plan_reminders`` writes one ``Reminder`` row per state, cycle and step that is due
(the unique constraint makes a second run a no-op) and enqueues one send task per row once
the transaction commits. ``reminder_mail.send_reminder`` claims its row with a conditional
UPDATE whose row count must be 1, sends, then marks it sent. Lifecycle::

    scheduled ─claim─▶ sending ─▶ sent
        │                 └─SMTP error─▶ failed ─retry claim─▶ sending …
        ├─▶ missed     (a later step became due first, or the session opened)
        └─▶ cancelled  (nothing missing any more, or no focal point to write to)

Paused states: the planner writes no rows for a paused state and the claim refuses rows of
a paused state, so rows already scheduled stay scheduled (never sent) during the pause.
Resuming re-plans that state at once: only its latest due step goes out, older ones are
marked missed — the same rule as after an outage.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aalco.queue import enqueue_on_commit
from memberstates.models import FocalPoint, MemberState

from ..followup import Cell, build_follow_up, reporting_cycles, reporting_paragraphs
from ..models import Reminder, ReminderPause, ReportingCycle, Session
from ..reminder_steps import due_steps, step_dates, step_for_today
from .reminder_mail import (
    RenderedReminder,
    cycles_with_due_steps,
    focal_points_by_state,
    has_main_focal_point,
    outstanding_for,
    render_reminder,
)


class ReminderError(Exception):
    """A reminder action that cannot be done; the message is shown to the secretariat."""


def preview_reminder(
    *,
    member_state: MemberState,
    cycle: Session | ReportingCycle,
    step: int | None = None,
    today: datetime.date | None = None,
) -> RenderedReminder:
    """The email the state would get now (it may list nothing, or have nobody to go to)."""
    cycle = _as_cycle(cycle)
    if step is None:
        step = step_for_today(cycle, today or timezone.localdate())
    return render_reminder(
        member_state=member_state,
        cycle=cycle,
        step=step,
        cells=outstanding_for(member_state, cycle),
        focal_points=focal_points_by_state([member_state.pk])[member_state.pk],
    )


def _as_cycle(cycle: Session | ReportingCycle) -> ReportingCycle:
    return cycle if isinstance(cycle, ReportingCycle) else ReportingCycle.starting_at(cycle)


# --- Planning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedReminder:
    member_state: MemberState
    cycle: ReportingCycle
    step: int
    due_on: datetime.date
    late: bool
    cells: tuple[Cell, ...]
    focal_points: tuple[FocalPoint, ...]

    def render(self) -> RenderedReminder:
        return render_reminder(
            member_state=self.member_state,
            cycle=self.cycle,
            step=self.step,
            cells=list(self.cells),
            focal_points=list(self.focal_points),
            late=self.late,
        )


@dataclass
class PlanResult:
    today: datetime.date
    dry_run: bool = False
    cycles: list[ReportingCycle] = field(default_factory=list)
    #: New rows for the latest due step (written, or that a real run would write).
    scheduled: list[PlannedReminder] = field(default_factory=list)
    #: (state, cycle, step) recorded as missed: an older step, never sent as a burst.
    missed: list[tuple[MemberState, ReportingCycle, int]] = field(default_factory=list)
    no_focal_point: list[tuple[MemberState, ReportingCycle]] = field(default_factory=list)
    paused: list[tuple[MemberState, ReportingCycle]] = field(default_factory=list)
    rescheduled: int = 0
    requeued: list[int] = field(default_factory=list)
    enqueued: list[int] = field(default_factory=list)


def plan_reminders(
    *,
    today: datetime.date,
    member_state: MemberState | None = None,
    dry_run: bool = False,
) -> PlanResult:
    """Write the due ledger rows and queue their sending; safe to run any number of times.

    Costs a constant number of queries whatever the number of states and paragraphs: cycles,
    the follow-up (five), focal points, pauses, existing rows, then a few bulk writes.
    """
    result = PlanResult(today=today, dry_run=dry_run)
    cycles = reporting_cycles()
    active = cycles_with_due_steps(today, cycles)
    result.cycles = active
    now = timezone.now()
    owed, states = _owed_cells(active, cycles, member_state)
    plan = _Plan(
        result=result,
        states=states,
        focal_points=focal_points_by_state(states) if states else {},
        active_ids=[c.opening.pk for c in active],
    )
    for cycle in active:
        for (cycle_id, state_id), cells in sorted(owed.items(), key=lambda i: i[0]):
            if cycle_id == cycle.opening.pk:
                plan.add_state(cycle, state_id, cells)
    if dry_run:
        return result
    with transaction.atomic():
        result.rescheduled = _reschedule(cycles, now=now)
        _close_finished_cycles(cycles, today=today, now=now)
        plan.write(now=now)
        result.requeued = requeue_stale(
            today=today, now=now, cycles=cycles, member_state=member_state
        )
        enqueue_sends(set(result.enqueued) | set(result.requeued))
    return result


def _owed_cells(
    active: list[ReportingCycle],
    cycles: dict[int, ReportingCycle],
    member_state: MemberState | None,
) -> tuple[dict[tuple[int, int], list[Cell]], dict[int, MemberState]]:
    """The outstanding cells of each (cycle, state) with a step due, and those states."""
    owed: dict[tuple[int, int], list[Cell]] = defaultdict(list)  # (cycle, state) → cells
    states: dict[int, MemberState] = {}
    if not active:
        return owed, states
    state_qs = MemberState.objects.active()
    if member_state is not None:
        state_qs = state_qs.filter(pk=member_state.pk)
    follow_up = build_follow_up(
        reporting_paragraphs().filter(resolution__session__in=[c.opening for c in active]),
        state_qs,
        cycles=cycles,
    )
    for pf in follow_up.paragraphs:
        for cell in pf.outstanding():
            owed[(pf.paragraph.resolution.session_id, cell.state.pk)].append(cell)
            states[cell.state.pk] = cell.state
    return owed, states


class _Plan:
    """The ledger rows a planning run adds or marks missed, from what is already written."""

    def __init__(
        self,
        *,
        result: PlanResult,
        states: dict[int, MemberState],
        focal_points: dict[int, list[FocalPoint]],
        active_ids: list[int],
    ) -> None:
        self.result = result
        self.states = states
        self.focal_points = focal_points
        self.active_ids = active_ids
        self.paused = set(
            ReminderPause.objects.filter(cycle_id__in=active_ids).values_list(
                "cycle_id", "member_state_id"
            )
        )
        self.existing = {
            (r["cycle_id"], r["member_state_id"], r["step"]): r
            for r in Reminder.objects.filter(cycle_id__in=active_ids).values(
                "id", "cycle_id", "member_state_id", "step", "status"
            )
        }
        self.new_rows: list[Reminder] = []
        self.to_miss: list[int] = []

    def add_state(self, cycle: ReportingCycle, state_id: int, cells: list[Cell]) -> None:
        """One state that owes reports in a cycle: its older steps missed, the latest due."""
        cycle_id, state = cycle.opening.pk, self.states[state_id]
        if (cycle_id, state_id) in self.paused:
            self.result.paused.append((state, cycle))
            return
        fps = self.focal_points.get(state_id, [])
        if not has_main_focal_point(fps):
            self.result.no_focal_point.append((state, cycle))
            return
        dates = step_dates(cycle)
        steps = due_steps(cycle, self.result.today)
        first_planning = not any((cycle_id, state_id, s) in self.existing for s in dates)
        for step in steps[:-1]:
            self._miss(state, cycle, step, dates[step], first_planning=first_planning)
        latest = steps[-1]
        if (cycle_id, state_id, latest) not in self.existing:
            late = dates[latest] < self.result.today
            self.new_rows.append(
                _row(state, cycle, latest, dates[latest], Reminder.Status.SCHEDULED, late)
            )
            self.result.scheduled.append(
                PlannedReminder(state, cycle, latest, dates[latest], late, tuple(cells), tuple(fps))
            )

    def _miss(
        self,
        state: MemberState,
        cycle: ReportingCycle,
        step: int,
        due_on: datetime.date,
        *,
        first_planning: bool,
    ) -> None:
        row = self.existing.get((cycle.opening.pk, state.pk, step))
        if row is None:
            note = (
                # Nothing was ever planned for this state in this cycle: its day
                # came before the planner could know it (the session had no dates).
                _("Its day passed before the dates of the session were set.")
                if first_planning
                else None
            )
            self.new_rows.append(
                _row(state, cycle, step, due_on, Reminder.Status.MISSED, note=note)
            )
        elif row["status"] == Reminder.Status.SCHEDULED:
            self.to_miss.append(row["id"])
        else:
            return
        self.result.missed.append((state, cycle, step))

    def write(self, *, now: datetime.datetime) -> None:
        """Mark the overtaken steps missed, add the new rows and note which to send."""
        if self.to_miss:
            Reminder.objects.filter(pk__in=self.to_miss, status=Reminder.Status.SCHEDULED).update(
                status=Reminder.Status.MISSED,
                note=_("A later step fell due before it was sent."),
                updated_at=now,
            )
        if not self.new_rows:
            return
        # A concurrent planner may have written some of these: the constraint keeps one.
        Reminder.objects.bulk_create(self.new_rows, ignore_conflicts=True)
        wanted = {(p.cycle.opening.pk, p.member_state.pk, p.step) for p in self.result.scheduled}
        self.result.enqueued = [
            r["id"]
            for r in Reminder.objects.filter(
                cycle_id__in=self.active_ids,
                status=Reminder.Status.SCHEDULED,
                member_state_id__in=list({k[1] for k in wanted}),
            ).values("id", "cycle_id", "member_state_id", "step")
            if (r["cycle_id"], r["member_state_id"], r["step"]) in wanted
        ]


def _row(
    state: MemberState,
    cycle: ReportingCycle,
    step: int,
    due_on: datetime.date,
    status: str,
    late: bool = False,
    note: str | None = None,
) -> Reminder:
    if note is None:
        note = (
            _("A later step fell due before it was sent.")
            if status == Reminder.Status.MISSED
            else ""
        )
    return Reminder(
        member_state=state,
        cycle=cycle.opening,
        step=step,
        due_on=due_on,
        status=status,
        late=late,
        note=note,
    )


def _reschedule(cycles: dict[int, ReportingCycle], *, now: datetime.datetime) -> int:
    """Session dates moved: scheduled rows take the new day (their due_on is a snapshot)."""
    changed = []
    for row in Reminder.objects.filter(status=Reminder.Status.SCHEDULED).only(
        "id", "cycle_id", "step", "due_on"
    ):
        cycle = cycles.get(row.cycle_id)
        day = step_dates(cycle).get(row.step) if cycle else None
        if day is not None and day != row.due_on:
            row.due_on, row.updated_at = day, now
            changed.append(row)
    if changed:
        Reminder.objects.bulk_update(changed, ["due_on", "updated_at"])
    return len(changed)


def _close_finished_cycles(
    cycles: dict[int, ReportingCycle], *, today: datetime.date, now: datetime.datetime
) -> int:
    """Rows never sent before their session opened are missed: nobody is chased afterwards."""
    closed = [pk for pk, c in cycles.items() if c.is_closed(today)]
    if not closed:
        return 0
    stale = now - datetime.timedelta(seconds=settings.REMINDER_STALE_AFTER_SECONDS)
    return Reminder.objects.filter(
        Q(status=Reminder.Status.SCHEDULED)
        | Q(status=Reminder.Status.SENDING, claimed_at__lt=stale),
        cycle_id__in=closed,
    ).update(
        status=Reminder.Status.MISSED,
        note=_("The session opened before it was sent."),
        updated_at=now,
    )


def requeue_stale(
    *,
    today: datetime.date,
    now: datetime.datetime | None = None,
    cycles: dict[int, ReportingCycle] | None = None,
    member_state: MemberState | None = None,
) -> list[int]:
    """Rows a lost worker left behind, put back for sending. Returns their ids.

    A row still ``sending`` after the send task's hard time limit (plus a margin) belongs to a
    worker that died: Celery's own redelivery would wait for the broker's visibility timeout
    (an hour on Redis). A row ``scheduled`` that made no progress for as long lost its
    message. Re-enqueueing is safe: the claim lets one task through.
    """
    now = now or timezone.now()
    cycles = reporting_cycles() if cycles is None else cycles
    active_ids = [c.opening.pk for c in cycles_with_due_steps(today, cycles)]
    if not active_ids:
        return []
    cutoff = now - datetime.timedelta(seconds=settings.REMINDER_STALE_AFTER_SECONDS)
    rows = Reminder.objects.filter(cycle_id__in=active_ids, due_on__lte=today).exclude(
        Exists(
            ReminderPause.objects.filter(
                member_state_id=OuterRef("member_state_id"), cycle_id=OuterRef("cycle_id")
            )
        )
    )
    if member_state is not None:
        rows = rows.filter(member_state=member_state)
    lost = list(
        rows.filter(status=Reminder.Status.SENDING, claimed_at__lt=cutoff).values_list(
            "id", flat=True
        )
    )
    # RESIDUAL DUPLICATE RISK: a worker that died after the SMTP server accepted the message
    # but before it marked the row sent leaves it "sending"; re-queued here, the state gets
    # that reminder a second time. The window is one SMTP round trip plus one UPDATE; the
    # fixed Message-ID (see send_reminder) lets mail servers and clients fold the copies.
    if lost:
        Reminder.objects.filter(
            pk__in=lost, status=Reminder.Status.SENDING, claimed_at__lt=cutoff
        ).update(
            status=Reminder.Status.SCHEDULED,
            last_error=_("The worker sending it was lost; queued again."),
            updated_at=now,
        )
    idle = list(
        rows.filter(status=Reminder.Status.SCHEDULED, updated_at__lt=cutoff).values_list(
            "id", flat=True
        )
    )
    if idle:
        # Touched so the next run re-queues it only if it stays idle for another period.
        Reminder.objects.filter(pk__in=idle, status=Reminder.Status.SCHEDULED).update(
            updated_at=now
        )
    return sorted(set(lost) | set(idle))


def enqueue_sends(reminder_ids: Iterable[int]) -> None:
    """One send task per row, once the rows are committed (a task must find its row)."""
    for reminder_id in sorted(reminder_ids):
        # robust: without a broker the task runs in-process; one failing mail must not stop
        # the others being queued.
        enqueue_on_commit("resolutions.tasks.send_reminder_task", reminder_id=reminder_id)


# --- The secretariat's actions ----------------------------------------------------------------


def pause_reminders(
    *, member_state: MemberState, cycle: Session, by, reason: str = ""
) -> ReminderPause:
    """Hold a state's reminders for a cycle; rows already scheduled stay scheduled."""
    pause, created = ReminderPause.objects.get_or_create(
        member_state=member_state,
        cycle=cycle,
        defaults={"paused_by": by, "reason": reason[:255]},
    )
    if not created and reason and pause.reason != reason:
        pause.reason = reason[:255]
        pause.save(update_fields=["reason"])
    return pause


def resume_reminders(
    *, member_state: MemberState, cycle: Session, by, today: datetime.date | None = None
) -> PlanResult | None:
    """Lift the pause and re-plan the state now: its latest due step goes out, not a burst."""
    today = today or timezone.localdate()
    with transaction.atomic():
        deleted, _detail = ReminderPause.objects.filter(
            member_state=member_state, cycle=cycle
        ).delete()
        if not deleted:
            return None
        result = plan_reminders(today=today, member_state=member_state)
        # Rows scheduled before the pause made no progress during it: send the due one now.
        waiting = Reminder.objects.filter(
            member_state=member_state,
            cycle=cycle,
            status=Reminder.Status.SCHEDULED,
            due_on__lte=today,
        ).values_list("id", flat=True)
        enqueue_sends(set(waiting) - set(result.enqueued) - set(result.requeued))
    return result


@transaction.atomic
def set_reminders_paused(
    *, member_states: Iterable[MemberState], cycle: Session, paused: bool, by, reason: str = ""
) -> int:
    """Pause or resume several states at once (the schedule's bulk action); returns how many
    changed. Each state goes through the same service as its own button."""
    changed = 0
    for state in member_states:
        if paused:
            existed = ReminderPause.objects.filter(member_state=state, cycle=cycle).exists()
            pause_reminders(member_state=state, cycle=cycle, by=by, reason=reason)
            changed += not existed
        else:
            changed += resume_reminders(member_state=state, cycle=cycle, by=by) is not None
    return changed


def send_reminder_now(
    *, member_state: MemberState, cycle: Session, by, today: datetime.date | None = None
) -> Reminder:
    """Queue the reminder of today's step for one state, through the same ledger row.

    The row for (state, cycle, step) is the lock: once it is sent or being sent, pressing
    again refuses instead of writing twice.
    """
    today = today or timezone.localdate()
    reporting = ReportingCycle.starting_at(cycle)
    step = step_for_today(reporting, today)
    if step is None:
        raise ReminderError(_("The next session has opened or has no date: nothing to send."))
    if ReminderPause.objects.filter(member_state=member_state, cycle=cycle).exists():
        raise ReminderError(_("Reminders to this state are paused. Resume them first."))
    if not outstanding_for(member_state, reporting):
        raise ReminderError(_("This state has nothing missing: no reminder is needed."))
    if not has_main_focal_point(focal_points_by_state([member_state.pk])[member_state.pk]):
        raise ReminderError(_("This state has no active main focal point to write to."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder, _created = Reminder.objects.get_or_create(
                    member_state=member_state,
                    cycle=cycle,
                    step=step,
                    defaults={
                        "due_on": step_dates(reporting)[step],
                        "requested_by": by,
                        "late": False,
                    },
                )
        except IntegrityError:  # the planner wrote it a moment ago
            reminder = Reminder.objects.get(member_state=member_state, cycle=cycle, step=step)
        reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if reminder.status in (Reminder.Status.SENT, Reminder.Status.SENDING):
            raise ReminderError(
                _("The %(step)s-day reminder has already been sent or is being sent.")
                % {"step": step}
            )
        reminder.status = Reminder.Status.SCHEDULED
        reminder.requested_by = by
        reminder.note = ""
        reminder.save(update_fields=["status", "requested_by", "note", "updated_at"])
        enqueue_sends([reminder.pk])
    return reminder


@dataclass
class BulkSend:
    queued: list[Reminder] = field(default_factory=list)
    refused: list[tuple[MemberState, str]] = field(default_factory=list)


def send_reminders_now(
    *,
    member_states: Iterable[MemberState],
    cycle: Session,
    by,
    today: datetime.date | None = None,
) -> BulkSend:
    """ "Remind these states": send_reminder_now for each, through the same ledger rows, so
    a state already reminded at this step is refused (and said so), never written twice."""
    result = BulkSend()
    for state in member_states:
        try:
            result.queued.append(
                send_reminder_now(member_state=state, cycle=cycle, by=by, today=today)
            )
        except ReminderError as exc:
            result.refused.append((state, str(exc)))
    return result
