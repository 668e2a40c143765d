"""Annual sessions kept by the secretariat in the app: add, move, correct dates and venue.

A session's opening day is what every reporting cycle turns on: it closes the cycle opened
by the session before it (deadline and reminders are counted back from it). So a date in
the past is never saved silently: it would close that cycle at once. The year follows the
opening day unless given, so a session opening in January is not refused for "its" year.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Session
from ..models.history import record_baseline

#: Error code of a past opening day that was not confirmed: the form then offers the box.
PAST_UNCONFIRMED = "past_unconfirmed"


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


@transaction.atomic
def save_session(
    *,
    session: Session | None,
    number: int | None,
    year: int | None,
    city: str = "",
    country: str = "",
    start_date: datetime.date | None,
    end_date: datetime.date | None = None,
    confirm_past: bool = False,
    require_dates: bool = False,
    agenda_symbol: str | None = None,
    agenda_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Session:
    """Create (``session=None``) or correct a session; ValidationError by field otherwise.

    An existing session keeps its number: renumbering would rewrite every cycle.
    """
    today = today or timezone.localdate()
    if session is not None:
        number = session.number
    year = _check_fields(
        session=session,
        number=number,
        year=year,
        start_date=start_date,
        end_date=end_date,
        require_dates=require_dates,
    )
    assert number is not None  # _check_fields refuses a missing number
    if start_date is not None:
        _check_calendar(
            session=session,
            number=number,
            start_date=start_date,
            end_date=end_date,
            confirm_past=confirm_past,
            today=today,
        )

    if session is not None:
        record_baseline([session], reason="before the correction")
    session = session or Session(number=number)
    session.year = year
    session.city = city.strip()
    session.country = country.strip()
    session.start_date = start_date
    session.end_date = end_date
    if agenda_symbol is not None:  # the cover of the agenda, set from the sessions page
        session.agenda_symbol = agenda_symbol.strip()
        session.agenda_date = agenda_date
    _save_unique(session)
    return session


def _save_unique(session: Session) -> None:
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        # Someone saved the same session number a moment ago.
        raise ValidationError(
            {"number": _("Session %(number)s already exists.") % {"number": session.number}}
        ) from None


def _check_fields(
    *,
    session: Session | None,
    number: int | None,
    year: int | None,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    require_dates: bool,
) -> int:
    """Each field on its own and the dates together; the session's year (the opening day's)."""
    errors: dict[str, str | ValidationError] = {}
    if number is None or number < 1:
        errors["number"] = _("Enter the session's number, e.g. 64.")
    elif session is None and Session.objects.filter(number=number).exists():
        errors["number"] = _("Session %(number)s already exists.") % {"number": number}
    if start_date is None and require_dates:
        errors["start_date"] = _("Enter the opening day.")
    if end_date is not None and start_date is None:
        errors["start_date"] = _("Enter the opening day as well as the closing day.")
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("The closing day must be on or after the opening day.")
    if start_date is not None:
        if year is not None and year != start_date.year:
            errors["year"] = _(
                "The opening day, %(date)s, falls in %(actual)s: correct the year or leave it "
                "empty."
            ) % {"date": _day(start_date), "actual": start_date.year}
        year = start_date.year
    elif year is None:
        errors["year"] = _("Enter the year, or the opening day.")
    if errors:
        raise ValidationError(errors)
    assert year is not None
    return year


def _check_calendar(
    *,
    session: Session | None,
    number: int,
    start_date: datetime.date,
    end_date: datetime.date | None,
    confirm_past: bool,
    today: datetime.date,
) -> None:
    """Between its neighbours, and a past opening day only once confirmed."""
    errors: dict[str, str | ValidationError] = {}
    previous = Session.objects.filter(number__lt=number).order_by("-number").first()
    following = Session.objects.filter(number__gt=number).order_by("number").first()
    _check_order(errors, number, start_date, end_date or start_date, previous, following)
    moved = session is None or session.start_date != start_date
    if moved and start_date < today and not confirm_past and "start_date" not in errors:
        errors["start_date"] = ValidationError(
            _past_opening_message(start_date, previous), code=PAST_UNCONFIRMED
        )
    if errors:
        raise ValidationError(errors)


def _past_opening_message(start_date: datetime.date, previous: Session | None) -> str:
    if previous is not None:
        return _(
            "%(date)s is in the past. Saved, it closes the reporting cycle opened by the "
            "%(previous)s session at once: its reports become late and no reminder "
            "goes out. Confirm below only if the session did open that day."
        ) % {"date": _day(start_date), "previous": previous.ordinal}
    return _("%(date)s is in the past. Confirm below only if the session did open that day.") % {
        "date": _day(start_date)
    }


def _check_order(
    errors: dict,
    number: int,
    start: datetime.date,
    end: datetime.date,
    previous: Session | None,
    following: Session | None,
) -> None:
    """Sessions follow their numbers: after the previous one closed, before the next opens."""
    if previous is not None:
        closed = previous.end_date or previous.start_date
        if closed is not None and start <= closed:
            errors["start_date"] = _(
                "Session %(number)s must open after the %(previous)s session (%(date)s)."
            ) % {"number": number, "previous": previous.ordinal, "date": _day(closed)}
    if following is not None and following.start_date is not None and end >= following.start_date:
        errors.setdefault(
            "start_date",
            _("Session %(number)s must close before the %(next)s session opens (%(date)s).")
            % {"number": number, "next": following.ordinal, "date": _day(following.start_date)},
        )
