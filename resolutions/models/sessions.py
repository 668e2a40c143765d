from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext_lazy as _

from .history import CorrectionHistory


class Topic(models.Model):
    """An item of AALCO's work programme that comes back session after session."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("work programme item")
        verbose_name_plural = _("work programme items")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:255]
        super().save(*args, **kwargs)


class SessionQuerySet(models.QuerySet["Session"]):
    def after(self, session: Session) -> SessionQuerySet:
        return self.filter(number__gt=session.number).order_by("number")


class Session(models.Model):
    """An annual session; each one opens a reporting cycle that closes at the next one."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    start_date = models.DateField(_("opening day"), null=True, blank=True)
    end_date = models.DateField(_("closing day"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    # The cover of the session's provisional agenda with its follow-up annex.
    agenda_symbol = models.CharField(
        _("document symbol of the provisional agenda"), max_length=200, blank=True
    )
    agenda_date = models.DateField(
        _("date of the provisional agenda"),
        null=True,
        blank=True,
        help_text=_("Empty: the day it is printed, or the opening day once the session opened."),
    )

    objects = SessionQuerySet.as_manager()
    #: Dates and venues are corrected in the app: every version is kept.
    history = CorrectionHistory()

    class Meta:
        ordering = ["number"]
        verbose_name = _("annual session")
        verbose_name_plural = _("annual sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="session_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
        ]

    def __str__(self) -> str:
        place = ", ".join(p for p in (self.city, self.country) if p)
        return (
            f"{self.ordinal} Annual Session ({place}, {self.year})"
            if place
            else (f"{self.ordinal} Annual Session ({self.year})")
        )

    @property
    def ordinal(self) -> str:
        """The session's number as an ordinal in the active language: "53rd", "53e",
        "الـ53" (sentences put it where their language wants it)."""
        return ordinal_number(self.number)

    @property
    def opens_on(self) -> datetime.date:
        """The opening day, or 1 January of its year while the dates are unknown."""
        return self.start_date or datetime.date(self.year, 1, 1)

    def next_session(self) -> Session | None:
        return Session.objects.after(self).first()


def ordinal_number(n: int) -> str:
    language = (get_language() or "en").split("-")[0]
    if language == "fr":
        # "1re session", "2e session": a session is feminine.
        return "1re" if n == 1 else f"{n}e"
    if language == "ar":
        return f"الـ{n}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class ReportingCycle:
    """From one session to the next: derived from the sessions table, never stored twice."""

    opening: Session
    closing: Session | None

    @classmethod
    def starting_at(cls, session: Session) -> ReportingCycle:
        return cls(opening=session, closing=session.next_session())

    @property
    def deadline(self) -> datetime.date | None:
        """Reports are due some weeks before the next session opens."""
        if self.closing is None or self.closing.start_date is None:
            return None
        return self.closing.start_date - datetime.timedelta(days=settings.REPORTING_DEADLINE_DAYS)

    def is_closed(self, today: datetime.date) -> bool:
        return (
            self.closing is not None
            and self.closing.start_date is not None
            and today >= self.closing.start_date
        )

    def days_left(self, today: datetime.date) -> int | None:
        if self.closing is None or self.closing.start_date is None or self.is_closed(today):
            return None
        return (self.closing.start_date - today).days

    def __str__(self) -> str:
        closing = self.closing.number if self.closing else "?"
        # The arrow points the way the text reads: "52 → 53", right to left "52 ← 53".
        arrow = "←" if get_language_bidi() else "→"
        return f"{self.opening.number} {arrow} {closing}"
