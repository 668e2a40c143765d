"""A database the size of the UN for benchmarks: member states, sessions, resolutions with
realistic paragraphs, dated treaty statuses, responses in every status, and reminders.

Deterministic for a seed (the same rows, ids included, on every run into an empty database);
written with bulk inserts in one transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime
import itertools
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from memberstates.models import FocalPoint, MemberState, Treaty, TreatyStatus

from ..models import (
    AgendaItem,
    Paragraph,
    Reminder,
    Resolution,
    Response,
    Session,
    Topic,
)
from .obligations import rebuild_obligations
from .reference import load_reference_data

BATCH = 5000
SECOND_TREATY = "CRPD"

TOPICS = (
    "Law of the Sea",
    "Legal Protection of Migrant Workers",
    "International Law in Cyberspace",
    "Environment and Sustainable Development",
    "Deportation of Palestinians and Other Israeli Practices",
    "Violent Extremism and Terrorism",
    "International Criminal Court: Recent Developments",
    "International Trade and Investment Law",
    "Statelessness",
    "Status and Treatment of Refugees",
    "Report on the Work of the International Law Commission",
    "Peaceful Settlement of International Disputes",
    "Immunity of State Officials from Foreign Criminal Jurisdiction",
    "Protection of the Atmosphere",
    "International Law Applicable to Artificial Intelligence",
    "Sea-level Rise in relation to International Law",
    "Universal Jurisdiction",
    "Trafficking in Persons",
    "Mutual Legal Assistance in Criminal Matters",
    "Extraterritorial Application of National Legislation",
    "Arbitration and Alternative Dispute Resolution",
    "Legal Aspects of Biological Diversity",
)

_TENS = {2: "Twenty", 3: "Thirty", 4: "Forty", 5: "Fifty", 6: "Sixty", 7: "Seventy"}
_TENS.update({8: "Eighty", 9: "Ninety"})
_UNITS: tuple[str, ...] = ("", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh")
_UNITS += ("Eighth", "Ninth")
_TENTHS = {2: "Twentieth", 3: "Thirtieth", 4: "Fortieth", 5: "Fiftieth", 6: "Sixtieth"}
_TENTHS.update({7: "Seventieth", 8: "Eightieth", 9: "Ninetieth"})


def ordinal_words(n: int) -> str:
    """53 -> "Fifty-Third", 60 -> "Sixtieth" (20 to 99, as session numbers are written)."""
    tens, units = divmod(n, 10)
    if tens not in _TENS:
        return f"{n}th"
    return _TENTHS[tens] if units == 0 else f"{_TENS[tens]}-{_UNITS[units]}"


_SYLLABLES: tuple[str, ...] = (
    "ka",
    "lo",
    "mar",
    "ven",
    "tor",
    "si",
    "nu",
    "bel",
    "ra",
    "do",
    "que",
    "zan",
)
_SYLLABLES += ("li", "sor", "pe", "ta", "vi", "gal", "mo", "ren", "an", "esh", "ol", "ur")
_FORMS = ("Republic of", "Kingdom of", "Federal Republic of", "", "", "", "State of")

_PREAMBLE = (
    "Having considered the Secretariat Document No. {document}",
    "Recognizing the importance of {topic_lc} for the Member States of the Organization",
    "Noting with appreciation the introductory statement of the Deputy Secretary-General",
    "Acknowledging the views expressed by Member States during the deliberations at the "
    "{ordinal} Annual Session",
    "Recalling its resolution on the item adopted at the previous session",
    "Mindful of the need to strengthen cooperation among Member States on {topic_lc}",
)
_REPORTING = (
    "Requests Member States to provide the Secretariat with information on the legislation, "
    "practice and measures they have adopted on {topic_lc}, before the {next_ordinal} Annual "
    "Session",
    "Urges Member States to take effective measures at the national level to implement the "
    "recommendations on {topic_lc} and to report on the steps taken",
    "Calls upon Member States to share their national experiences and best practices on "
    "{topic_lc} with the Secretariat",
    "Invites Member States to submit their comments and observations on the draft guidelines "
    "on {topic_lc} to the Secretariat",
)
_ICMW = (
    "Encourages Member States that have not yet done so to consider ratifying or acceding to "
    "the International Convention on the Protection of the Rights of All Migrant Workers and "
    "Members of Their Families (ICMW 1990)"
)
_SECOND = (
    "Encourages Member States that have not yet done so to consider becoming parties to the "
    "Convention on the Rights of Persons with Disabilities (CRPD)"
)
_OTHER = (
    "Reaffirms the importance of {topic_lc} for the Member States of the Organization",
    "Requests the Secretariat to continue to monitor developments on {topic_lc} and to "
    "prepare a study for the next session",
    "Directs the Secretariat to organise, in consultation with a Member State, a meeting of "
    "legal experts on {topic_lc}",
    "Expresses its appreciation to the Secretary-General for the report on {topic_lc}",
    "Welcomes the cooperation between the Secretariat and the United Nations on {topic_lc}",
)
_AGENDA = (
    "Decides to place this item on the provisional agenda of its {next_ordinal} Annual Session"
)

_NARRATIVE_OPENING = (
    "The Ministry of Foreign Affairs, in consultation with the Ministry of Justice, reports",
    "The Government informs the Secretariat",
    "The Permanent Mission in New Delhi conveys",
    "Following an inter-ministerial consultation, the Government reports",
)
_NARRATIVE_BODY = (
    "that a draft law on {topic_lc} was submitted to Parliament and is under examination by "
    "the competent committee.",
    "that the national action plan on {topic_lc} was adopted by the Council of Ministers and "
    "a monitoring body was established.",
    "that training programmes for judges, prosecutors and officials were held on {topic_lc} "
    "in cooperation with regional partners.",
    "that the question of accession is under consideration by the inter-ministerial "
    "committee on treaties.",
    "that implementing regulations were issued and published in the Official Gazette.",
    "that a bilateral agreement with neighbouring States was concluded in this field.",
)
_NARRATIVE_CLOSING = (
    " Statistics for the reporting period are attached.",
    " The Government remains ready to share further information at the next session.",
    "",
    " A copy of the relevant legislation is available on request.",
)


@dataclass
class BenchDataReport:
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return ", ".join(f"{n:,} {name}" for name, n in self.counts.items())


class BenchDataError(Exception):
    pass


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, span))


def _aware(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.randint(8, 18), rng.randint(0, 59)))
    )


def generate_bench_data(
    *,
    states: int = 193,
    sessions: int = 10,
    resolutions_per_session: int = 20,
    seed: int = 13,
    log: Callable[[str], None] = lambda message: None,
) -> BenchDataReport:
    """Grow the database to `states` member states and `sessions` sessions with resolutions.

    The reference data (AALCO's 47 states, its sessions, the ICMW) is loaded first when
    missing; extra fictional states make up the number. Refuses to run twice on the same
    database (the generated symbols would clash): use a fresh one.
    """
    if states < 1 or sessions < 1 or resolutions_per_session < 1:
        raise BenchDataError("--states, --sessions and --resolutions-per-session must be positive.")
    rng = random.Random(seed)
    report = BenchDataReport()
    with transaction.atomic():
        if not Session.objects.exists():
            load_reference_data()
        from .demo import load_demo_accounts

        load_demo_accounts()
        all_states = _member_states(rng, states, report)
        treaties = _treaties(rng, all_states, report)
        chosen = _sessions(sessions, report)
        if Resolution.objects.filter(
            session__in=chosen, symbol__in=_symbols(chosen, resolutions_per_session)
        ).exists():
            raise BenchDataError("Benchmark data is already here: generate into a fresh database.")
        log("states, treaties and sessions ready")
        paragraphs = _resolutions(rng, chosen, resolutions_per_session, treaties, report)
        log(f"{report.counts['paragraphs']:,} paragraphs written")
        users = _focal_points(all_states, report)
        _responses(rng, paragraphs, all_states, treaties, users, report)
        log(f"{report.counts['responses']:,} responses written")
        _reminders(rng, chosen, all_states, users, report)
        report.counts["obligations"] = rebuild_obligations()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Autovacuum may be off: without fresh statistics the first plans are wrong.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return report


def _topic_name(resolution: Resolution) -> str:
    """Generated resolutions always have a work-programme item; the title otherwise."""
    return resolution.topic.name if resolution.topic else resolution.title


def _member_states(rng: random.Random, wanted: int, report: BenchDataReport) -> list[MemberState]:
    existing = list(MemberState.objects.order_by("pk"))
    taken2 = {s.iso2 for s in existing}
    taken3 = {s.iso3 for s in existing}
    names = {s.name for s in existing}
    new: list[MemberState] = []
    codes = (chr(65 + a) + chr(65 + b) for a in range(26) for b in range(26))
    while len(existing) + len(new) < wanted:
        iso2 = next(codes)
        iso3 = "X" + iso2
        if iso2 in taken2 or iso3 in taken3:
            continue
        while True:
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            name = f"{rng.choice(_FORMS)} {stem}".strip()
            if name not in names:
                break
        names.add(name)
        new.append(
            MemberState(
                name=name,
                iso2=iso2,
                iso3=iso3,
                joined_year=rng.randint(1956, 2020),
                region=rng.choice(("asia", "africa")),
                source="Fictional member state made by generate_bench_data.",
            )
        )
    if new:
        bulk_create_with_history(new, MemberState, batch_size=BATCH)
    report.counts["member states"] = len(existing) + len(new)
    return list(MemberState.objects.order_by("pk"))


def _treaties(
    rng: random.Random, states: list[MemberState], report: BenchDataReport
) -> dict[str, Treaty]:
    icmw = Treaty.objects.get(short_name="ICMW")
    crpd, _created = Treaty.objects.get_or_create(
        short_name=SECOND_TREATY,
        defaults={
            "title": "Convention on the Rights of Persons with Disabilities",
            "aliases": ["CRPD", "Convention on the Rights of Persons with Disabilities"],
            "adopted_on": datetime.date(2006, 12, 13),
            "entry_into_force": datetime.date(2008, 5, 3),
            "untc_reference": "IV-15",
        },
    )
    have = set(TreatyStatus.objects.values_list("member_state_id", "treaty_id"))
    rows = []
    for state in states:
        for treaty, party_share, opened in ((icmw, 0.3, 1991), (crpd, 0.7, 2007)):
            if (state.pk, treaty.pk) in have:
                continue
            roll = rng.random()
            signature = consent = None
            consent_type = ""
            if roll < party_share:
                consent = _day_between(
                    rng, datetime.date(opened, 1, 1), datetime.date(2025, 12, 31)
                )
                if rng.random() < 0.5:
                    signature = _day_between(rng, datetime.date(opened, 1, 1), consent)
                    consent_type = TreatyStatus.ConsentType.RATIFICATION
                else:
                    consent_type = TreatyStatus.ConsentType.ACCESSION
            elif roll < party_share + 0.1:
                signature = _day_between(
                    rng, datetime.date(opened, 1, 1), datetime.date(2025, 12, 31)
                )
            rows.append(
                TreatyStatus(
                    member_state=state,
                    treaty=treaty,
                    signature_date=signature,
                    consent_date=consent,
                    consent_type=consent_type,
                    source="generate_bench_data",
                )
            )
    bulk_create_with_history(rows, TreatyStatus, batch_size=BATCH)
    report.counts["treaty statuses"] = TreatyStatus.objects.count()
    return {"ICMW": icmw, SECOND_TREATY: crpd}


def _sessions(wanted: int, report: BenchDataReport) -> list[Session]:
    """The latest `wanted` sessions, adding dated ones after the last when there are fewer."""
    chosen = list(Session.objects.order_by("-number")[:wanted])[::-1]
    last = chosen[-1] if chosen else None
    while len(chosen) < wanted:
        number = last.number + 1 if last else 1
        year = last.year + 1 if last else 2000
        start = datetime.date(year, 9, 8)
        last = Session.objects.create(
            number=number,
            year=year,
            city="New Delhi",
            country="India",
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            source="generate_bench_data",
        )
        chosen.append(last)
    report.counts["sessions"] = len(chosen)
    return chosen


def _symbol(session: Session, k: int) -> str:
    return f"AALCO/RES/{session.number}/S {k}"


def _symbols(sessions: list[Session], per_session: int) -> list[str]:
    return [_symbol(s, k) for s in sessions for k in range(1, per_session + 1)]


def _resolutions(
    rng: random.Random,
    sessions: list[Session],
    per_session: int,
    treaties: dict[str, Treaty],
    report: BenchDataReport,
) -> list[Paragraph]:
    topics = _topics()
    resolutions = [
        _resolution(rng, session, k, topics[TOPICS[(k - 1) % len(TOPICS)]])
        for session in sessions
        for k in range(1, per_session + 1)
    ]
    Resolution.objects.bulk_create(resolutions, batch_size=BATCH)
    paragraphs: list[Paragraph] = []
    links: list[tuple[int, int]] = []  # (paragraph index, treaty id)
    for resolution in resolutions:
        for paragraph, cited in _paragraphs(rng, resolution, treaties):
            paragraphs.append(paragraph)
            links.extend((len(paragraphs) - 1, t.pk) for t in cited)
    Paragraph.objects.bulk_create(paragraphs, batch_size=BATCH)
    through = Paragraph.treaties.through
    through.objects.bulk_create(
        [through(paragraph_id=paragraphs[i].pk, treaty_id=t) for i, t in links], batch_size=BATCH
    )
    items = _agenda_items(sessions, resolutions)
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    report.counts["resolutions"] = len(resolutions)
    report.counts["paragraphs"] = len(paragraphs)
    report.counts["agenda items"] = len(items)
    return [p for p in paragraphs if p.requests_report]


def _topics() -> dict[str, Topic]:
    topics = {t.name: t for t in Topic.objects.all()}
    missing = [Topic(name=name, slug=name.lower().replace(" ", "-")[:255]) for name in TOPICS]
    Topic.objects.bulk_create([t for t in missing if t.name not in topics])
    return {t.name: t for t in Topic.objects.filter(name__in=TOPICS)}


def _resolution(rng: random.Random, session: Session, k: int, topic: Topic) -> Resolution:
    return Resolution(
        symbol=_symbol(session, k),
        session=session,
        topic=topic,
        title=topic.name.upper(),
        adopted_on=session.end_date or session.opens_on,
        deliberated=rng.random() < 0.7,
        secretariat_document=f"AALCO/{session.number}/{session.city.upper()}/{session.year}/S {k}",
    )


def _paragraphs(
    rng: random.Random, resolution: Resolution, treaties: dict[str, Treaty]
) -> list[tuple[Paragraph, list[Treaty]]]:
    """Four preambular paragraphs, then eight operative ones, each with the treaties it cites."""
    number = resolution.session.number
    words = {
        "topic_lc": _topic_name(resolution)[0].lower() + _topic_name(resolution)[1:],
        "document": resolution.secretariat_document,
        "ordinal": ordinal_words(number),
        "next_ordinal": ordinal_words(number + 1),
    }
    out: list[tuple[Paragraph, list[Treaty]]] = []
    for text in rng.sample(_PREAMBLE, 4):
        out.append(
            (
                Paragraph(
                    resolution=resolution,
                    kind=Paragraph.Kind.PREAMBULAR,
                    order=len(out) + 1,
                    verb=text.split(" the ")[0].split(" ")[0],
                    text=text.format(**words) + ",",
                ),
                [],
            )
        )
    plan = _operative_plan(rng)
    for n, (role, text) in enumerate(plan, start=1):
        cited = [
            t
            for t, mark in ((treaties["ICMW"], "ICMW"), (treaties[SECOND_TREATY], "CRPD"))
            if f"({mark}" in text
        ]
        paragraph = Paragraph(
            resolution=resolution,
            kind=Paragraph.Kind.OPERATIVE,
            number=n,
            order=len(out) + 1,
            verb=text.split(" ")[0] if not text.startswith("Calls upon") else "Calls upon",
            text=text.format(**words) + (";" if n < len(plan) else "."),
            requests_report=role == "ask",
            addressees=_addressees(role, cited),
            carries_to_session=number + 1 if role == "agenda" else None,
        )
        out.append((paragraph, cited))
    return out


def _operative_plan(rng: random.Random) -> list[tuple[str, str]]:
    """Eight operative paragraphs: four ask states to report (sometimes the ICMW's or the
    second treaty's non-parties), three ask nothing of states, the last carries the item."""
    asking = rng.sample(_REPORTING, 4)
    if rng.random() < 0.4:
        asking[3] = _ICMW
    if rng.random() < 0.2:
        asking[2] = _SECOND
    plan = [("ask", t) for t in asking] + [("other", t) for t in rng.sample(_OTHER, 3)]
    rng.shuffle(plan)
    plan.append(("agenda", _AGENDA))
    return plan


def _addressees(role: str, cited: list[Treaty]) -> str:
    if role != "ask":
        return Paragraph.Addressees.NONE
    return Paragraph.Addressees.NON_PARTIES if cited else Paragraph.Addressees.ALL


def _agenda_items(sessions: list[Session], resolutions: list[Resolution]) -> list[AgendaItem]:
    """Each session's agenda carries every resolution of the session before it."""
    items = []
    for later in sessions[1:]:
        earlier = next(s for s in sessions if s.number == later.number - 1)
        carried = [r for r in resolutions if r.session_id == earlier.pk]
        items += [
            AgendaItem(
                session=later,
                kind=AgendaItem.Kind.CARRIED,
                position=position,
                title=_topic_name(resolution),
                topic=resolution.topic,
                source_resolution=resolution,
                secretariat_document=f"AALCO/{later.number}/{later.year}/"
                f"{resolution.symbol.rsplit('/', 1)[-1]}",
            )
            for position, resolution in enumerate(carried, start=1)
        ]
    return items


def _focal_points(states: list[MemberState], report: BenchDataReport) -> dict[int, int]:
    """A main focal point for every state that has none; returns state id -> user id."""
    User = get_user_model()
    have = dict(
        FocalPoint.objects.filter(is_active=True, role=FocalPoint.Role.MAIN).values_list(
            "member_state_id", "user_id"
        )
    )
    missing = [s for s in states if s.pk not in have]
    users = [
        User(email=f"focal.{s.iso3.lower()}@bench.example", name=f"Focal Point, {s.name}")
        for s in missing
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=BATCH)
    users = list(User.objects.filter(email__in=[u.email for u in users]).order_by("email"))
    by_email = {u.email: u for u in users}
    points = [
        FocalPoint(
            user=by_email[f"focal.{s.iso3.lower()}@bench.example"],
            member_state=s,
            role=FocalPoint.Role.MAIN,
            position="Legal Adviser, Ministry of Foreign Affairs",
            preferred_language=FocalPoint.Language.ENGLISH,
        )
        for s in missing
    ]
    bulk_create_with_history(points, FocalPoint, batch_size=BATCH)
    have.update({p.member_state_id: p.user_id for p in points})
    report.counts["focal points"] = len(have)
    return have


_CLOSED_MIX = (("accepted", 0.70), ("submitted", 0.10), ("clarification", 0.08), ("draft", 0.12))
_OPEN_MIX = (("draft", 0.35), ("submitted", 0.35), ("clarification", 0.10), ("accepted", 0.20))


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, share in mix:
        total += share
        if roll < total:
            return value
    return mix[-1][0]


def _responses(
    rng: random.Random,
    paragraphs: list[Paragraph],
    states: list[MemberState],
    treaties: dict[str, Treaty],
    users: dict[int, int],
    report: BenchDataReport,
) -> None:
    sessions = {s.pk: s for s in Session.objects.all()}
    ordered = sorted(sessions.values(), key=lambda s: s.number)
    next_of = {s.pk: ordered[i + 1] for i, s in enumerate(ordered[:-1])}
    consent: dict[tuple[int, int], datetime.date] = {
        (s, t): d
        for s, t, d in TreatyStatus.objects.filter(consent_date__isnull=False).values_list(
            "member_state_id", "treaty_id", "consent_date"
        )
        if d is not None
    }
    cited: dict[int, list[int]] = {}
    for p_id, t_id in Paragraph.treaties.through.objects.filter(
        paragraph_id__in=[p.pk for p in paragraphs]
    ).values_list("paragraph_id", "treaty_id"):
        cited.setdefault(p_id, []).append(t_id)
    writer = _ResponseWriter(
        rng=rng,
        users=users,
        officer=get_user_model().objects.filter(is_staff=True).order_by("pk").first(),
    )
    for paragraph in paragraphs:
        resolution = paragraph.resolution
        session = sessions[resolution.session_id]
        cycle = _BenchCycle(
            session=session,
            is_open=session.pk == ordered[-1].pk,
            start=resolution.adopted_on + datetime.timedelta(days=20),
            end=_reporting_end(session, next_of.get(session.pk)),
        )
        for state in states:
            dates = [d for t in cited.get(paragraph.pk, []) if (d := consent.get((state.pk, t)))]
            if (
                paragraph.addressees == Paragraph.Addressees.NON_PARTIES
                and dates
                and min(dates) <= resolution.adopted_on
            ):
                continue  # a party when the resolution was adopted: not addressed
            if rng.random() >= (0.45 if cycle.is_open else 0.68):
                continue
            writer.add(paragraph, state, cycle, cites_treaty=bool(cited.get(paragraph.pk)))
    writer.flush()
    report.counts["responses"] = writer.written


def _reporting_end(session: Session, closing: Session | None) -> datetime.date:
    """The last day of reporting: the deadline before the next session, else ~11 months."""
    if closing and closing.start_date:
        return closing.start_date - datetime.timedelta(days=settings.REPORTING_DEADLINE_DAYS)
    return session.opens_on + datetime.timedelta(days=330)


@dataclass(frozen=True)
class _BenchCycle:
    session: Session
    is_open: bool
    start: datetime.date  # reports come from 20 days after adoption
    end: datetime.date


class _ResponseWriter:
    """Makes the fictional responses and writes them in batches."""

    def __init__(self, *, rng: random.Random, users: dict[int, int], officer: Any) -> None:
        self.rng = rng
        self.users = users
        self.officer = officer
        self.actions = [a for a, _label in Response.TreatyAction.choices]
        self.batch: list[Response] = []
        self.written = 0

    def add(
        self, paragraph: Paragraph, state: MemberState, cycle: _BenchCycle, *, cites_treaty: bool
    ) -> None:
        rng = self.rng
        status = _pick(rng, _OPEN_MIX if cycle.is_open else _CLOSED_MIX)
        submitted = _day_between(rng, cycle.start, max(cycle.end, cycle.start))
        reviewed = submitted + datetime.timedelta(days=rng.randint(3, 40))
        user_id = self.users.get(state.pk)
        words = {"topic_lc": _topic_name(paragraph.resolution).lower()}
        narrative = " ".join(
            (
                rng.choice(_NARRATIVE_OPENING),
                rng.choice(_NARRATIVE_BODY).format(**words),
                rng.choice(_NARRATIVE_BODY).format(**words),
            )
        ) + rng.choice(_NARRATIVE_CLOSING)
        reviewed_status = status in ("accepted", "clarification")
        self.batch.append(
            Response(
                id=_uuid(rng),
                member_state_id=state.pk,
                paragraph_id=paragraph.pk,
                cycle_id=cycle.session.pk,
                status=status,
                narrative=narrative,
                measure_date=_day_between(rng, cycle.start, max(cycle.end, cycle.start))
                if rng.random() < 0.5
                else None,
                treaty_action=rng.choice(self.actions) if cites_treaty else "",
                review_comment=(
                    "Please say which law implements this paragraph and when it entered into force."
                    if status == Response.Status.CLARIFICATION_REQUESTED
                    else ""
                ),
                version=rng.randint(1, 4),
                created_by_id=user_id,
                updated_by_id=user_id,
                submitted_at=None if status == "draft" else _aware(submitted, rng),
                submitted_by_id=None if status == "draft" else user_id,
                reviewed_at=_aware(reviewed, rng) if reviewed_status else None,
                reviewed_by_id=self.officer.pk if self.officer and reviewed_status else None,
            )
        )
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        Response.objects.bulk_create(self.batch)
        self.written += len(self.batch)
        self.batch = []


_REMINDER_MIX = (("sent", 0.85), ("failed", 0.04), ("missed", 0.05), ("cancelled", 0.06))


def _reminders(
    rng: random.Random,
    sessions: list[Session],
    states: list[MemberState],
    users: dict[int, int],
    report: BenchDataReport,
) -> None:
    """Reminders of every closed cycle: the ledger a few years of planning leaves behind."""
    emails = dict(
        get_user_model().objects.filter(pk__in=list(users.values())).values_list("pk", "email")
    )
    steps = sorted({int(d) for d in settings.REMINDER_STEPS_DAYS}, reverse=True)
    rows = []
    for opening, closing in itertools.pairwise(sessions):
        if closing.start_date is None:
            continue
        for state in states:
            if rng.random() < 0.25:
                continue  # reported early: no reminder that cycle
            for step in steps:
                due = closing.start_date - datetime.timedelta(days=step)
                status = _pick(rng, _REMINDER_MIX)
                rows.append(
                    Reminder(
                        member_state=state,
                        cycle=opening,
                        step=step,
                        due_on=due,
                        status=status,
                        recipients=[emails.get(users.get(state.pk) or 0, "")],
                        subject=f"Reports due before the {ordinal_words(closing.number)} "
                        "Annual Session",
                        attempts=1 if status != "cancelled" else 0,
                        last_error="SMTP 451: try again later" if status == "failed" else "",
                        sent_at=_aware(due, rng) if status == "sent" else None,
                    )
                )
    Reminder.objects.bulk_create(rows, batch_size=BATCH)
    report.counts["reminders"] = len(rows)
